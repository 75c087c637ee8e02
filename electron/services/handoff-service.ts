import path from 'node:path';
import { GitError } from '../../gitops/node/git/types.ts';
import { applyImport, exportHandoff, previewImport } from '../../gitops/node/sync/handoff.ts';
import type { ReportCommit } from '../../gitops/core/report/change-report.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/ipc/contract.ts';
import type { HandoffCommitDto } from '../../shared/ipc/handoff-schemas.ts';
import type { GitService } from './git-service.ts';
import type { Operations } from './operations.ts';
import type { WorkspaceService } from './workspace-service.ts';

export interface HandoffServiceDeps {
  git: GitService;
  workspace: WorkspaceService;
  ops: Operations;
}

const subjectOf = (message: string) => message.split('\n')[0] ?? '';

function commitDto(c: ReportCommit): HandoffCommitDto {
  return { oid: c.oid, subject: subjectOf(c.message), author: c.author.name, timestamp: c.author.timestamp, summary: c.summary, files: c.files.length };
}

/** A bundle path must be a full path: the host has no "current folder" a person could mean. */
function fullPath(p: string, what: string): string {
  if (!path.isAbsolute(p)) throw new HostError('invalid-input', `Give the full path of the ${what} (it starts with / or a drive letter), not ${p}.`);
  return path.resolve(p);
}

/**
 * The host side of the air-gapped handoff on the workspace sync (gitops/node/sync/handoff.ts):
 * export the unpushed commits as a git bundle with the HTML change report next to it, preview a
 * bundle received back, import it (fast-forward or rebase). Unsaved editor text is refused before
 * an import, as before a pull; the files the import changed go into the workspace model at once.
 */
export class HandoffService {
  constructor(private readonly deps: HandoffServiceDeps) {}

  async exportBundle(input: ParsedInputOf<'git:exportBundle'>): Promise<OutputOf<'git:exportBundle'>> {
    const repo = await this.deps.git.openRepo();
    const folder = fullPath(input.folder, 'folder for the bundle');
    if (folder === repo.dir || folder.startsWith(`${repo.dir}${path.sep}`)) {
      throw new HostError('invalid-input', `Choose a folder outside the workspace (${repo.dir}); a bundle inside it would show up as a change to commit.`);
    }
    const out = await exportHandoff(repo, { folder, title: this.deps.workspace.snapshot().name, ...(input.base ? { base: input.base } : {}) }).catch(rethrow);
    return {
      bundlePath: out.bundlePath,
      reportPath: out.reportPath,
      branch: out.branch,
      tip: out.tip,
      prerequisites: out.prerequisites,
      commits: out.commits.map(commitDto),
      bytes: out.bytes,
    };
  }

  async previewBundle(input: ParsedInputOf<'git:previewBundle'>): Promise<OutputOf<'git:previewBundle'>> {
    const repo = await this.deps.git.openRepo();
    const file = fullPath(input.file, 'bundle file');
    const p = await previewImport(repo, { file, ...(input.ref ? { ref: input.ref } : {}) }).catch(rethrow);
    return { ...p, incoming: p.incoming.map(commitDto) };
  }

  async importBundle(input: ParsedInputOf<'git:importBundle'>): Promise<OutputOf<'git:importBundle'>> {
    const { git, workspace, ops } = this.deps;
    const repo = await git.openRepo();
    const file = fullPath(input.file, 'bundle file');
    git.guardDrafts('importing may change those files');
    const r = await ops
      .run(input.opId, (op) =>
        applyImport(repo, {
          file,
          author: git.authorFor(repo),
          ...(input.ref ? { ref: input.ref } : {}),
          ...(input.expectTip ? { expectTip: input.expectTip } : {}),
          signal: op.signal,
          onProgress: (p) => op.progress(p.phase, p.loaded, p.total),
        }),
      )
      .catch(rethrow);
    workspace.syncFromDisk(r.files.map((f) => f.path));
    return { kind: r.kind, rebased: r.rebased, files: r.files.length, tip: r.tip, trackingMoved: r.trackingMoved, branch: await git.announce() };
  }
}

/** GitErrors pass as they are (the dispatcher maps their codes); a missing file says which. */
function rethrow(err: unknown): never {
  if (err instanceof GitError) throw err;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EACCES' || e?.code === 'EROFS') throw new HostError('write-failed', `Gantry cannot write there (${e.code === 'EROFS' ? 'a read-only drive' : 'no permission'}): ${e.path ?? ''}. Choose another folder.`);
  throw err;
}
