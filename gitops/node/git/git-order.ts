/**
 * Git orders paths and tree entries by their UTF-8 bytes. JavaScript compares strings by UTF-16
 * code units, which agrees except where one string has a character above U+FFFF (a surrogate pair,
 * D800-DFFF) and the other one from U+E000-U+FFFF at the same place: UTF-8 puts the first after,
 * UTF-16 before (git fsck: treeNotSorted). Only then does this look closer.
 */
const SURROGATE = /[\ud800-\udfff]/;

/** <0, 0 or >0 as `a` sorts before, with or after `b` in git's (UTF-8 byte) order. */
export function compareGitOrder(a: string, b: string): number {
  if (a === b) return 0;
  const native = a < b ? -1 : 1;
  if (!SURROGATE.test(a) && !SURROGATE.test(b)) return native;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length - b.length;
  const rank = (c: number) => (c >= 0xd800 && c <= 0xdfff ? c + 0x10000 : c);
  return rank(a.charCodeAt(i)) - rank(b.charCodeAt(i));
}

/** Whether `a` sorts before `b` in git's order. */
export function gitBefore(a: string, b: string): boolean {
  return compareGitOrder(a, b) < 0;
}
