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
