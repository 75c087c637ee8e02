/**
 * Where the cursor is in a spec file being typed: which field's value, and the part of the value
 * already typed. A line scan by indentation (block style, as Gantry writes specs), so it works on
 * text that does not parse yet (`region: ea` mid-word, `shard: ` with nothing after it).
 */

/** The value under (or being typed at) the cursor. */
export interface ValueCursor {
  /** Keys and list indexes from the document root: `['spec','placement','shard']`, `['spec','models',1]`. */
  path: Array<string | number>;
  /** The value as typed so far, up to the cursor (quotes left out). */
  prefix: string;
  /** The whole value token under the cursor. */
  value: string;
  /** Offsets of the value token in the text (what a completion replaces). */
  from: number;
  to: number;
}

const KEY_LINE = /^(\s*)(-\s+)?([A-Za-z0-9_.\/-]+)\s*:(?=\s|$)/;
const ITEM_LINE = /^(\s*)-(?:\s+|$)/;

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function meaningful(line: string): boolean {
  const t = line.trim();
  return t !== '' && !t.startsWith('#');
}

/**
 * The path of the block that holds content starting at column `col` on line `lineIndex`: the keys
 * of the enclosing key lines above, with the list index and the list's key for `- ` items.
 */
function parentPath(lines: readonly string[], lineIndex: number, col: number): Array<string | number> {
  const out: Array<string | number> = [];
  let need = col;
  for (let i = lineIndex - 1; i >= 0 && need > 0; i--) {
    const line = lines[i]!;
    if (!meaningful(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m) {
      if (ITEM_LINE.test(line) && indentOf(line) < need) return []; // a bare item holding a block: not a spec shape
      continue;
    }
    const dashCol = m[1]!.length;
    const keyCol = dashCol + (m[2]?.length ?? 0);
    if (keyCol > need || (keyCol === need && !m[2])) continue;
    // keyCol < need: this key holds the block; keyCol === need on a `- key:` line: a sibling in the same item.
    if (keyCol < need) out.unshift(m[3]!);
    if (!m[2]) {
      need = keyCol;
      continue;
    }
    out.unshift(itemIndex(lines, i, dashCol));
    const list = keyAbove(lines, i, dashCol);
    if (!list) return [];
    out.unshift(list.key);
    need = list.indent;
    i = list.line;
  }
  return out;
}

/** The key line above `lineIndex` with indent less than or equal to `dashIndent` (a list's key may sit at the dash's column). */
function keyAbove(lines: readonly string[], lineIndex: number, dashIndent: number): { key: string; indent: number; line: number } | undefined {
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!meaningful(line)) continue;
    const ind = indentOf(line);
    if (ind > dashIndent) continue;
    if (ind === dashIndent && ITEM_LINE.test(line)) continue;
    const m = KEY_LINE.exec(line);
    if (!m || m[2]) return undefined;
    return { key: m[3]!, indent: ind, line: i };
  }
  return undefined;
}

/** Index of the list item whose dash is on `lineIndex` at column `dashIndent`. */
function itemIndex(lines: readonly string[], lineIndex: number, dashIndent: number): number {
  let n = 0;
  for (let i = lineIndex - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (!meaningful(line)) continue;
    const ind = indentOf(line);
    if (ind < dashIndent) break;
    if (ind === dashIndent) {
      if (!ITEM_LINE.test(line)) break;
      n++;
    }
  }
  return n;
}

/** Strips a trailing comment and quotes from a value token; returns the token's bounds in `s`. */
function token(s: string, start: number): { from: number; to: number; text: string } {
  let i = start;
  while (i < s.length && s[i] === ' ') i++;
  if (i >= s.length || s[i] === '#') {
    // Nothing typed yet (maybe a comment after it): the value goes right after "key: ".
    const at = Math.min(start + 1, i);
    return { from: at, to: at, text: '' };
  }
  let end = s.length;
  const hash = s.indexOf(' #', i);
  if (hash >= 0) end = hash;
  while (end > i && s[end - 1] === ' ') end--;
  let from = i;
  let to = end;
  if (s[from] === '"' || s[from] === "'") from++;
  if (to > from && (s[to - 1] === '"' || s[to - 1] === "'")) to--;
  return { from, to, text: s.slice(from, to) };
}

/** The item of a flow collection (`[a, b]` or `{ k: v, k2: v2 }`) opened at `open` around column `col`. */
function flowItem(line: string, open: number, col: number): { index: number; from: number; to: number } {
  const before = line.slice(open, col);
  const index = (before.match(/,/g) ?? []).length;
  const from = open + before.lastIndexOf(',') + 1;
  const rel = line.slice(col).search(/[,\]}]/);
  return { index, from, to: rel < 0 ? line.length : col + rel };
}

function cursorOf(path: Array<string | number>, t: { from: number; to: number; text: string }, col: number, lineStart: number): ValueCursor {
  const line = { from: t.from, to: Math.max(t.to, t.from) };
  return { path, prefix: t.text.slice(0, Math.max(0, Math.min(col, line.to) - line.from)), value: t.text, from: lineStart + line.from, to: lineStart + line.to };
}

/** The value at `offset` in `text`, or undefined when the cursor is on a key, a comment or nothing known. */
export function valueAt(text: string, offset: number): ValueCursor | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col = offset - lineStart;
  const lines = text.slice(0, lineStart).split('\n');
  lines.pop();
  const lineIndex = lines.length;
  const all = [...lines, line];

  const m = KEY_LINE.exec(line);
  if (m) {
    const colon = m[0].length;
    if (col < colon) return undefined;
    const keyCol = m[1]!.length + (m[2]?.length ?? 0);
    let path: Array<string | number>;
    if (m[2]) {
      const list = keyAbove(all, lineIndex, m[1]!.length);
      if (!list) return undefined;
      path = [...parentPath(all, list.line, list.indent), list.key, itemIndex(all, lineIndex, m[1]!.length), m[3]!];
    } else {
      path = [...parentPath(all, lineIndex, keyCol), m[3]!];
    }
    const rest = line.slice(colon);
    const trimmed = rest.trimStart();
    const lead = colon + rest.length - trimmed.length;
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
      // Flow style, as the examples write models and pools: `models: [a, b]`, `pools: { search: p, blob: q }`.
      if (col <= lead) return undefined;
      const item = flowItem(line, lead + 1, col);
      const part = line.slice(0, item.to);
      if (trimmed.startsWith('[')) {
        const t = token(part, item.from);
        return cursorOf([...path, item.index], t, col, lineStart);
      }
      const entry = /^\s*([A-Za-z0-9_.\/-]+)\s*:/.exec(line.slice(item.from, item.to));
      if (!entry) return undefined;
      const valueStart = item.from + entry[0].length;
      if (col < valueStart) return undefined;
      return cursorOf([...path, entry[1]!], token(part, valueStart), col, lineStart);
    }
    const t = token(line, colon);
    if (col < t.from - 1 && t.text !== '') return undefined;
    return cursorOf(path, t, col, lineStart);
  }
  const item = ITEM_LINE.exec(line);
  if (item) {
    const dash = item[1]!.length;
    if (col <= dash) return undefined;
    const list = keyAbove(all, lineIndex, dash);
    if (!list) return undefined;
    return cursorOf([...parentPath(all, list.line, list.indent), list.key, itemIndex(all, lineIndex, dash)], token(line, dash + 1), col, lineStart);
  }
  return undefined;
}
