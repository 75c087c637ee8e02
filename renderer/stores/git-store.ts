import { create } from 'zustand';
import { newOpId } from '../../shared/ipc/client.ts';
import type { BranchStateDto, FileDiff, Progress, Review } from '../../shared/ipc/schemas.ts';
import { call, IpcCallError } from '../ipc/index.ts';
import { useApp } from './app-store.ts';

export type Selection = { kind: 'spec'; path: string } | { kind: 'rendered'; cluster: string; path: string };

interface GitState {
  branch: BranchStateDto | undefined;
  /** Spec files that differ from HEAD (the activity bar badge). */
  changeCount: number | undefined;
  setChangeCount(n: number | undefined): void;
  review: Review | undefined;
  loading: boolean;
  reviewError: string | undefined;
  selected: Selection | undefined;
  diff: FileDiff | undefined;
  message: string;
  /** The person typed the message; a refreshed review does not overwrite it. */
  messageEdited: boolean;
  committing: boolean;
  pushing: boolean;
  pushOp: string | undefined;
  pushProgress: Progress | undefined;
  pushError: { code: string; message: string } | undefined;
  loadBranch(): Promise<void>;
  setBranch(b: BranchStateDto): void;
  loadReview(): Promise<void>;
  select(sel: Selection): Promise<void>;
  setMessage(m: string): void;
  commit(): Promise<boolean>;
  push(): Promise<boolean>;
  cancelPush(): Promise<void>;
  onProgress(p: Progress): void;
  reset(): void;
}

function say(kind: 'error' | 'success' | 'info', text: string) {
  useApp.getState().toast(kind, text);
}

/** Branch, review (spec and rendered diff, semantic summary), commit and push with progress. */
export const useGit = create<GitState>()((set, get) => ({
  branch: undefined,
  changeCount: undefined,
  setChangeCount: (changeCount) => set({ changeCount }),
  review: undefined,
  loading: false,
  reviewError: undefined,
  selected: undefined,
  diff: undefined,
  message: '',
  messageEdited: false,
  committing: false,
  pushing: false,
  pushOp: undefined,
  pushProgress: undefined,
  pushError: undefined,

  async loadBranch() {
    try {
      set({ branch: await call('git:branchState', {}) });
    } catch {
      set({ branch: undefined });
    }
  },
  setBranch: (branch) => set({ branch }),

  async loadReview() {
    set({ loading: true });
    try {
      const review = await call('git:review', {});
      const s = get();
      const stillThere = s.selected && (s.selected.kind === 'spec'
        ? review.changes.some((c) => c.path === s.selected!.path)
        : review.rendered.some((g) => g.files.some((f) => f.path === s.selected!.path)));
      set({
        review,
        reviewError: undefined,
        message: s.messageEdited ? s.message : review.changes.length ? review.suggestedMessage : '',
        changeCount: review.changes.length,
        ...(stillThere ? {} : { selected: undefined, diff: undefined }),
      });
      const first = review.changes[0];
      if (!stillThere && first) await get().select({ kind: 'spec', path: first.path });
      else if (stillThere && s.selected) await get().select(s.selected);
    } catch (err) {
      set({ review: undefined, reviewError: err instanceof Error ? err.message : String(err) });
    } finally {
      set({ loading: false });
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
    const opId = newOpId('push');
    set({ pushing: true, pushOp: opId, pushProgress: undefined, pushError: undefined });
    try {
      const r = await call('git:push', { opId });
      set({ branch: r.branch });
      say('success', `Pushed to ${r.branch.branch}.`);
      return true;
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const code = err instanceof IpcCallError ? err.code : 'unknown';
      set({ pushError: { code, message: msg } });
      // Offline is not a failure to shout about: the push box says the commits wait.
      if (code !== 'cancelled' && code !== 'network') say('error', msg);
      await get().loadBranch();
      return false;
    } finally {
      set({ pushing: false, pushOp: undefined });
    }
  },

  async cancelPush() {
    const op = get().pushOp;
    if (op) await call('op:cancel', { opId: op }).catch(() => undefined);
  },

  onProgress(p) {
    if (p.opId === get().pushOp) set({ pushProgress: p });
  },

  reset: () => set({ branch: undefined, changeCount: undefined, review: undefined, selected: undefined, diff: undefined, message: '', messageEdited: false }),
}));
