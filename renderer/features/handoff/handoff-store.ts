import { create } from 'zustand';
import { newOpId } from '../../../shared/ipc/client.ts';
import type { ExportResultDto, ImportPreviewDto } from '../../../shared/ipc/handoff-schemas.ts';
import { call, IpcCallError } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useGit } from '../../stores/git-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { registerPaletteItems } from '../../app/palette-items.ts';

export type HandoffTab = 'export' | 'import';

interface HandoffState {
  open: boolean;
  tab: HandoffTab;
  folder: string;
  exporting: boolean;
  exported: ExportResultDto | undefined;
  exportError: string | undefined;
  file: string;
  previewing: boolean;
  preview: ImportPreviewDto | undefined;
  importing: boolean;
  importError: { code: string; message: string } | undefined;
  show(tab?: HandoffTab): void;
  close(): void;
  setTab(tab: HandoffTab): void;
  setFolder(folder: string): void;
  setFile(file: string): void;
  pickFolder(): Promise<void>;
  exportBundle(): Promise<boolean>;
  previewBundle(): Promise<boolean>;
  importBundle(): Promise<boolean>;
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The handoff dialog: export the unpushed commits to a folder, preview and import a bundle received back. */
export const useHandoff = create<HandoffState>()((set, get) => ({
  open: false,
  tab: 'export',
  folder: '',
  exporting: false,
  exported: undefined,
  exportError: undefined,
  file: '',
  previewing: false,
  preview: undefined,
  importing: false,
  importError: undefined,
  show: (tab) => {
    const info = useApp.getState().info;
    // A first guess for the folder: <default parent>/handoff (a removable drive is typed or picked over it).
    if (!get().folder && info?.defaultParentDir) set({ folder: `${info.defaultParentDir.replace(/[\\/]+$/, '')}/handoff` });
    set({ open: true, ...(tab ? { tab } : {}) });
  },
  close: () => set({ open: false, exportError: undefined, importError: undefined }),
  setTab: (tab) => set({ tab }),
  setFolder: (folder) => set({ folder, exported: undefined, exportError: undefined }),
  setFile: (file) => set({ file, preview: undefined, importError: undefined }),

  async pickFolder() {
    try {
      const r = await call('app:pickFolder', { title: 'Folder for the bundle and its report' });
      if (r.dir) get().setFolder(r.dir);
    } catch (err) {
      useApp.getState().toast('info', messageOf(err));
    }
  },

  async exportBundle() {
    if (get().exporting) return false;
    const folder = get().folder.trim();
    if (!folder) {
      set({ exportError: 'Give the folder to write the bundle into (for example a removable drive).' });
      return false;
    }
    set({ exporting: true, exportError: undefined, exported: undefined });
    try {
      const r = await call('git:exportBundle', { folder });
      set({ exported: r });
      return true;
    } catch (err) {
      set({ exportError: messageOf(err) });
      return false;
    } finally {
      set({ exporting: false });
    }
  },

  async previewBundle() {
    if (get().previewing || get().importing) return false;
    const file = get().file.trim();
    if (!file) {
      set({ importError: { code: 'invalid-input', message: 'Give the full path of the bundle file you received.' } });
      return false;
    }
    set({ previewing: true, preview: undefined, importError: undefined });
    try {
      set({ preview: await call('git:previewBundle', { file }) });
      return true;
    } catch (err) {
      set({ importError: { code: err instanceof IpcCallError ? err.code : 'unknown', message: messageOf(err) } });
      return false;
    } finally {
      set({ previewing: false });
    }
  },

  async importBundle() {
    const p = get().preview;
    if (!p || get().importing) return false;
    set({ importing: true, importError: undefined });
    try {
      const r = await call('git:importBundle', { opId: newOpId('import'), file: p.file, ref: p.ref, expectTip: p.tip });
      useGit.getState().setBranch(r.branch);
      const files = `${r.files} file${r.files === 1 ? '' : 's'} changed`;
      useApp
        .getState()
        .toast(
          'success',
          r.kind === 'up-to-date'
            ? 'Nothing new in the bundle: the branch has its commits already.'
            : r.kind === 'fast-forward'
              ? `Imported the bundle's commits (${files}).`
              : `Imported: your ${r.rebased} commit${r.rebased === 1 ? '' : 's'} now sit${r.rebased === 1 ? 's' : ''} on top of the bundle's (${files}).`,
        );
      set({ open: false, preview: undefined, file: '' });
      await useGit.getState().loadReview();
      return true;
    } catch (err) {
      set({ importError: { code: err instanceof IpcCallError ? err.code : 'unknown', message: messageOf(err) } });
      return false;
    } finally {
      set({ importing: false });
    }
  },
}));

/** Opens the dialog on `tab` from anywhere: it lives in Changes. */
export function openHandoff(tab?: HandoffTab): void {
  useApp.getState().setView('changes');
  useHandoff.getState().show(tab);
}

// The command palette lists both halves while a Git workspace is open.
registerPaletteItems(() =>
  useWorkspace.getState().root && useWorkspace.getState().isGitRepo
    ? [
        { id: 'handoff:export', label: 'Export commits to a bundle (handoff)…', group: 'Git', keys: 'Ctrl Shift H', run: () => openHandoff('export') },
        { id: 'handoff:import', label: 'Import a bundle (handoff)…', group: 'Git', run: () => openHandoff('import') },
      ]
    : [],
);
