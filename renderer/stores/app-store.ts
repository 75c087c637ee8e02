import { create } from 'zustand';
import type { AppInfo } from '../../shared/ipc/schemas.ts';

export type View = 'workspace' | 'changes' | 'history' | 'capacity' | 'metrics' | 'provisioning' | 'live' | 'routing';
export type TableKind = 'tenants' | 'shards' | 'pools' | 'clusters';

export type Dialog = { kind: 'addTenant' } | { kind: 'drainShard'; shard?: string } | { kind: 'leave' };

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  text: string;
}

interface AppState {
  info: AppInfo | undefined;
  view: View;
  table: TableKind;
  query: string;
  problemsOpen: boolean;
  /** Bumped to ask the search box to take focus (Ctrl+K). */
  searchFocus: number;
  /** Bumped to ask the commit box to take focus. */
  commitFocus: number;
  dialog: Dialog | undefined;
  toasts: Toast[];
  setInfo(info: AppInfo): void;
  setView(view: View): void;
  setTable(table: TableKind): void;
  setQuery(query: string): void;
  toggleProblems(open?: boolean): void;
  focusSearch(): void;
  focusCommit(): void;
  openDialog(d: Dialog): void;
  closeDialog(): void;
  toast(kind: Toast['kind'], text: string): void;
  dismiss(id: number): void;
}

let toastId = 0;

/** Shell state: which view and table are shown, panels, dialogs, toasts. */
export const useApp = create<AppState>()((set, get) => ({
  info: undefined,
  view: 'workspace',
  table: 'tenants',
  query: '',
  problemsOpen: true,
  searchFocus: 0,
  commitFocus: 0,
  dialog: undefined,
  toasts: [],
  setInfo: (info) => set({ info }),
  setView: (view) => set({ view }),
  setTable: (table) => set({ table }),
  setQuery: (query) => set({ query }),
  toggleProblems: (open) => set((s) => ({ problemsOpen: open ?? !s.problemsOpen })),
  focusSearch: () => set((s) => ({ view: 'workspace', searchFocus: s.searchFocus + 1 })),
  focusCommit: () => set((s) => ({ view: 'changes', commitFocus: s.commitFocus + 1 })),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: undefined }),
  toast: (kind, text) => {
    const id = ++toastId;
    set({ toasts: [...get().toasts.slice(-3), { id, kind, text }] });
    setTimeout(() => get().dismiss(id), kind === 'error' ? 9000 : 4500);
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));
