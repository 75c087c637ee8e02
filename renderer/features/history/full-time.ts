/**
 * A commit's full date and time as `Date.prototype.toLocaleString()` writes it (the row's tooltip),
 * from one formatter made once: `toLocaleString()` builds a new Intl formatter on every call, which
 * in Chromium cost about 4 ms per row and was most of the history list's first render.
 * The options are the ones `toLocaleString()` uses when given none (ECMA-402: date and time, all numeric).
 */
let formatter: Intl.DateTimeFormat | undefined;

export function fullTime(seconds: number): string {
  formatter ??= new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return formatter.format(new Date(seconds * 1000));
}
