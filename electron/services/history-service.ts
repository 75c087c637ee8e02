import { changeSummary } from '../../gitops/core/history/change-summary.ts';
import { formatGantryTrailers, gantryTrailers } from '../../gitops/core/history/gantry-trailers.ts';
import { historySummary } from '../../gitops/core/history/history-summary.ts';
import { parseTrailers } from '../../gitops/core/history/trailers.ts';
import { currentBranch } from '../../gitops/node/git/branches.ts';
import { readCommit, type CommitObject } from '../../gitops/node/git/commits.ts';
import { LogPages } from '../../gitops/node/git/log-pages.ts';
import { resolveRev } from '../../gitops/node/git/refs.ts';
import type { Repository } from '../../gitops/node/git/repository.ts';
import { diffTrees } from '../../gitops/node/git/tree.ts';
import type { CommitInfo } from '../../gitops/node/git/types.ts';
import { WORKSPACE_FILE, kindOfPath } from '../../shared/kinds.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/ipc/contract.ts';
import type { HistoryRowDto } from '../../shared/ipc/history-schemas.ts';
import type { FileDiff } from '../../shared/ipc/schemas.ts';

export interface HistoryServiceDeps {
  /** The open workspace's repository (the Git service's, so caches and watchers are shared). */
  repository: () => Promise<Repository>;
}

/** Files of one commit whose text is sent; more are listed without text. */
const MAX_TEXTS = 300;
/** Bigger files are listed without text (a diff of megabytes helps nobody). */
const MAX_TEXT_BYTES = 1024 * 1024;

/**
 * The host side of the history screen: the current branch's commits page by page (a reading is
 * kept per start commit, so the next page goes on where the last one stopped), each with the
 * summary from its Gantry trailers, and one commit's diff: files, rendered/ per cluster, the
 * semantic summary and what a revert of it would carry as trailers.
 */
export class HistoryService {
  private pages: { repo: Repository; reading: LogPages } | undefined;

  constructor(private readonly deps: HistoryServiceDeps) {}

  async page(input: ParsedInputOf<'git:history'>): Promise<OutputOf<'git:history'>> {
    const repo = await this.deps.repository();
    const branch = await currentBranch(repo);
    const head = input.head ?? resolveRev(repo.gitdir, 'HEAD');
    if (input.head && !repo.objects.has(input.head)) throw new HostError('not-found', `There is no commit ${input.head.slice(0, 7)} in this repository.`);
    let reading = this.pages?.repo === repo && this.pages.reading.head === head ? this.pages.reading : undefined;
    if (!reading) {
      reading = LogPages.open(repo, head ?? 'HEAD');
      this.pages = { repo, reading };
    }
    const page = reading.page(input.offset, input.limit);
    return { ...(branch ? { branch } : {}), ...(head ? { head } : {}), rows: page.commits.map(row), more: page.more };
  }

  async commit(oid: string): Promise<OutputOf<'git:commitDiff'>> {
    const repo = await this.deps.repository();
    let c: CommitObject;
    try {
      c = readCommit(repo.objects, oid);
    } catch {
      throw new HostError('not-found', `There is no commit ${oid.slice(0, 7)} in this repository.`);
    }
    const parent = c.parents[0];
    const parentTree = parent && repo.objects.has(parent) ? readCommit(repo.objects, parent).tree : null;
    let budget = MAX_TEXTS;
    const text = (blob: string | undefined): string | null => {
      if (!blob || budget <= 0) return null;
      const data = repo.objects.readTyped(blob, 'blob');
      if (data.length > MAX_TEXT_BYTES || data.includes(0)) return null;
      return data.toString('utf8');
    };
    const files: FileDiff[] = [];
    const byCluster = new Map<string, FileDiff[]>();
    const changes = diffTrees(repo.objects, parentTree, c.tree).sort((a, b) => (a.path < b.path ? -1 : 1));
    for (const ch of changes) {
      const change: FileDiff['change'] = !ch.before ? 'added' : !ch.after ? 'deleted' : 'modified';
      const d: FileDiff = { path: ch.path, change, before: text(ch.before?.oid), after: text(ch.after?.oid) };
      budget--;
      const m = /^rendered\/([^/]+)\//.exec(ch.path);
      if (m) byCluster.set(m[1]!, [...(byCluster.get(m[1]!) ?? []), d]);
      else files.push(d);
    }
    // The semantic summary from the changed spec files alone (fast on a large workspace).
    const specBefore: Array<[string, Buffer]> = [];
    const specAfter: Array<[string, Buffer]> = [];
    for (const ch of changes) {
      if (ch.path.startsWith('rendered/') || !isSpecPath(ch.path)) continue;
      if (ch.before) specBefore.push([ch.path, repo.objects.readTyped(ch.before.oid, 'blob')]);
      if (ch.after) specAfter.push([ch.path, repo.objects.readTyped(ch.after.oid, 'blob')]);
    }
    const { summary } = changeSummary(specBefore, specAfter);
    const undo = changeSummary(specAfter, specBefore);
    const revertBlocked =
      c.parents.length === 0
        ? 'This is the first commit of the repository; reverting it would remove everything.'
        : c.parents.length > 1
          ? 'This is a merge; Gantry reverts only ordinary commits (git revert -m with the git CLI).'
          : undefined;
    return {
      oid: c.oid,
      ...(parent ? { parent } : {}),
      message: c.message,
      trailers: parseTrailers(c.message),
      summary: summary.map((s) => s.text),
      files,
      rendered: [...byCluster].map(([cluster, list]) => ({ cluster, files: list })),
      revertTrailers: formatGantryTrailers(gantryTrailers(undo.summary, ['revert'], undo.shards)),
      ...(revertBlocked ? { revertBlocked } : {}),
    };
  }
}

const isSpecPath = (p: string) => p === WORKSPACE_FILE || kindOfPath(p) !== undefined;

function row(c: CommitInfo): HistoryRowDto {
  const s = historySummary(c.message);
  return {
    oid: c.oid,
    subject: s.subject,
    summary: s.text,
    ...(s.gantry ? { gantry: s.gantry } : {}),
    author: { name: c.author.name, email: c.author.email },
    time: c.author.timestamp,
    parents: c.parents,
  };
}
