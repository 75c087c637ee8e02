import { create } from 'zustand';
import type { HistoryCommitDto, HistoryRowDto } from '../../../shared/ipc/history-schemas.ts';
import type { FileDiff } from '../../../shared/ipc/schemas.ts';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useGit } from '../../stores/git-store.ts';
import { firstPage } from './first-page.ts';
/** Rows fetched when the list scrolls near its end. */
export const NEXT_PAGE = 1000;

interface HistoryState {
  branch?: string;
  /** The commit the reading started from; later pages are pinned to it. */
  head?: string;
  rows: HistoryRowDto[];
  more: boolean;
  loading: boolean;
  error?: string;
  /** Selected row (index into rows). */
  index: number;
  detail?: HistoryCommitDto;
  detailError?: string;
  /** The file whose diff is shown. */
  file?: FileDiff;
  reverting: boolean;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  select(index: number): void;
  selectFile(f: FileDiff): void;
  revert(): Promise<boolean>;
}

let detailSeq = 0;
let detailTimer: ReturnType<typeof setTimeout> | undefined;

function say(kind: 'error' | 'success' | 'info', text: string) {
  useApp.getState().toast(kind, text);
}

export const useHistory = create<HistoryState>()((set, get) => ({
  rows: [],
  more: false,
  loading: false,
  index: 0,
  reverting: false,

  async load() {
    set({ loading: true, error: undefined });
    try {
      // The page History asked for when it was opened (while this code loaded), else a new one.
      const r = await firstPage.take();
      const keep = get().detail?.oid;
      const at = keep ? r.rows.findIndex((x) => x.oid === keep) : -1;
      set({ branch: r.branch, head: r.head, rows: r.rows, more: r.more, loading: false });
      get().select(at >= 0 ? at : 0);
    } catch (err) {
      set({ loading: false, error: err instanceof Error ? err.message : String(err), rows: [], more: false });
    }
  },

  async loadMore() {
    const { more, loading, head, rows } = get();
    if (!more || loading || !head) return;
    set({ loading: true });
    try {
      const r = await call('git:history', { offset: rows.length, limit: NEXT_PAGE, head });
      if (get().head !== head) return; // the branch moved meanwhile: a reload is under way
      set({ rows: [...get().rows, ...r.rows], more: r.more, loading: false });
    } catch (err) {
      set({ loading: false, error: err instanceof Error ? err.message : String(err) });
    }
  },

  select(index) {
    const rows = get().rows;
    if (!rows.length) {
      set({ index: 0, detail: undefined, file: undefined });
      return;
    }
    const i = Math.max(0, Math.min(rows.length - 1, index));
    set({ index: i });
    const oid = rows[i]!.oid;
    if (get().detail?.oid === oid) return;
    // Arrow keys held down: fetch the diff of the row the key stops on.
    const n = ++detailSeq;
    if (detailTimer) clearTimeout(detailTimer);
    detailTimer = setTimeout(() => {
      call('git:commitDiff', { oid }).then(
        (d) => {
          if (n !== detailSeq) return;
          const first = d.files.find((f) => f.before !== null || f.after !== null) ?? d.rendered[0]?.files[0];
          set({ detail: d, detailError: undefined, file: first });
        },
        (err) => n === detailSeq && set({ detailError: err instanceof Error ? err.message : String(err) }),
      );
    }, 60);
  },

  selectFile: (file) => set({ file }),

  async revert() {
    const d = get().detail;
    const row = get().rows[get().index];
    if (!d || !row || d.revertBlocked) return false;
    if (!window.confirm(`Revert "${row.subject}"? A new commit on ${get().branch ?? 'this branch'} undoes its changes (rendered/ made again from the specs). Push it when ready.`)) return false;
    set({ reverting: true });
    try {
      const r = await call('git:revert', { commit: d.oid, trailers: d.revertTrailers });
      useGit.getState().setBranch(r.branch);
      say('success', `Reverted ${d.oid.slice(0, 7)} as ${r.oid.slice(0, 7)} (${r.files} file${r.files === 1 ? '' : 's'}).`);
      set({ detail: undefined });
      await get().load();
      void useGit.getState().loadReview();
      return true;
    } catch (err) {
      say('error', err instanceof Error ? err.message : String(err));
      return false;
    } finally {
      set({ reverting: false });
    }
  },
}));
