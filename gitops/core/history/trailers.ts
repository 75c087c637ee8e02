/**
 * Commit message trailers as git reads them (`git interpret-trailers --parse`): the last paragraph
 * of the message, when it is a trailer block, gives `Key: value` pairs. Pure; no git binary.
 *
 * git's rules (trailer.c): the message ends before a `---` divider line and before trailing blank
 * and `#` comment lines; the first paragraph (the subject) is never trailers; the last paragraph is
 * a trailer block when every line is a trailer (or a continuation line starting with whitespace),
 * or when it holds a git-generated line (`Signed-off-by: `, `(cherry picked from commit `) and at
 * least a quarter of its lines are trailers. A trailer line is a token of letters, digits and `-`,
 * optional blanks, then `:`. Continuation lines are unfolded into one space.
 */

export interface Trailer {
  key: string;
  value: string;
}

const GIT_GENERATED = ['Signed-off-by: ', '(cherry picked from commit '];

/** Lines with their end-of-line kept, as git walks them. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl + 1;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f');
const isBlank = (line: string) => [...line].every((c) => isSpace(c));
const isComment = (line: string) => line.startsWith('#');

/** Where `Key:` ends (the index of the separator), or -1 when the line is no trailer. */
export function separatorAt(line: string): number {
  let whitespace = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ':') return i;
    if (!whitespace && /[A-Za-z0-9-]/.test(c)) continue;
    if (i !== 0 && (c === ' ' || c === '\t')) {
      whitespace = true;
      continue;
    }
    break;
  }
  return -1;
}

/** The lines of the message up to where git stops reading (divider, trailing blanks and comments). */
function messageLines(message: string): string[] {
  const lines = splitLines(message);
  let end = lines.findIndex((l) => l.startsWith('---') && isSpace(l[3]));
  if (end < 0) end = lines.length;
  while (end > 0 && (isBlank(lines[end - 1]!) || isComment(lines[end - 1]!))) end--;
  return lines.slice(0, end);
}

/** The index of the first line of the trailer block in `lines`, or -1 when there is none. */
function blockStart(lines: readonly string[]): number {
  let title = 0;
  while (title < lines.length && (isComment(lines[title]!) || !isBlank(lines[title]!))) title++;
  let onlySpaces = true;
  let recognized = false;
  let trailers = 0;
  let nonTrailers = 0;
  let continuations = 0;
  for (let i = lines.length - 1; i >= title; i--) {
    const line = lines[i]!;
    if (isComment(line)) {
      nonTrailers += continuations;
      continuations = 0;
      continue;
    }
    if (isBlank(line)) {
      if (onlySpaces) continue;
      nonTrailers += continuations;
      if (recognized && trailers * 3 >= nonTrailers) return i + 1;
      if (trailers && !nonTrailers) return i + 1;
      return -1;
    }
    onlySpaces = false;
    if (GIT_GENERATED.some((p) => line.startsWith(p))) {
      trailers++;
      continuations = 0;
      recognized = true;
      continue;
    }
    if (separatorAt(line) >= 1 && !isSpace(line[0])) {
      trailers++;
      continuations = 0;
    } else if (isSpace(line[0])) continuations++;
    else {
      nonTrailers += 1 + continuations;
      continuations = 0;
    }
  }
  return -1;
}

function unfold(value: string): string {
  return value.replace(/\n[ \t\n\r\v\f]*/g, ' ').trim();
}

/** The trailers of a commit message, in order, as `git interpret-trailers --parse` lists them. */
export function parseTrailers(message: string): Trailer[] {
  const lines = messageLines(message);
  const start = blockStart(lines);
  if (start < 0) return [];
  const out: Array<{ key: string; raw: string }> = [];
  let last: { key: string; raw: string } | undefined;
  for (const line of lines.slice(start)) {
    if (isComment(line)) continue;
    if (last && isSpace(line[0])) {
      last.raw += line;
      continue;
    }
    const sep = separatorAt(line);
    if (sep >= 1) {
      last = { key: line.slice(0, sep).trim(), raw: line.slice(sep + 1) };
      out.push(last);
    } else last = undefined;
  }
  return out.map((t) => ({ key: t.key, value: unfold(t.raw.replace(/\n$/, '')) }));
}

/** Whether the message ends in a trailer block (more trailers join it instead of a new paragraph). */
export function endsWithTrailers(message: string): boolean {
  return blockStart(messageLines(message)) >= 0;
}
