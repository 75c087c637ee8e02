import { create } from 'zustand';
import { call, IpcCallError } from '../ipc/index.ts';
import { useApp } from './app-store.ts';
import { useWorkspace } from './workspace-store.ts';

export type EditorTab = 'form' | 'yaml';

export interface Buffer {
  /** What the disk held when loaded or last saved. */
  disk: string;
  /** What the editor shows (form and YAML edit the same text). */
  text: string;
  /** The file changed on disk while this buffer had unsaved edits. */
  conflict: boolean;
  /** The unsaved text came back from the host's draft store (after a reload, a switch or a crash). */
  restored?: boolean;
  /** Showing the compare view of theirs (disk) and mine (this text). */
  comparing?: boolean;
}

interface EditorState {
  file: string | undefined;
  tab: EditorTab;
  buffers: Record<string, Buffer>;
  /** Ask the YAML editor to show a line; `nonce` makes repeated requests distinct. */
  reveal: { file: string; line: number; column: number; nonce: number } | undefined;
  saving: boolean;
  open(file: string, opts?: { tab?: EditorTab; line?: number; column?: number }): Promise<void>;
  setTab(tab: EditorTab): void;
  setText(file: string, text: string): void;
  save(file?: string): Promise<boolean>;
  saveAll(): Promise<boolean>;
  revert(file?: string): Promise<void>;
  /** A file changed on disk: reload it when it has no edits, else mark the conflict. */
  externalChange(file: string): Promise<void>;
  /** Brings back the unsaved text the host kept for this workspace; opens the first such file. */
  restoreDrafts(): Promise<string[]>;
  setComparing(file: string, on: boolean): void;
  close(): void;
  reset(): void;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();
let nonce = 0;

function toastError(err: unknown) {
  useApp.getState().toast('error', err instanceof Error ? err.message : String(err));
}

/** Open spec files, their unsaved text, and validation as you type (the host's incremental validator). */
export const useEditor = create<EditorState>()((set, get) => ({
  file: undefined,
  tab: 'form',
  buffers: {},
  reveal: undefined,
  saving: false,

  async open(file, opts = {}) {
    if (!get().buffers[file]) {
      try {
        const { content } = await call('workspace:readFile', { file });
        set((s) => ({ buffers: { ...s.buffers, [file]: { disk: content, text: content, conflict: false } } }));
      } catch (err) {
        toastError(err);
        return;
      }
    }
    set({
      file,
      ...(opts.tab ? { tab: opts.tab } : {}),
      ...(opts.line ? { reveal: { file, line: opts.line, column: opts.column ?? 1, nonce: ++nonce } } : {}),
    });
  },

  setTab: (tab) => set({ tab }),

  setText(file, text) {
    const b = get().buffers[file];
    if (!b || b.text === text) return;
    set((s) => ({ buffers: { ...s.buffers, [file]: { ...b, text } } }));
    const old = timers.get(file);
    if (old) clearTimeout(old);
    timers.set(
      file,
      setTimeout(() => {
        timers.delete(file);
        const current = get().buffers[file]?.text;
        if (current === undefined) return;
        call('workspace:validate', { file, content: current }).then(
          (delta) => useWorkspace.getState().applyDelta(delta),
          (err: unknown) => {
            if (!(err instanceof IpcCallError && err.code === 'no-workspace')) toastError(err);
          },
        );
      }, 120),
    );
  },

  async save(file = get().file) {
    if (!file) return false;
    const b = get().buffers[file];
    if (!b) return false;
    if (b.text === b.disk && !b.conflict) return true;
    set({ saving: true });
    try {
      const delta = await call('workspace:writeFile', { file, content: b.text, ...(b.conflict ? {} : { expected: b.disk }) });
      useWorkspace.getState().applyDelta(delta);
      set((s) => ({ buffers: { ...s.buffers, [file]: { disk: b.text, text: s.buffers[file]?.text ?? b.text, conflict: false } } }));
      return true;
    } catch (err) {
      if (err instanceof IpcCallError && err.code === 'external-change') {
        set((s) => ({ buffers: { ...s.buffers, [file]: { ...b, conflict: true } } }));
      }
      toastError(err);
      return false;
    } finally {
      set({ saving: false });
    }
  },

  async saveAll() {
    let ok = true;
    for (const [file, b] of Object.entries(get().buffers)) if (b.text !== b.disk) ok = (await get().save(file)) && ok;
    return ok;
  },

  async revert(file = get().file) {
    if (!file) return;
    try {
      const { content } = await call('workspace:readFile', { file });
      set((s) => ({ buffers: { ...s.buffers, [file]: { disk: content, text: content, conflict: false } } }));
      const delta = await call('workspace:validate', { file, content });
      useWorkspace.getState().applyDelta(delta);
    } catch (err) {
      toastError(err);
    }
  },

  async externalChange(file) {
    const b = get().buffers[file];
    if (!b) return;
    if (b.text !== b.disk) {
      set((s) => ({ buffers: { ...s.buffers, [file]: { ...b, conflict: true } } }));
      return;
    }
    try {
      const { content } = await call('workspace:readFile', { file });
      set((s) => ({ buffers: { ...s.buffers, [file]: { disk: content, text: content, conflict: false } } }));
    } catch {
      // Deleted on disk: drop the buffer.
      set((s) => {
        const buffers = { ...s.buffers };
        delete buffers[file];
        return { buffers, file: s.file === file ? undefined : s.file };
      });
    }
  },

  async restoreDrafts() {
    let items;
    try {
      ({ items } = await call('workspace:drafts', {}));
    } catch {
      return [];
    }
    if (!items.length) return [];
    const buffers = { ...get().buffers };
    for (const d of items) {
      buffers[d.file] = { disk: d.disk ?? '', text: d.text, conflict: d.disk !== d.base, restored: true };
    }
    set({ buffers, file: get().file ?? items[0]!.file });
    // After a host restart the model holds the disk text: validate the drafts so tables and findings show them.
    for (const d of items) {
      await call('workspace:validate', { file: d.file, content: d.text }).then((delta) => useWorkspace.getState().applyDelta(delta), () => undefined);
    }
    return items.map((d) => d.file);
  },

  setComparing(file, on) {
    const b = get().buffers[file];
    if (b) set((s) => ({ buffers: { ...s.buffers, [file]: { ...b, comparing: on } } }));
  },

  close: () => set({ file: undefined }),
  reset: () => set({ file: undefined, buffers: {}, reveal: undefined }),
}));

/** Files with unsaved edits. */
export function useDirtyFiles(): string[] {
  const buffers = useEditor((s) => s.buffers);
  return Object.entries(buffers)
    .filter(([, b]) => b.text !== b.disk)
    .map(([f]) => f);
}
