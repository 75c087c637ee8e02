import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GitConfig } from './config.ts';
import { compileRule, decide, type RuleSet } from './ignore.ts';

/**
 * Sparse checkout (`git sparse-checkout`): which paths of the index are written to the working tree.
 * The rest keep their index entry with the skip-worktree bit and no file. Read from
 * `<gitdir>/info/sparse-checkout` (private to each worktree) when `core.sparseCheckout` is on.
 *
 * Cone mode (`core.sparseCheckoutCone`, git's default since 2.37) takes the lines git writes for
 * `git sparse-checkout set <dirs>`: `/*` and `!/*\/` for the root's files, `/a/` with `!/a/*\/` for a
 * parent folder whose files only are in, and `/a/b/` for a folder taken whole. A file is in when it
 * sits in the root or in a parent folder, or anywhere below a whole folder. A file that is not in that
 * shape falls back to the full patterns, as git does (with its "disabling cone pattern matching").
 *
 * Full patterns are gitignore lines where a match means "in"; the last matching line decides, and a
 * folder that matches brings in everything below it unless a later line says otherwise.
 */
export type SparseMatcher = (rel: string) => boolean;

/** The matcher of the repository's sparse checkout, or undefined when it has none. */
export function sparseMatcher(gitdir: string, repoConfig: GitConfig): SparseMatcher | undefined {
  // `git sparse-checkout` writes its settings to the worktree's own config.worktree.
  const config = repoConfig.getBool('extensions.worktreeconfig', false) ? GitConfig.merge(repoConfig, GitConfig.read(path.join(gitdir, 'config.worktree'))) : repoConfig;
  if (!config.getBool('core.sparsecheckout', false)) return undefined;
  let text: string;
  try {
    text = readFileSync(path.join(gitdir, 'info', 'sparse-checkout'), 'utf8');
  } catch {
    // git with core.sparseCheckout and no patterns file checks out nothing but warns; be conservative.
    return () => true;
  }
  const lines = text.split(/\r?\n/).map((l) => l.replace(/\s+$/, '')).filter((l) => l && !l.startsWith('#'));
  if (config.getBool('core.sparsecheckoutcone', true)) {
    const cone = coneMatcher(lines);
    if (cone) return cone;
  }
  return patternMatcher(lines, config.getBool('core.ignorecase', false) ? 'i' : '');
}

/** The cone-mode matcher, or undefined when the lines are not in cone shape. */
export function coneMatcher(lines: readonly string[]): SparseMatcher | undefined {
  const included = new Set<string>();
  const childrenOut = new Set<string>();
  for (const line of lines) {
    if (line === '/*') continue;
    if (line === '!/*/') {
      childrenOut.add('');
      continue;
    }
    let m = /^!\/(.+)\/\*\/$/.exec(line);
    if (m) {
      childrenOut.add(unescape(m[1]!));
      continue;
    }
    m = /^\/(.+)\/$/.exec(line);
    if (!m || /(^|[^\\])[*?[]/.test(m[1]!)) return undefined;
    included.add(unescape(m[1]!));
  }
  const whole = new Set([...included].filter((d) => !childrenOut.has(d)));
  const parents = new Set([''].concat([...included].filter((d) => childrenOut.has(d))));
  return (rel) => {
    const slash = rel.lastIndexOf('/');
    const dir = slash < 0 ? '' : rel.slice(0, slash);
    if (parents.has(dir) || whole.has(dir)) return true;
    for (let d = dir; d; ) {
      if (whole.has(d)) return true;
      const s = d.lastIndexOf('/');
      d = s < 0 ? '' : d.slice(0, s);
    }
    return false;
  };
}

function unescape(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

/** Full (non-cone) patterns: gitignore matching with "matched" meaning "in". */
export function patternMatcher(lines: readonly string[], flags = ''): SparseMatcher {
  const set: RuleSet = { base: '', rules: lines.map((l) => compileRule(l, flags)).filter((r) => r !== undefined) };
  const verdict = (rel: string, isDir: boolean) => decide(set, rel, rel.slice(rel.lastIndexOf('/') + 1), isDir);
  return (rel) => {
    const own = verdict(rel, false);
    if (own !== undefined) return own;
    // Undecided: the nearest folder above with a verdict decides (git's path_in_sparse_checkout).
    for (let d = rel.slice(0, Math.max(0, rel.lastIndexOf('/'))); d; ) {
      const v = verdict(d, true);
      if (v !== undefined) return v;
      const s = d.lastIndexOf('/');
      d = s < 0 ? '' : d.slice(0, s);
    }
    return false;
  };
}
