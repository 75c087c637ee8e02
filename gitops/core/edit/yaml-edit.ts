import { Document, isMap, isScalar, isSeq, parseDocument, Scalar } from 'yaml';
import { findTooDeep, MAX_NESTING_DEPTH } from '../load/nesting.ts';
import { diffArrays } from 'diff';
import { parsePath } from '../load/yaml-path.ts';

/** One change to a spec document. `path` is dotted with [i] for list items (`spec.models[0]`). */
export type YamlEdit =
  | { op: 'set'; path: string; value: unknown }
  | { op: 'delete'; path: string }
  | { op: 'append'; path: string; value: unknown };

/** Thrown when an edit cannot be applied to the text (it is not valid YAML, or the path is wrong). */
export class YamlEditError extends Error {}

/**
 * Applies edits to YAML text and returns the new text with every comment, blank line, key order
 * and flow/block style of untouched nodes kept (round-trip editing through the yaml Document API).
 */
export function editYamlText(text: string, edits: readonly YamlEdit[]): string {
  let out = text;
  for (const e of edits) {
    const deep = findTooDeep(out);
    if (deep) throw new YamlEditError(`cannot edit: the document is nested deeper than ${MAX_NESTING_DEPTH} levels`);
    const doc = parseDocument(out);
    if (doc.errors.length) throw new YamlEditError(`cannot edit: ${doc.errors[0]!.message.split('\n')[0]}`);
    const spliced = e.op === 'set' ? spliceScalar(out, doc, e.path, e.value) : undefined;
    if (spliced !== undefined) {
      out = spliced;
      continue;
    }
    const normalizedBefore = doc.toString(PRINT);
    applyEdit(doc, e);
    out = keepUntouchedLines(out, normalizedBefore, doc.toString(PRINT));
  }
  return out;
}

const PRINT = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The Document printer normalises spacing (e.g. the column of inline comments) on every line.
 * Lines the edit did not touch are put back exactly as they were in `original`.
 */
function keepUntouchedLines(original: string, normalizedBefore: string, normalizedAfter: string): string {
  const orig = original.split('\n');
  const before = normalizedBefore.split('\n');
  if (orig.length !== before.length) return normalizedAfter;
  const out: string[] = [];
  let i = 0;
  for (const part of diffArrays(before, normalizedAfter.split('\n'))) {
    if (part.added) out.push(...part.value);
    else if (part.removed) i += part.count ?? part.value.length;
    else {
      for (let k = 0; k < part.value.length; k++) out.push(orig[i + k]!);
      i += part.value.length;
    }
  }
  return out.join('\n');
}

/**
 * Changes a scalar in place in the source text, so every other byte (alignment of comments
 * included) stays as the person wrote it. Undefined when the edit is not a scalar-for-scalar change.
 */
function spliceScalar(text: string, doc: Document, path: string, value: unknown): string | undefined {
  if (value !== null && typeof value === 'object') return undefined;
  const node = doc.getIn(parsePath(path), true);
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  // A block scalar's range runs over its lines to the next key: not a splice (whatever the new value).
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') return undefined;
  // Written by the YAML printer, so every value reads back as itself (NaN is `.nan`, not the string "NaN").
  const scalar = new Scalar(value);
  if (typeof value === 'string' && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) scalar.type = node.type;
  const literal = new Document(scalar).toString({ lineWidth: 0 }).trimEnd();
  if (literal.includes('\n')) return undefined;
  // Keep an aligned inline comment in its column: take from or give to the padding before it.
  const pad = /^ +(?=#)/.exec(text.slice(end));
  if (pad) {
    const width = Math.max(1, pad[0].length - (literal.length - (end - start)));
    return text.slice(0, start) + literal + ' '.repeat(width) + text.slice(end + pad[0].length);
  }
  return text.slice(0, start) + literal + text.slice(end);
}

/** `key:` with nothing after it (or `key: null`): YAML's null, which a person writes as an empty section to fill in later. */
function isNull(node: unknown): boolean {
  return isScalar(node) && node.value === null;
}

function applyEdit(doc: Document, e: YamlEdit): void {
  const path = parsePath(e.path);
  if (path.length === 0) throw new YamlEditError('an edit needs a path');
  if (e.op === 'delete') {
    if (doc.hasIn(path)) doc.deleteIn(path);
    return;
  }
  if (e.op === 'append') {
    const seq = doc.getIn(path, true);
    if (seq === undefined || isNull(seq)) {
      doc.setIn(path, doc.createNode([e.value]));
      return;
    }
    if (!isSeq(seq)) throw new YamlEditError(`${e.path} is not a list`);
    seq.add(doc.createNode(e.value));
    return;
  }
  const existing = doc.getIn(path, true);
  if (isScalar(existing) && (e.value === null || typeof e.value !== 'object')) {
    // Keep the scalar node (and its comment and quoting style); change only its value.
    existing.value = e.value;
    return;
  }
  const parentPath = path.slice(0, -1);
  // A missing or empty parent becomes a mapping (the document itself too, when it is only `~`).
  if (!doc.hasIn(parentPath) || isNull(doc.getIn(parentPath, true))) doc.setIn(parentPath, doc.createNode({}));
  const parent = parentPath.length ? doc.getIn(parentPath, true) : doc.contents;
  if (parent !== undefined && parent !== null && !isMap(parent) && !isSeq(parent)) {
    throw new YamlEditError(`${e.path}: its parent is not a mapping or list`);
  }
  const node = doc.createNode(e.value);
  if ((isMap(existing) || isSeq(existing)) && (isMap(node) || isSeq(node))) node.flow = existing.flow;
  doc.setIn(path, node);
}
