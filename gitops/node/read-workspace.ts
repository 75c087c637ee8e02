import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { KIND_FOLDERS, SPEC_KINDS, WORKSPACE_FILE } from '../../shared/kinds.ts';
import { MAX_SPEC_BYTES, type SpecContent } from '../core/load/decode.ts';
import type { Finding } from '../../shared/findings.ts';
import { finding } from '../core/load/parse-file.ts';
import { assertSafePath, readOpenFile, resolveInside, UnsafePathError } from './path-safety.ts';
import { walkFiles } from './walk-files.ts';

/** Why a directory cannot be opened as a workspace; the CLI maps these to exit code 2. */
export class WorkspaceOpenError extends Error {
  constructor(
    readonly reason: 'missing' | 'unreadable' | 'not-a-directory' | 'not-a-workspace',
    message: string,
  ) {
    super(message);
  }
}

/** Checks that `dir` is a readable workspace folder (holds gantry.yaml). */
export function assertWorkspaceDir(dir: string): string {
  const abs = path.resolve(dir);
  let st;
  try {
    st = statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WorkspaceOpenError('missing', `${dir}: no such directory.`);
    throw new WorkspaceOpenError('unreadable', `${dir}: cannot be read (${code ?? String(err)}).`);
  }
  if (!st.isDirectory()) throw new WorkspaceOpenError('not-a-directory', `${dir} is not a directory.`);
  try {
    readdirSync(abs);
  } catch (err) {
    throw new WorkspaceOpenError('unreadable', `${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`);
  }
  try {
    statSync(path.join(abs, WORKSPACE_FILE));
  } catch {
    throw new WorkspaceOpenError('not-a-workspace', `${dir} is not a Gantry workspace: it has no ${WORKSPACE_FILE} (create one with \`gantry init\`).`);
  }
  return abs;
}

/** Repository-relative paths of every spec file: gantry.yaml and `*.yaml` under the kind folders. */
export function listSpecFiles(root: string): string[] {
  const out: string[] = [WORKSPACE_FILE];
  const skip = (name: string, isDir: boolean) => name.startsWith('.') || (!isDir && !name.endsWith('.yaml'));
  for (const kind of SPEC_KINDS) out.push(...walkFiles(root, KIND_FOLDERS[kind], skip));
  return out;
}

/** The folders and files whose place in the repository Gantry relies on: a symbolic link there would lead outside it. */
export const LAYOUT_PATHS = [WORKSPACE_FILE, ...SPEC_KINDS.map((k) => KIND_FOLDERS[k]), 'rendered'] as const;

/**
 * `path.symlink` findings for spec folders, `rendered/` and gantry.yaml that are symbolic links.
 * Gantry reads nothing through them and refuses every write into them.
 */
export function layoutFindings(root: string): Finding[] {
  const out: Finding[] = [];
  for (const rel of LAYOUT_PATHS) {
    const abs = path.join(root, rel);
    if (!lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()) continue;
    let target = '';
    try {
      target = ` (to ${JSON.stringify(readlinkSync(abs))})`;
    } catch {
      // The finding stands without the target.
    }
    const what = rel === WORKSPACE_FILE ? 'a real file' : 'a real folder';
    out.push(
      finding(
        'path.symlink',
        rel,
        '',
        `${rel} is a symbolic link${target}; Gantry reads and writes only inside the repository, so it ignores what the link points at and refuses to write there. Replace it with ${what}.`,
      ),
    );
  }
  return out;
}

/**
 * Reads one spec file without ever loading more than the size cap. Symbolic links (the file, or
 * a folder on its path) are refused, so a spec folder cannot make Gantry read or later write a
 * file outside the repository.
 */
export function readSpecFile(root: string, rel: string, opts: { listed?: boolean } = {}): SpecContent {
  const abs = path.join(root, rel);
  let fd: number;
  try {
    // A file listSpecFiles found sits in real folders (its walk never follows a link); the rest are checked.
    if (opts.listed) assertSafePath(rel);
    else resolveInside(root, rel);
    if (lstatSync(abs).isSymbolicLink()) {
      return { unreadable: 'is a symbolic link; spec files must be regular files inside the repository.' };
    }
    fd = openSync(abs, 'r');
  } catch (err) {
    if (err instanceof UnsafePathError) return { unreadable: `cannot be read: it ${err.reason}; spec files must be regular files inside the repository.` };
    return { unreadable: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { unreadable: 'is not a regular file.' };
    if (st.size > MAX_SPEC_BYTES) return { tooLarge: st.size };
    return readOpenFile(fd, st.size);
  } finally {
    closeSync(fd);
  }
}

/** Every spec file of the workspace at `root` with its content. */
export function readWorkspaceFiles(root: string): Array<[string, SpecContent]> {
  return listSpecFiles(root).map((rel) => [rel, readSpecFile(root, rel, { listed: true })]);
}
