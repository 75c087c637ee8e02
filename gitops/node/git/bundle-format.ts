import { GitError } from './types.ts';

/**
 * The text head of a git bundle (git's Documentation/gitformat-bundle.txt): a signature line
 * (`# v2 git bundle`, or `# v3 git bundle` with `@capability` lines), prerequisite lines
 * `-<oid> [comment]`, reference lines `<oid> <refname>`, an empty line, then a packfile.
 */
export interface BundleHead {
  version: 2 | 3;
  /** Commits the receiving repository must already have (the bundle's objects build on them). */
  prerequisites: Array<{ oid: string; comment: string }>;
  refs: Array<{ oid: string; name: string }>;
  /** Byte offset of the packfile. */
  packStart: number;
}

const OID = /^[0-9a-f]{40}$/;
/** The longest head Gantry reads: 64 KiB of reference lines is far more than a handoff carries. */
const MAX_HEAD = 1 << 20;

/** Why `name` is not a reference name `git check-ref-format` accepts (or not HEAD / refs/...), or undefined. */
export function refNameProblem(name: string): string | undefined {
  if (name === 'HEAD') return undefined;
  if (!name.startsWith('refs/')) return 'does not start with refs/';
  if (name.length > 1000) return 'is longer than 1,000 characters';
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return 'contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.endsWith('/') || name.endsWith('.')) return 'ends with "/" or "."';
  for (const part of name.split('/')) {
    if (!part) return 'has an empty component ("//")';
    if (part.startsWith('.')) return `has a component starting with "." (${part})`;
    if (part.endsWith('.lock')) return `has a component ending with ".lock" (${part})`;
  }
  return undefined;
}

const refused = (file: string, why: string) =>
  new GitError('invalid-bundle', `${file} is not a git bundle Gantry can read: ${why}. Nothing was written.`, { why });

/** Parses the head of a bundle; refuses (GitError 'invalid-bundle' with `details.why`) anything git would not write. */
export function parseBundleHead(buf: Buffer, file: string): BundleHead {
  const head = buf.subarray(0, Math.min(buf.length, MAX_HEAD));
  const firstNl = head.indexOf(0x0a);
  const signature = firstNl < 0 ? head.toString('latin1', 0, 40) : head.toString('latin1', 0, firstNl);
  let version: 2 | 3;
  if (signature === '# v2 git bundle') version = 2;
  else if (signature === '# v3 git bundle') version = 3;
  else return fail(file, signature.startsWith('# v') ? `it is a "${signature.slice(2)}", and Gantry reads v2 and v3 bundles` : 'it does not start with "# v2 git bundle"');
  const prerequisites: BundleHead['prerequisites'] = [];
  const refs: BundleHead['refs'] = [];
  let pos = firstNl + 1;
  for (;;) {
    const nl = head.indexOf(0x0a, pos);
    if (nl < 0) return fail(file, 'it ends before the empty line that separates the references from the pack (the file is cut short)');
    const line = head.toString('utf8', pos, nl);
    pos = nl + 1;
    if (line === '') break;
    if (line.startsWith('@')) {
      if (version !== 3) return fail(file, `a v2 bundle has a capability line "${line}"`);
      const cap = line.slice(1);
      if (cap.startsWith('object-format=') && cap !== 'object-format=sha1') return fail(file, `it uses ${cap.slice(14)} object ids, and Gantry reads SHA-1 repositories only`);
      if (!cap.startsWith('object-format=') && !cap.startsWith('filter=')) return fail(file, `it needs the capability "${cap}", which Gantry does not know`);
      if (cap.startsWith('filter=')) return fail(file, 'it is a partial bundle (made with --filter): some objects are left out');
      continue;
    }
    if (line.startsWith('-')) {
      const oid = line.slice(1, 41);
      if (!OID.test(oid) || (line.length > 41 && line[41] !== ' ')) return fail(file, `the prerequisite line "${clip(line)}" is not "-<40 hex digits>"`);
      prerequisites.push({ oid, comment: line.slice(42) });
      continue;
    }
    const oid = line.slice(0, 40);
    const name = line.slice(41);
    if (!OID.test(oid) || line[40] !== ' ') return fail(file, `the reference line "${clip(line)}" is not "<40 hex digits> <name>"`);
    const bad = refNameProblem(name);
    if (bad) return fail(file, `the reference name ${JSON.stringify(clip(name))} ${bad}, which git refuses`);
    if (refs.some((r) => r.name === name)) return fail(file, `the reference ${name} is listed twice`);
    refs.push({ oid, name });
  }
  if (refs.length === 0) return fail(file, 'it lists no reference');
  return { version, prerequisites, refs, packStart: pos };
}

function fail(file: string, why: string): never {
  throw refused(file, why);
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** The head of a v2 bundle, as `git bundle create` writes it. */
export function formatBundleHead(prerequisites: ReadonlyArray<{ oid: string; comment?: string }>, refs: ReadonlyArray<{ oid: string; name: string }>): Buffer {
  const lines = ['# v2 git bundle'];
  for (const p of prerequisites) lines.push(p.comment ? `-${p.oid} ${p.comment}` : `-${p.oid}`);
  for (const r of refs) {
    const bad = refNameProblem(r.name);
    if (bad) throw new GitError('unknown', `The reference name ${r.name} ${bad}.`);
    lines.push(`${r.oid} ${r.name}`);
  }
  return Buffer.from(`${lines.join('\n')}\n\n`, 'utf8');
}
