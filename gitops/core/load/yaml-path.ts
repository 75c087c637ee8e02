import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

/** A path into a document: keys and array indexes. */
export type PathSegments = ReadonlyArray<string | number>;

/** `['spec','models',0]` -> `spec.models[0]`. */
export function formatPath(segments: PathSegments): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

/** `spec.models[0]` -> `['spec','models',0]`. */
export function parsePath(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    if (part === '') continue;
    const m = /^([^[]*)((\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/**
 * The source offset that best marks `segments` in `doc`: the key of the deepest existing pair on
 * the path (so a missing field points at its parent's key), or the item for sequence indexes.
 */
export function offsetOfPath(doc: Document, segments: PathSegments): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      best = rangeStart(pair.key) ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      break;
    }
  }
  return best;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : undefined;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * offsetOfPath without parsing the document, for the common shape: block mappings only, the path
 * all keys, one document. It scans lines by indentation and gives the offset of the last key, as
 * offsetOfPath does when the whole path is there; undefined (ask offsetOfPath) for anything else
 * (a sequence index, flow style, a key not found, several documents). Locating hundreds of
 * findings then costs a scan each instead of a YAML parse each.
 */
export function quickOffsetOfPath(text: string, segments: PathSegments): number | undefined {
  if (segments.length === 0 || segments.some((s) => typeof s !== 'string')) return undefined;
  if (/^(---|\.\.\.)\s*$/m.test(text.slice(text.indexOf('\n') + 1))) return undefined;
  let pos = 0;
  let parentIndent = -1;
  let found: number | undefined;
  for (const seg of segments as string[]) {
    found = undefined;
    let childIndent: number | undefined;
    while (pos < text.length) {
      const end = text.indexOf('\n', pos);
      const lineEnd = end < 0 ? text.length : end;
      const line = text.slice(pos, lineEnd);
      const lineStart = pos;
      pos = lineEnd + 1;
      const indent = line.length - line.trimStart().length;
      const body = line.slice(indent);
      if (body === '' || body.startsWith('#')) continue;
      if (indent <= parentIndent) return undefined; // left the parent's block without finding the key
      childIndent ??= indent;
      if (indent > childIndent) continue; // deeper: inside a sibling's value
      if (indent < childIndent || body.startsWith('- ') || body === '-' || body.startsWith('{') || body.startsWith('[') || body.includes('\t')) return undefined;
      const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s"'#:][^:#]*?))\s*:(?:\s|$)/.exec(body);
      if (!m) return undefined;
      const key = m[1] !== undefined ? JSON.parse(`"${m[1]}"`) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3];
      if (key === seg) {
        found = lineStart + indent;
        parentIndent = indent;
        break;
      }
    }
    if (found === undefined) return undefined;
  }
  return found;
}
