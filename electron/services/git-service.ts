import path from 'node:path';
import {
  branchState,
  cloneRepository,
  commit,
  containsCommit,
  fetch,
  createBranch,
  currentBranch,
  GitError,
  initRepository,
  listBranches,
  switchBranch,
  log,
  openRepository,
  pull,
  push,
  revert,
  setAside,
  status,
  watchRepository,
  type GitAuth,
  type GitIdentity,
  type Repository,
  type RepositoryWatcher,
} from '../../gitops/node/sync/index.ts';
import { setRemote } from '../../gitops/node/git/remote-setup.ts';
import { cloneFromFolder } from '../../gitops/node/git/bundle-clone.ts';
import { deleteBranch } from '../../gitops/node/git/delete-branch.ts';
import { treeOf } from '../../gitops/node/git/diff.ts';
import { checkRemoteUrl } from '../../shared/remote-url.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { OutputOf, ParsedInputOf } from '../../shared/ipc/contract.ts';
import type { BranchStateDto, FileDiff, Review } from '../../shared/ipc/schemas.ts';
import type { CredentialStore } from './credentials.ts';
import type { EventBus } from './event-bus.ts';
import type { Operations } from './operations.ts';
import { guarded } from './background.ts';
import { discardChanges, fileDiff, reviewOf } from './git-changes.ts';
import { authorIdentity } from './git-identity.ts';
import { HeadSide } from './review-sides.ts';
import type { WorkspaceService } from './workspace-service.ts';

export interface GitServiceDeps {
  workspace: WorkspaceService;
  ops: Operations;
  events: EventBus;
  credentials: CredentialStore;
  /** Who commits; defaults to GANTRY_GIT_AUTHOR_NAME/EMAIL (or GIT_AUTHOR_*), then git's user.name/user.email, else the OS user. */
  identity?: GitIdentity;
}

/**
 * The host side of `git:*` on the workspace sync (gitops/node/sync, over the Git plumbing in gitops/node/git): clone with progress and cancel,
 * status, per-file and rendered diffs with the semantic summary, commit (which re-renders and
 * refuses invalid workspaces and secrets), and push. Credentials come from the host's store and
 * never reach the renderer.
 */
export class GitService {
  private repo: Repository | undefined;
  private watcher: RepositoryWatcher | undefined;
  /** HEAD's model and render for the review, kept per HEAD tree. */
  readonly head = new HeadSide();

  constructor(private readonly deps: GitServiceDeps) {}

  async clone(input: ParsedInputOf<'git:clone'>): Promise<OutputOf<'git:clone'>> {
    const { ops, credentials, workspace } = this.deps;
    const where = checkRemoteUrl(input.url);
    if (!where.ok) throw new HostError('invalid-input', where.refusal);
    if (where.kind === 'file' || where.kind === 'path') {
      // An air-gapped mirror on this machine or a mounted drive: read with Gantry's own object reader, no token involved.
      if (input.token || input.username) throw new HostError('invalid-input', 'A folder needs no user name or token; leave them empty.');
      const source = where.dir!;
      const folderRepo = await ops.run(input.opId, (op) =>
        cloneFromFolder({ source, url: where.url, dir: input.dir, who: this.identity(path.join(input.dir, '.git')), signal: op.signal, onProgress: (p) => op.progress(p.phase, p.loaded, p.total) }),
      );
      this.adopt(folderRepo);
      return workspace.openDir(folderRepo.dir);
    }
    if (where.warning && !input.allowPlainHttp) throw new HostError('invalid-input', `${where.warning} Tick "Clone over plain http anyway" to go on.`);
    const given: GitAuth | undefined = input.token ? { username: input.username || 'gantry', password: input.token } : undefined;
    const auth = given ?? credentials.get(input.url);
    const repo = await ops.run(input.opId, (op) =>
      cloneRepository({
        url: input.url,
        dir: input.dir,
        ...(auth ? { auth } : {}),
        signal: op.signal,
        onProgress: (p) => op.progress(p.phase, p.loaded, p.total),
      }),
    );
    const saved = given ? credentials.set(input.url, given, input.remember ?? false) : undefined;
    this.adopt(repo);
    return { ...workspace.openDir(repo.dir), ...(saved?.reason ? { credentialNotice: saved.reason } : {}) };
  }

  /**
   * Makes the open plain folder a Git repository (branch main) with a first commit of the specs and
   * the rendered files, refused while the workspace has errors or unsaved edits, like any commit.
   */
  async init(): Promise<OutputOf<'git:init'>> {
    const { workspace } = this.deps;
    const open = workspace.current();
    if (workspace.snapshot().isGitRepo) throw new HostError('invalid-input', `${open.root} is a Git repository already.`);
    this.refuseDrafts('the first commit takes files as they are on disk');
    if (workspace.errorCount() > 0) throw new HostError('invalid-workspace', `Fix the ${workspace.errorCount()} error(s) first: a commit never carries an invalid workspace.`);
    const repo = await initRepository(open.root, { branch: 'main' });
    this.adopt(repo);
    const result = await commit(repo, {
      author: this.identity(repo.gitdir),
      message: 'Gantry workspace: specs and rendered files',
      workspace: { model: open.model, validator: open.validator },
    });
    const branch = await this.announceBranch();
    return { oid: result.oid, files: result.files.length, branch, snapshot: workspace.snapshot() };
  }

  /** Adds the remote origin or changes its URL; the current branch tracks the branch of its name there. */
  async setRemote(url: string, allowPlainHttp: boolean): Promise<OutputOf<'git:setRemote'>> {
    const repo = await this.current();
    const where = checkRemoteUrl(url);
    if (!where.ok) throw new HostError('invalid-input', where.refusal);
    if (where.kind === 'file' || where.kind === 'path') {
      throw new HostError('not-supported', 'Push and pull need a server: give the https:// address of the repository. For a network Gantry cannot reach, hand the commits over as a git bundle.');
    }
    if (where.warning && !allowPlainHttp) throw new HostError('invalid-input', `${where.warning} Tick "Use plain http anyway" to go on.`);
    if (/^https?:\/\/[^/]*@/i.test(url)) throw new HostError('invalid-input', 'Leave the user name and token out of the address: Gantry asks for the token and keeps it out of .git/config.');
    const branch = (await branchState(repo)).branch;
    setRemote(repo, where.url, { branch });
    return { branch: await this.announceBranch() };
  }

  async branches(): Promise<OutputOf<'git:branches'>> {
    const repo = await this.current();
    const all = await listBranches(repo);
    const current = await currentBranch(repo);
    const items = all.filter((b) => !b.remote).map((b) => ({ name: b.name, oid: b.oid, current: b.current, ...(b.upstream ? { upstream: b.upstream } : {}) }));
    return { ...(current ? { current } : {}), watched: this.watchedBranch(), items };
  }

  async createBranch(name: string): Promise<OutputOf<'git:createBranch'>> {
    const repo = await this.current();
    if ((await listBranches(repo)).some((b) => !b.remote && b.name === name)) throw new HostError('invalid-input', `A branch ${name} exists already; switch to it instead.`);
    await createBranch(repo, name, { switchTo: true });
    return { branch: await this.announceBranch() };
  }

  async switchBranch(name: string): Promise<OutputOf<'git:switchBranch'>> {
    const repo = await this.current();
    this.refuseDrafts('switching branch changes those files');
    await switchBranch(repo, name);
    const snapshot = this.deps.workspace.reloadFromDisk();
    return { branch: await this.announceBranch(), snapshot };
  }

  async deleteBranch(name: string, force: boolean): Promise<OutputOf<'git:deleteBranch'>> {
    await deleteBranch(await this.current(), name, { force });
    return { deleted: name };
  }

  /** The branch the clusters' Flux Kustomization or Argo CD Application follows. */
  watchedBranch(): string {
    return this.deps.workspace.current().model.config.git?.branch ?? 'main';
  }

  /** Saved, uncommitted spec changes put back as in HEAD (added files removed); rendered/ is left to the next commit's render. */
  async discard(paths: string[] | undefined): Promise<OutputOf<'git:discard'>> {
    return discardChanges(await this.current(), this.deps.workspace, paths);
  }

  async status(): Promise<OutputOf<'git:status'>> {
    const repo = await this.current();
    return { changes: (await status(repo)).map(({ path, change }) => ({ path, change })) };
  }

  /** One file's diff, for the Changes view (git-review.ts). */
  async diff(file: string): Promise<FileDiff> {
    return fileDiff(await this.current(), file);
  }

  /** The review of the workspace against HEAD, for the Changes view (git-review.ts). */
  async review(): Promise<Review> {
    return reviewOf(await this.current(), this.deps.workspace, this.head);
  }

  async commit(message: string): Promise<OutputOf<'git:commit'>> {
    const repo = await this.current();
    const { workspace } = this.deps;
    if (workspace.drafts().length) {
      throw new HostError('invalid-workspace', `Save ${workspace.drafts().join(', ')} first: a commit takes files as they are on disk.`);
    }
    const open = workspace.current();
    // The render kept in step with the model (no drafts here: the model is the disk), not a full render.
    const rendered = workspace.errorCount() === 0 ? workspace.renderOf().rendered() : undefined;
    const result = await commit(repo, { author: this.identity(repo.gitdir), message, workspace: { model: open.model, validator: open.validator, ...(rendered ? { rendered } : {}) } });
    return { oid: result.oid, files: result.files.length, branch: await this.announceBranch(), ...(result.leftOut.length ? { leftOut: result.leftOut } : {}) };
  }

  async push(opId: string): Promise<OutputOf<'git:push'>> {
    const repo = await this.current();
    const auth = await this.remoteAuth(repo);
    // Offline, the Git layer fails with 'network' and leaves the commits queued (ahead > 0).
    await this.deps.ops.run(opId, (op) =>
      push(repo, { ...(auth ? { auth } : {}), signal: op.signal, onProgress: (p) => op.progress(p.phase, p.loaded, p.total) }),
    );
    return { branch: await this.announceBranch() };
  }

  /** Fetches so the branch knows how far behind its remote it is; no local branch or file changes. */
  async fetch(opId: string): Promise<OutputOf<'git:fetch'>> {
    const repo = await this.current();
    const auth = await this.remoteAuth(repo);
    await this.deps.ops.run(opId, (op) =>
      fetch(repo, { ...(auth ? { auth } : {}), signal: op.signal, onProgress: (p) => op.progress(p.phase, p.loaded, p.total) }),
    );
    return { branch: await this.announceBranch() };
  }

  /**
   * Takes the remote's commits: a fast-forward, or the queued local commits replayed on top (what
   * a rejected push asks for). Unsaved editor text is refused first, because the pull may rewrite
   * those files. The spec files the pull changed go into the workspace model at once, so tables and
   * findings show the remote's work before the file watcher would report it.
   */
  async pull(opId: string): Promise<OutputOf<'git:pull'>> {
    const repo = await this.current();
    this.refuseDrafts('pulling may change those files');
    const auth = await this.remoteAuth(repo);
    const result = await this.deps.ops
      .run(opId, (op) =>
        pull(repo, { ...(auth ? { auth } : {}), author: this.identity(repo.gitdir), signal: op.signal, onProgress: (p) => op.progress(p.phase, p.loaded, p.total) }),
      )
      .catch((err: unknown) => {
        // The Git layer's advice names git commands; in the app the branch box offers the way out.
        const d = err instanceof GitError && err.code === 'merge-conflict' ? (err.details as { files?: string[]; commit?: { message: string } } | undefined) : undefined;
        if (d?.commit && d.files?.length) {
          throw new HostError('merge-conflict', `Your commit "${subjectOf(d.commit.message)}" and the remote both changed ${d.files.join(', ')}. Nothing was changed; your commits are still queued.`);
        }
        throw err;
      });
    this.deps.workspace.syncFromDisk(result.files.map((f) => f.path));
    return { branch: await this.announceBranch(), kind: result.kind, rebased: result.rebased, files: result.files.length };
  }

  /** The way out of a conflicting pull: the unpushed commits go under a ref of their own, the files become the remote's. */
  async setAside(): Promise<OutputOf<'git:setAside'>> {
    const repo = await this.current();
    this.refuseDrafts('this changes those files');
    const r = await setAside(repo, { author: this.identity(repo.gitdir) });
    this.deps.workspace.syncFromDisk(r.files.map((f) => f.path));
    return {
      branch: await this.announceBranch(),
      ref: r.ref,
      commits: r.commits.map((c) => ({ oid: c.oid, subject: subjectOf(c.message) })),
      summary: r.summary,
      files: r.files.length,
    };
  }

  /**
   * Undoes a commit as a new commit on top (the sync layer's revert: rendered/ made again from the
   * resulting specs). Unsaved editor text in the files it changes is refused first, like a pull.
   */
  async revert(commitOid: string, trailers: readonly string[]): Promise<OutputOf<'git:revert'>> {
    const repo = await this.current();
    this.refuseDrafts('the revert changes files on disk');
    const r = await revert(repo, { commit: commitOid, author: this.identity(repo.gitdir), trailers });
    this.deps.workspace.syncFromDisk(r.files.map((f) => f.path));
    return { oid: r.oid, reverted: r.reverted, message: r.message, files: r.files.length, branch: await this.announceBranch() };
  }

  /** A commit (default HEAD) with its subject line, for following its rollout. */
  async commitFacts(oid?: string): Promise<{ oid: string; subject: string }> {
    const [c] = await log(await this.current(), { ref: oid ?? 'HEAD', depth: 1 });
    if (!c) throw new HostError('not-found', 'The branch has no commits yet: commit and push first.');
    return { oid: c.oid, subject: subjectOf(c.message) };
  }

  /** Whether `ancestor` is in the history of `descendant`; undefined while this clone lacks `descendant` (a fetch may bring it). */
  async contains(ancestor: string, descendant: string): Promise<boolean | undefined> {
    const repo = await this.current();
    return repo.objects.has(descendant) ? containsCommit(repo, ancestor, descendant) : undefined;
  }

  /** For the handoff service (handoff-service.ts): the open workspace's repository. */
  openRepo(): Promise<Repository> {
    return this.current();
  }

  /** For the handoff service: who commits (and rebases) in `repo`. */
  authorFor(repo: Repository): GitIdentity {
    return this.identity(repo.gitdir);
  }

  /** For the handoff service: refuses with unsaved editor text, as a pull does. */
  guardDrafts(why: string): void {
    this.refuseDrafts(why);
  }

  /** For the handoff service: the branch after an import, told to every window. */
  announce(): Promise<BranchStateDto> {
    return this.announceBranch();
  }

  /** Unsaved editor text blocks work that rewrites files on disk; `why` finishes the sentence. */
  private refuseDrafts(why: string): void {
    const drafts = this.deps.workspace.drafts();
    if (drafts.length) throw new HostError('invalid-workspace', `Save or discard your edits to ${drafts.join(', ')} first: ${why}.`);
  }

  /** The branch after a commit, push, fetch, pull or set-aside, told to every window as well. */
  private async announceBranch(): Promise<BranchStateDto> {
    const branch = await this.branchState();
    this.deps.events.emit('git:onDidChange', { branch, changes: 0 });
    return branch;
  }

  /** The credential for the branch's remote; `workspaceRemote` lets GANTRY_GIT_TOKEN serve it (a clone URL does not). */
  private async remoteAuth(repo: Repository): Promise<GitAuth | undefined> {
    const state = await branchState(repo);
    // A clone from a folder (an air-gapped mirror): isomorphic-git has no file:// transport; say so instead of "offline".
    const where = state.remoteUrl ? checkRemoteUrl(state.remoteUrl) : undefined;
    if (where?.ok && (where.kind === 'file' || where.kind === 'path')) {
      throw new HostError('not-supported', `The remote is a folder (${where.dir}): Gantry fetches, pulls and pushes over https only. Take new commits from it as a bundle (Bundle…, Import), hand yours over as one (Export), or set the repository's https:// address with Change.`);
    }
    return state.remoteUrl ? this.deps.credentials.get(state.remoteUrl, { workspaceRemote: true }) : undefined;
  }

  async branchState(): Promise<BranchStateDto> {
    const s = await branchState(await this.current());
    return { branch: s.branch, ahead: s.ahead, behind: s.behind, ...(s.remoteUrl ? { remoteUrl: s.remoteUrl } : {}) };
  }

  dispose(): void {
    this.watcher?.close();
    this.repo?.close();
    this.repo = undefined;
  }

  /** The repository of the open workspace, opened once and watched so status stays warm. */
  repository(): Promise<Repository> {
    return this.current();
  }

  /** The same, for the service (see repository()). */
  private async current(): Promise<Repository> {
    const root = this.deps.workspace.current().root;
    if (this.repo?.dir === root) return this.repo;
    let repo: Repository;
    try {
      repo = await openRepository(root);
    } catch (err) {
      if (err instanceof GitError && err.code === 'not-a-repository') throw new HostError('not-a-repository', err.message);
      throw err;
    }
    this.adopt(repo);
    return repo;
  }

  private adopt(repo: Repository): void {
    if (this.repo === repo) return;
    this.dispose();
    this.repo = repo;
    this.watcher = watchRepository(repo);
    this.prepareReview(repo);
  }

  /**
   * Once the workspace's render ahead is done, derives HEAD's side of the review too (one block of
   * about 0.1 s on the large example), so the first Changes after an edit renders only the edit.
   */
  private prepareReview(repo: Repository): void {
    const { workspace } = this.deps;
    void workspace.renderedAhead()?.then(() =>
      setImmediate(
        guarded('preparing the review', () => {
          if (this.repo !== repo || workspace.root !== repo.dir || workspace.drafts().length) return;
          this.head.side(repo, treeOf(repo, 'HEAD'), workspace.renderOf());
        }),
      ),
    );
  }

  /** The host's identity when it was given one (tests), else authorIdentity's (git-identity.ts). */
  private identity(gitdir: string): GitIdentity {
    return this.deps.identity ?? authorIdentity(gitdir);
  }
}

/** A commit message's first line. */
function subjectOf(message: string): string {
  return message.split('\n')[0] ?? '';
}
