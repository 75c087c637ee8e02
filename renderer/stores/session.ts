import { create } from 'zustand';
import { newOpId } from '../../shared/ipc/client.ts';
import type { Progress, Snapshot } from '../../shared/ipc/schemas.ts';
import { call, ipc } from '../ipc/index.ts';
import { useApp } from './app-store.ts';
import { useEditor } from './editor-store.ts';
import { useGit } from './git-store.ts';
import { startRemoteWatch, stopRemoteWatch } from './remote-watch.ts';
import { useRollout } from './rollout-store.ts';
import { useWorkspace } from './workspace-store.ts';

interface CloneState {
  busy: boolean;
  opId: string | undefined;
  progress: Progress | undefined;
  error: string | undefined;
}

/** A clone in flight, for the start screen's progress bar. */
export const useClone = create<CloneState>()(() => ({ busy: false, opId: undefined, progress: undefined, error: undefined }));

function adopt(snap: Snapshot) {
  useEditor.getState().reset();
  useGit.getState().reset();
  useWorkspace.getState().setSnapshot(snap);
  useApp.setState({ view: 'workspace', table: 'tenants', query: '' });
  if (snap.isGitRepo) {
    void useGit.getState().loadBranch();
    void useRollout.getState().load();
    startRemoteWatch();
  } else {
    stopRemoteWatch();
  }
  void useEditor.getState().restoreDrafts().then((files) => {
    if (files.length) useApp.getState().toast('info', `Restored unsaved changes to ${files.join(', ')}.`);
  });
}

/** Files with unsaved editor text (outside React). */
export function dirtyFiles(): string[] {
  return Object.entries(useEditor.getState().buffers)
    .filter(([, b]) => b.text !== b.disk || b.conflict)
    .map(([f]) => f);
}

/** Switch or Close: asks first when there are unsaved edits. */
export async function requestCloseWorkspace(): Promise<void> {
  if (dirtyFiles().length) return useApp.getState().openDialog({ kind: 'leave' });
  await closeWorkspace();
}

/** Opens the folder `dir` as the workspace. Throws on failure (the caller shows it). */
export async function openWorkspace(dir: string): Promise<void> {
  adopt(await call('workspace:open', { dir }));
}

export async function createExample(dir: string): Promise<void> {
  adopt(await call('workspace:createExample', { dir, example: 'small' }));
}

/** Loads what the host already has open (serve --workspace). */
export async function loadCurrent(): Promise<void> {
  adopt(await call('workspace:snapshot', {}));
}

export async function cloneWorkspace(input: { url: string; dir: string; username?: string; token?: string; allowPlainHttp?: boolean }): Promise<boolean> {
  const opId = newOpId('clone');
  useClone.setState({ busy: true, opId, progress: undefined, error: undefined });
  try {
    const { credentialNotice, ...snapshot } = await call('git:clone', { opId, ...input, remember: true });
    adopt(snapshot);
    if (credentialNotice) useApp.getState().toast('info', credentialNotice);
    return true;
  } catch (err) {
    useClone.setState({ error: err instanceof Error ? err.message : String(err) });
    return false;
  } finally {
    useClone.setState({ busy: false, opId: undefined });
  }
}

export async function cancelClone(): Promise<void> {
  const opId = useClone.getState().opId;
  if (opId) await call('op:cancel', { opId }).catch(() => undefined);
}

export async function closeWorkspace(): Promise<void> {
  stopRemoteWatch();
  await call('workspace:close', {}).catch(() => undefined);
  useEditor.getState().reset();
  useGit.getState().reset();
  useRollout.getState().reset();
  useWorkspace.getState().clear();
}

/** Host events wired to the stores; returns the unsubscribe function. */
export function subscribeHostEvents(onMenu: (command: string) => void): () => void {
  const offs = [
    ipc.on('op:progress', (p) => {
      if (p.opId === useClone.getState().opId) useClone.setState({ progress: p });
      useGit.getState().onProgress(p);
    }),
    ipc.on('workspace:onDidChange', (e) => {
      if (!useWorkspace.getState().root) return;
      if (e.delta) useWorkspace.getState().applyDelta(e.delta);
      if (e.reason === 'external') for (const f of e.files) void useEditor.getState().externalChange(f);
    }),
    ipc.on('git:onDidChange', (e) => useGit.getState().setBranch(e.branch)),
    ipc.on('cluster:onRollout', (r) => useRollout.getState().set(r)),
    ipc.on('app:onMenuCommand', (e) => onMenu(e.command)),
  ];
  return () => offs.forEach((off) => off());
}
