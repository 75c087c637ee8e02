/**
 * A strict fast path for the YAML that spec files are made of: block mappings and sequences,
 * one-line flow collections, plain and quoted scalars, comments. It returns `undefined` for
 * anything outside that subset (anchors, aliases, tags, block or multi-line scalars, tabs,
 * directives, several documents, duplicate keys, ...) and the caller then uses the full `yaml`
 * parser, which also produces every error message. Where it does return a value, that value is
 * what `yaml`'s core schema gives (the property test in fast-yaml.test.ts compares the two).
 *
 * Why: `yaml` spends ~0.2 ms per small spec file; the 5,500-file benchmark workspace must
 * validate in 1.5 s, and this path is several times faster.
 *
 * It recurses once per level of nesting, so it counts levels as nesting.ts defines them and throws
 * NestingTooDeep past MAX_NESTING_DEPTH rather than overflowing the stack.
 */

import { MAX_NESTING_DEPTH, NestingTooDeep } from './nesting.ts';

interface Line {
  indent: number;
  text: string;
  /** 1-based line number in the source. */
  no: number;
}

class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported();

/**
 * The document's value, or undefined when the text is outside the fast subset. Throws
 * NestingTooDeep when collections nest deeper than MAX_NESTING_DEPTH.
 */
export function fastParseYaml(source: string): unknown {
  if (source.includes('\r') || source.includes('\t')) return undefined;
  try {
    const lines = toLines(source);
    if (lines.length === 0) return undefined;
    const state = { lines, i: 0 };
    const first = lines[0]!;
    if (first.indent !== 0) return undefined;
    const value = parseNode(state, 0, 1);
    if (state.i !== lines.length) return undefined;
    return value;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

/** Content lines with comments removed; a leading `---` document marker is allowed. */
function toLines(source: string): Line[] {
  const out: Line[] = [];
  let seenContent = false;
  let no = 0;
  for (const raw of source.split('\n')) {
    no++;
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent++;
    const text = stripComment(raw, indent).trimEnd();
    if (text.length <= indent) continue;
    const body = text.slice(indent);
    if (indent === 0 && (body.startsWith('---') || body.startsWith('...') || body.startsWith('%'))) {
      if (body === '---' && !seenContent) {
        seenContent = true;
        continue;
      }
      throw UNSUPPORTED;
    }
    seenContent = true;
    out.push({ indent, text: body, no });
  }
  return out;
}

/** Removes a `#` comment: one at the line start or after a space, outside quoted scalars. */
function stripComment(line: string, from: number): string {
  let quote = 0;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote === 34) {
      if (c === 92) i++;
      else if (c === 34) quote = 0;
    } else if (quote === 39) {
      if (c === 39) {
        if (line.charCodeAt(i + 1) === 39) i++;
        else quote = 0;
      }
    } else if (c === 35 && (i === from || line.charCodeAt(i - 1) === 32)) {
      return line.slice(0, i);
    } else if ((c === 34 || c === 39) && atScalarStart(line, i, from)) {
      quote = c;
    }
  }
  if (quote !== 0) throw UNSUPPORTED;
  return line;
}

function atScalarStart(line: string, i: number, from: number): boolean {
  let j = i - 1;
  while (j >= from && line.charCodeAt(j) === 32) j--;
  if (j < from) return true;
  const p = line[j];
  return p === ':' || p === '-' || p === '[' || p === '{' || p === ',';
}

type State = { lines: Line[]; i: number };

/** A collection opens at `depth` (the top-level one is 1). */
function enter(depth: number, line: number, column: number): void {
  if (depth > MAX_NESTING_DEPTH) throw new NestingTooDeep(line, column);
}

function parseNode(s: State, indent: number, depth: number): unknown {
  const line = s.lines[s.i]!;
  if (line.indent !== indent) throw UNSUPPORTED;
  if (isSeqItem(line.text)) return parseSeq(s, indent, depth);
  if (mapKey(line.text) !== undefined) return parseMap(s, indent, depth);
  throw UNSUPPORTED;
}

function isSeqItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function parseSeq(s: State, indent: number, depth: number): unknown[] {
  const first = s.lines[s.i];
  if (first) enter(depth, first.no, indent + 1);
  const out: unknown[] = [];
  while (s.i < s.lines.length) {
    const line = s.lines[s.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent || !isSeqItem(line.text)) {
      if (line.indent === indent) break;
      throw UNSUPPORTED;
    }
    let offset = 1;
    while (line.text.charCodeAt(offset) === 32) offset++;
    const rest = line.text.slice(offset);
    if (rest === '') {
      s.i++;
      out.push(childOrNull(s, indent, depth + 1));
      continue;
    }
    if (isSeqItem(rest) || mapKey(rest) !== undefined) {
      // `- key: value` or `- - x`: a collection that starts on the dash's line.
      s.lines[s.i] = { indent: indent + offset, text: rest, no: line.no };
      out.push(parseNode(s, indent + offset, depth + 1));
      continue;
    }
    s.i++;
    out.push(inlineValue(rest, depth + 1, line.no, indent + offset + 1));
    noDeeper(s, indent);
  }
  return out;
}

function parseMap(s: State, indent: number, depth: number): Record<string, unknown> {
  const first = s.lines[s.i];
  if (first) enter(depth, first.no, indent + 1);
  const out: Record<string, unknown> = {};
  while (s.i < s.lines.length) {
    const line = s.lines[s.i]!;
    if (line.indent < indent) break;
    if (line.indent > indent) throw UNSUPPORTED;
    const entry = mapKey(line.text);
    if (entry === undefined) {
      if (isSeqItem(line.text)) break;
      throw UNSUPPORTED;
    }
    const [key, rest] = entry;
    if (Object.prototype.hasOwnProperty.call(out, key)) throw UNSUPPORTED;
    s.i++;
    let value: unknown;
    if (rest === '') {
      const next = s.lines[s.i];
      if (next && next.indent === indent && isSeqItem(next.text)) value = parseSeq(s, indent, depth + 1);
      else value = childOrNull(s, indent, depth + 1);
    } else {
      value = inlineValue(rest, depth + 1, line.no, indent + line.text.length - rest.length + 1);
      noDeeper(s, indent);
    }
    out[key] = value;
  }
  return out;
}

function childOrNull(s: State, parentIndent: number, depth: number): unknown {
  const next = s.lines[s.i];
  if (!next || next.indent <= parentIndent) return null;
  return parseNode(s, next.indent, depth);
}

/** After an inline value, a deeper line would continue a multi-line scalar: not in the subset. */
function noDeeper(s: State, indent: number): void {
  const next = s.lines[s.i];
  if (next && next.indent > indent) throw UNSUPPORTED;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_.\/$-]*$/;

/** `[key, rest]` when `text` is a block mapping entry `key: rest` / `key:`. */
function mapKey(text: string): [string, string] | undefined {
  let key: string;
  let end: number;
  const c = text[0];
  if (c === '"' || c === "'") {
    const q = readQuoted(text, 0);
    key = q.value;
    end = q.end;
  } else {
    const colon = text.indexOf(':');
    if (colon <= 0) return undefined;
    key = text.slice(0, colon);
    end = colon;
    if (!PLAIN_KEY.test(key) || resolvesToNonString(key)) return undefined;
  }
  if (text[end] !== ':') return undefined;
  const after = text.charCodeAt(end + 1);
  if (!Number.isNaN(after) && after !== 32) return undefined;
  if (key === '__proto__') throw UNSUPPORTED;
  return [key, text.slice(end + 1).trim()];
}

function resolvesToNonString(s: string): boolean {
  return typeof plainScalar(s) !== 'string';
}

/** A value on its key's or dash's line, at `depth` if it is a flow collection; `column` is where `text` starts. */
function inlineValue(text: string, depth: number, line: number, column: number): unknown {
  const c = text[0]!;
  if (c === '"' || c === "'") {
    const q = readQuoted(text, 0);
    if (q.end !== text.length) throw UNSUPPORTED;
    return q.value;
  }
  if (c === '[' || c === '{') {
    const f: Flow = { text, i: 0, line, column };
    const v = flowValue(f, depth);
    skipSpaces(f);
    if (f.i !== text.length) throw UNSUPPORTED;
    return v;
  }
  // '-' may start a plain scalar when a letter, digit, '.' or a second '-' and a letter or digit follows
  // (`-1`, `-x`, `--model-repository=/models`, as container args are written); never `- ` or `---`.
  if (/^[&*!|>%@`?\]},#-]/.test(c) && !/^-(?:[0-9A-Za-z.]|-[0-9A-Za-z])/.test(text)) throw UNSUPPORTED;
  if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) throw UNSUPPORTED;
  return plainScalar(text);
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^[-+]?[0-9]+$/;
const OCT = /^0o[0-7]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const FLOAT_SPECIAL = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/** YAML 1.2 core-schema resolution of a plain scalar, as `yaml` does it. */
function plainScalar(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (INT.test(s)) {
    const n = Number(s);
    if (!Number.isSafeInteger(n)) throw UNSUPPORTED;
    return n;
  }
  if (OCT.test(s)) return parseInt(s.slice(2), 8);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT_SPECIAL.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s[0] === '-' ? -Infinity : Infinity;
  }
  if (FLOAT_EXP.test(s) || FLOAT.test(s)) return parseFloat(s);
  return s;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ' };

function readQuoted(text: string, start: number): { value: string; end: number } {
  const q = text[start];
  let out = '';
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (q === "'") {
      if (c === "'") {
        if (text[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        return { value: out, end: i + 1 };
      }
      out += c;
    } else {
      if (c === '"') return { value: out, end: i + 1 };
      if (c === '\\') {
        const e = text[++i];
        if (e === undefined) throw UNSUPPORTED;
        if (e === 'u') {
          const hex = text.slice(i + 1, i + 5);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw UNSUPPORTED;
          const code = parseInt(hex, 16);
          if (code >= 0xd800 && code <= 0xdfff) throw UNSUPPORTED;
          out += String.fromCharCode(code);
          i += 4;
        } else if (ESCAPES[e] !== undefined) {
          out += ESCAPES[e];
        } else {
          throw UNSUPPORTED;
        }
        continue;
      }
      out += c;
    }
  }
  throw UNSUPPORTED;
}

type Flow = { text: string; i: number; line: number; column: number };

function skipSpaces(f: Flow): void {
  while (f.text.charCodeAt(f.i) === 32) f.i++;
}

function flowValue(f: Flow, depth: number): unknown {
  skipSpaces(f);
  const c = f.text[f.i];
  if (c === '[' || c === '{') enter(depth, f.line, f.column + f.i);
  if (c === '[') {
    f.i++;
    const out: unknown[] = [];
    skipSpaces(f);
    if (f.text[f.i] === ']') {
      f.i++;
      return out;
    }
    for (;;) {
      out.push(flowValue(f, depth + 1));
      skipSpaces(f);
      const d = f.text[f.i++];
      if (d === ']') return out;
      if (d !== ',') throw UNSUPPORTED;
      skipSpaces(f);
      if (f.text[f.i] === ']') throw UNSUPPORTED;
    }
  }
  if (c === '{') {
    f.i++;
    const out: Record<string, unknown> = {};
    skipSpaces(f);
    if (f.text[f.i] === '}') {
      f.i++;
      return out;
    }
    for (;;) {
      skipSpaces(f);
      const key = flowKey(f);
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__') throw UNSUPPORTED;
      out[key] = flowValue(f, depth + 1);
      skipSpaces(f);
      const d = f.text[f.i++];
      if (d === '}') return out;
      if (d !== ',') throw UNSUPPORTED;
      skipSpaces(f);
      if (f.text[f.i] === '}') throw UNSUPPORTED;
    }
  }
  if (c === '"' || c === "'") {
    const q = readQuoted(f.text, f.i);
    f.i = q.end;
    return q.value;
  }
  // A flow plain scalar may hold ':' not followed by a space (URLs); '-' must not stand alone.
  const m = /^[A-Za-z0-9_.\/+~$-](?:[A-Za-z0-9_.\/+~$ -]|:(?=[A-Za-z0-9_.\/+~$-]))*/.exec(f.text.slice(f.i));
  if (!m) throw UNSUPPORTED;
  const raw = m[0].trimEnd();
  if (raw.includes(' #') || raw.endsWith(':') || (raw[0] === '-' && !/^-[0-9A-Za-z.]/.test(raw))) throw UNSUPPORTED;
  f.i += raw.length;
  return plainScalar(raw);
}

function flowKey(f: Flow): string {
  const c = f.text[f.i];
  let key: string;
  if (c === '"' || c === "'") {
    const q = readQuoted(f.text, f.i);
    key = q.value;
    f.i = q.end;
  } else {
    const m = /^[A-Za-z_$][A-Za-z0-9_.\/$-]*/.exec(f.text.slice(f.i));
    if (!m || resolvesToNonString(m[0])) throw UNSUPPORTED;
    key = m[0];
    f.i += key.length;
  }
  if (f.text[f.i] !== ':' || f.text[f.i + 1] !== ' ') throw UNSUPPORTED;
  f.i += 2;
  return key;
}
