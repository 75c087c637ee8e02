import { stringify } from 'yaml';

/**
 * Emits rendered Kubernetes objects as YAML: block style, 2-space indent, sequences indented under
 * their key, simple strings plain. Output is byte-identical to what
 * `yaml.stringify(value, { lineWidth: 0, indentSeq: true })` gives for the same data (a test
 * compares them on every rendered file) at a fraction of the cost; any value it is not sure how
 * `yaml` would print (quoting, odd multi-line text) is handed to `yaml` itself.
 */
export function emitYaml(value: unknown): string {
  const out: string[] = [];
  if (isMap(value)) emitMapBody(value, 0, out);
  else if (Array.isArray(value)) emitSeqBody(value, 0, out);
  else return fallback(value);
  // An empty map or list (or one holding only undefined) prints as `{}` / `[]`, which the yaml package does.
  return out.length > 0 ? out.join('') : fallback(value);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fallback(value: unknown): string {
  return stringify(value, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false });
}

const pad = (n: number) => ' '.repeat(n);

function emitMapBody(map: Record<string, unknown>, indent: number, out: string[], firstPrefix?: string): void {
  let first = true;
  for (const key of Object.keys(map)) {
    const v = map[key];
    if (v === undefined) continue;
    const lead = first && firstPrefix !== undefined ? firstPrefix : pad(indent);
    first = false;
    const k = scalar(key);
    if (isMap(v) && Object.keys(v).length > 0) {
      out.push(`${lead}${k}:\n`);
      emitMapBody(v, indent + 2, out);
    } else if (Array.isArray(v) && v.length > 0) {
      out.push(`${lead}${k}:\n`);
      emitSeqBody(v, indent + 2, out);
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(`${lead}${k}: ${blockLiteral(v, indent + 2)}`);
    } else {
      out.push(`${lead}${k}: ${inline(v)}\n`);
    }
  }
}

function emitSeqBody(seq: readonly unknown[], indent: number, out: string[]): void {
  for (const item of seq) {
    const lead = `${pad(indent)}- `;
    if (isMap(item) && Object.keys(item).length > 0) {
      emitMapBody(item, indent + 2, out, lead);
    } else if (Array.isArray(item) && item.length > 0) {
      throw new Unsupported();
    } else if (typeof item === 'string' && item.includes('\n')) {
      throw new Unsupported();
    } else {
      out.push(`${lead}${inline(item)}\n`);
    }
  }
}

class Unsupported extends Error {}

function inline(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Unsupported();
    return String(v);
  }
  if (typeof v === 'string') return scalar(v);
  if (Array.isArray(v)) return '[]';
  if (isMap(v)) return '{}';
  throw new Unsupported();
}

// Strings printed plain; anything else (quoted by `yaml`) goes to the fallback. A leading `-` or `--`
// before a letter (a command-line flag in a container's args: `--model-repository=/models`) is plain
// for `yaml` too; a lone `-`, `- x` or `-1` is not, and does not match.
const SAFE_PLAIN = /^(?:--?(?=[A-Za-z]))?[A-Za-z0-9_./][A-Za-z0-9_./=+-]*(?:[ :][A-Za-z0-9_./=+-]+)*$/;
const NOT_STRING_1_2 = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

/**
 * What scalar() gave for each string seen (keys and names repeat in every rendered file: the regular
 * expressions were a tenth of a full render). Bounded; emptied when full.
 */
const scalars = new Map<string, string>();

function scalar(s: string): string {
  let out = scalars.get(s);
  if (out === undefined) {
    out = scalarOf(s);
    if (scalars.size >= 50_000) scalars.clear();
    scalars.set(s, out);
  }
  return out;
}

function scalarOf(s: string): string {
  // Strings that would read back as numbers, booleans or null: `yaml` double-quotes them.
  if (s === '' || NOT_STRING_1_2.test(s)) return `"${s}"`;
  // `...` opens a line that ends a YAML document: `yaml` quotes it (as a key, too).
  if (SAFE_PLAIN.test(s) && !s.includes(': ') && !s.endsWith(':') && !s.startsWith('...')) return s;
  throw new Unsupported();
}

/** `|` or `|-` literal block for multi-line text (e.g. routing.json), indented under its key. */
function blockLiteral(s: string, indent: number): string {
  if (/[^\n\x20-\x7e]/.test(s) || /(^|\n) /.test(s) || / \n/.test(s) || s.startsWith('\n')) throw new Unsupported();
  const body = s.endsWith('\n') ? s.slice(0, -1) : s;
  if (body.endsWith('\n')) throw new Unsupported();
  const header = s.endsWith('\n') ? '|' : '|-';
  return `${header}\n${body.split('\n').map((l) => (l === '' ? '' : pad(indent) + l)).join('\n')}\n`;
}

/** emitYaml, or `yaml.stringify` where the value holds something the fast emitter does not handle. */
export function toYaml(value: unknown): string {
  try {
    return emitYaml(value);
  } catch (err) {
    if (err instanceof Unsupported) return fallback(value);
    throw err;
  }
}
