import { create } from 'zustand';
import { newOpId } from '../../shared/ipc/client.ts';
import type { OutputOf } from '../../shared/ipc/contract.ts';
import type { BranchStateDto, FileDiff, Progress, Review } from '../../shared/ipc/schemas.ts';
import { call, IpcCallError } from '../ipc/index.ts';
import { useApp } from './app-store.ts';
import { useEditor } from './editor-store.ts';
import { useRollout } from './rollout-store.ts';
import { useWorkspace } from './workspace-store.ts';

export type SyncKind = 'push' | 'pull' | 'fetch';

export type Selection = { kind: 'spec'; path: string } | { kind: 'rendered'; cluster: string; path: string };

interface GitState {
  branch: BranchStateDto | undefined;
  /** Spec files that differ from HEAD (the activity bar badge). */
  changeCount: number | undefined;
  setChangeCount(n: number | undefined): void;
  review: Review | undefined;
  /**
   * The workspace revision the review (or its error) was asked for: the Changes view shows it once
   * that is the current revision, without waiting for the selected file's diff.
   */
  reviewedRevision: number | undefined;
  loading: boolean;
  reviewError: string | undefined;
  selected: Selection | undefined;
  diff: FileDiff | undefined;
  message: string;
  /** The person typed the message; a refreshed review does not overwrite it. */
  messageEdited: boolean;
  committing: boolean;
  /** The push, pull or fetch under way (one at a time), with its progress. */
  sync: { kind: SyncKind; opId: string; progress?: Progress } | undefined;
  /** How the last push, pull or fetch failed; cleared when the next one starts. */
  syncError: { kind: SyncKind; code: string; message: string } | undefined;
  /** The commits last set aside after a conflicting pull, until dismissed. */
  setAside: OutputOf<'git:setAside'> | undefined;
  loadBranch(): Promise<void>;
  setBranch(b: BranchStateDto): void;
  loadReview(): Promise<void>;
  select(sel: Selection): Promise<void>;
  setMessage(m: string): void;
  commit(): Promise<boolean>;
  push(): Promise<boolean>;
  /** Takes the remote's commits (fast-forward, or the queued commits replayed on top). */
  pull(): Promise<boolean>;
  fetch(): Promise<boolean>;
  /** After a conflicting pull: keep the unpushed commits under their own ref and take the remote's files. */
  setAsideAndTakeRemote(): Promise<boolean>;
  /** Puts saved, uncommitted spec files back as in the last commit (asks first); all of them without `paths`. */
  discard(paths?: string[]): Promise<boolean>;
  dismissSetAside(): void;
  cancelSync(): Promise<void>;
  onProgress(p: Progress): void;
  reset(): void;
}

function say(kind: 'error' | 'success' | 'info', text: string) {
  useApp.getState().toast(kind, text);
}

/**
 * Runs one push, pull or fetch with progress: its result, or undefined after recording why it
 * failed (a toast too, except for cancel and offline, which the branch box explains).
 */
async function runSync<T extends { branch: BranchStateDto }>(kind: SyncKind, run: (opId: string) => Promise<T>): Promise<T | undefined> {
  const opId = newOpId(kind);
  useGit.setState({ sync: { kind, opId }, syncError: undefined });
  try {
    const r = await run(opId);
    useGit.setState({ branch: r.branch });
    return r;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const code = err instanceof IpcCallError ? err.code : 'unknown';
    useGit.setState({ syncError: { kind, code, message } });
    // The branch box explains these and offers the next step; a toast would only repeat it.
    if (!['cancelled', 'network', 'push-rejected', 'merge-conflict'].includes(code)) say('error', message);
    await useGit.getState().loadBranch();
    return undefined;
  } finally {
    useGit.setState({ sync: undefined });
  }
}

/** Branch, review (spec and rendered diff, semantic summary), commit, push and pull with progress. */
/** How many reviews were asked for (loadReview shows only the latest one's answer). */
let reviewsAsked = 0;

export const useGit = create<GitState>()((set, get) => ({
  branch: undefined,
  changeCount: undefined,
  setChangeCount: (changeCount) => set({ changeCount }),
  review: undefined,
  reviewedRevision: undefined,
  loading: false,
  reviewError: undefined,
  selected: undefined,
  diff: undefined,
  message: '',
  messageEdited: false,
  committing: false,
  sync: undefined,
  syncError: undefined,
  setAside: undefined,

  async loadBranch() {
    try {
      set({ branch: await call('git:branchState', {}) });
    } catch {
      set({ branch: undefined });
    }
  },
  setBranch: (branch) => set({ branch }),

  async loadReview() {
    // Only the latest request's answer is shown: an older one arriving after it (the host answers
    // concurrent reviews in any order) would show an old review, or keep the view loading for ever.
    const ask = ++reviewsAsked;
    set({ loading: true });
    const revision = useWorkspace.getState().revision;
    try {
      const review = await call('git:review', {});
      if (ask !== reviewsAsked) return;
      const s = get();
      const stillThere = s.selected && (s.selected.kind === 'spec'
        ? review.changes.some((c) => c.path === s.selected!.path)
        : review.rendered.some((g) => g.files.some((f) => f.path === s.selected!.path)));
      set({
        review,
        reviewedRevision: revision,
        reviewError: undefined,
        message: s.messageEdited ? s.message : review.changes.length ? review.suggestedMessage : '',
        changeCount: review.changes.length,
        ...(stillThere ? {} : { selected: undefined, diff: undefined }),
      });
      const first = review.changes[0];
      if (!stillThere && first) await get().select({ kind: 'spec', path: first.path });
      else if (stillThere && s.selected) await get().select(s.selected);
    } catch (err) {
      if (ask === reviewsAsked) set({ review: undefined, reviewedRevision: revision, reviewError: err instanceof Error ? err.message : String(err) });
    } finally {
      if (ask === reviewsAsked) set({ loading: false });
    }
  },

  async select(sel) {
    set({ selected: sel });
    if (sel.kind === 'rendered') {
      const f = get().review?.rendered.find((g) => g.cluster === sel.cluster)?.files.find((x) => x.path === sel.path);
      set({ diff: f });
      return;
    }
    try {
      const diff = await call('git:diff', { path: sel.path });
      if (get().selected === sel) set({ diff });
    } catch (err) {
      // Nothing selected then: the pane says "Pick a file" instead of loading for ever.
      if (get().selected === sel) set({ selected: undefined });
      say('error', err instanceof Error ? err.message : String(err));
    }
  },

  setMessage: (message) => set({ message, messageEdited: true }),

  async commit() {
    const message = get().message.trim();
    if (!message) {
      say('error', 'Write a commit message first.');
      return false;
    }
    set({ committing: true });
    try {
      const r = await call('git:commit', { message });
      set({ branch: r.branch, message: '', messageEdited: false });
      say('success', `Committed ${r.oid.slice(0, 7)} (${r.files} file${r.files === 1 ? '' : 's'}).`);
      for (const l of r.leftOut ?? []) say('info', `Not committed: ${l.path}, ${l.why}.`);
      await get().loadReview();
      return true;
    } catch (err) {
      say('error', err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      set({ committing: false });
    }
  },

  async push() {
    // Ctrl+Shift+P with nothing queued: say so, and claim no push.
    await get().loadBranch();
    const before = get().branch;
    if (before && !before.remoteUrl) {
      say('info', `${before.branch} has no remote yet: add one in Changes, under Branch, then push.`);
      return false;
    }
    if (before && before.ahead === 0) {
      say('info', `Nothing to push: ${before.branch} has no commits the remote lacks.`);
      return false;
    }
    const r = await runSync('push', (opId) => call('git:push', { opId }));
    if (r) {
      say('success', `Pushed to ${r.branch.branch}.`);
      // Then follow the pushed commit until every cluster has applied it; a branch the clusters do
      // not follow rolls out only once merged (the branch box says so and links the pull request).
      const watched = await call('git:branches', {}).then((b) => b.watched, () => undefined);
      if (!watched || watched === r.branch.branch) void useRollout.getState().follow();
    }
    return r !== undefined;
  },

  async pull() {
    const r = await runSync('pull', (opId) => call('git:pull', { opId }));
    if (!r) return false;
    const files = `${r.files} file${r.files === 1 ? '' : 's'}`;
    if (r.kind === 'up-to-date') say('info', 'Already up to date with the remote.');
    else if (r.kind === 'fast-forward') say('success', `Pulled the remote's commits (${files} changed).`);
    else say('success', `Pulled: your ${r.rebased} commit${r.rebased === 1 ? '' : 's'} now sit${r.rebased === 1 ? 's' : ''} on top of the remote's (${files} changed). Push when ready.`);
    await get().loadReview();
    return true;
  },

  async fetch() {
    return (await runSync('fetch', (opId) => call('git:fetch', { opId }))) !== undefined;
  },

  async setAsideAndTakeRemote() {
    try {
      const r = await call('git:setAside', {});
      set({ branch: r.branch, setAside: r, syncError: undefined });
      say('success', `Took the remote's version; your commit${r.commits.length === 1 ? ' is' : 's are'} kept as ${r.ref.replace('refs/', '')}.`);
      await get().loadReview();
      return true;
    } catch (err) {
      say('error', err instanceof Error ? err.message : String(err));
      return false;
    }
  },

  async discard(paths) {
    const what = paths ? paths.join(', ') : 'every saved change';
    if (!window.confirm(`Discard ${what}? The files go back to the last commit; this cannot be undone.`)) return false;
    try {
      const r = await call('git:discard', paths ? { paths } : {});
      if (r.delta) useWorkspace.getState().applyDelta(r.delta);
      for (const f of r.files) if (useEditor.getState().buffers[f]) await useEditor.getState().revert(f);
      say('success', `Discarded the changes to ${r.files.length} file${r.files.length === 1 ? '' : 's'}.`);
      await get().loadReview();
      return true;
    } catch (err) {
      say('error', err instanceof Error ? err.message : String(err));
      return false;
    }
  },

  dismissSetAside: () => set({ setAside: undefined }),

  async cancelSync() {
    const op = get().sync?.opId;
    if (op) await call('op:cancel', { opId: op }).catch(() => undefined);
  },

  onProgress(p) {
    const s = get().sync;
    if (s && p.opId === s.opId) set({ sync: { ...s, progress: p } });
  },

  reset: () => set({ branch: undefined, changeCount: undefined, review: undefined, reviewedRevision: undefined, selected: undefined, diff: undefined, message: '', messageEdited: false }),
}));
