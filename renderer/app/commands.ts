import type { MenuCommand } from '../../shared/ipc/channel-names.ts';
import { useApp } from '../stores/app-store.ts';
import { useEditor } from '../stores/editor-store.ts';
import { useGit } from '../stores/git-store.ts';
import { requestCloseWorkspace } from '../stores/session.ts';
import { useWorkspace } from '../stores/workspace-store.ts';
import { openPalette } from './palette-items.ts';
import { useHandoff } from '../features/handoff/handoff-store.ts';

/** One place for what a menu item or a shortcut does, so Electron's menu and browser keys agree. */
export function runCommand(command: MenuCommand | string): void {
  const app = useApp.getState();
  const open = Boolean(useWorkspace.getState().root);
  switch (command) {
    case 'handoff':
      if (!open) return;
      app.setView('changes');
      useHandoff.getState().show();
      return;
    case 'open':
    case 'clone':
      void requestCloseWorkspace();
      return;
    case 'save':
      void useEditor.getState().save();
      return;
    case 'commit':
      if (!open) return;
      if (app.view === 'changes' && useGit.getState().message.trim()) void useGit.getState().commit();
      else app.focusCommit();
      return;
    case 'push':
      if (!open) return;
      app.setView('changes');
      void useGit.getState().push();
      return;
    case 'pull':
      if (!open) return;
      app.setView('changes');
      void useGit.getState().pull();
      return;
    case 'toggleProblems':
      app.toggleProblems();
      return;
    case 'search':
      app.focusSearch();
      return;
    case 'showWorkspace':
      app.setView('workspace');
      return;
    case 'showChanges':
      app.setView('changes');
      return;
    case 'showCapacity':
      app.setView('capacity');
      return;
    case 'showRouting':
      if (open) app.setView('routing');
      return;
    case 'palette':
      if (open) openPalette();
      return;
    default:
      return;
  }
}

/** Browser-mode keyboard shortcuts; Electron's menu accelerators send the same commands. */
export function shortcutFor(e: KeyboardEvent): MenuCommand | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'F1' && !mod && !e.altKey && !e.shiftKey) return 'palette';
  if (!mod || e.altKey) return undefined;
  const k = e.key.toLowerCase();
  if (k === 'k') return e.shiftKey ? 'palette' : 'search';
  if (k === 's' && !e.shiftKey) return 'save';
  if (k === 'enter') return 'commit';
  if (k === 'j') return 'toggleProblems';
  if (k === 'p' && e.shiftKey) return 'push';
  if (k === 'l' && e.shiftKey) return 'pull';
  if (k === 'h' && e.shiftKey) return 'handoff';
  if (k === 'o' && !e.shiftKey) return 'open';
  if (k === '1') return 'showWorkspace';
  if (k === '2') return 'showChanges';
  if (k === '3') return 'showCapacity';
  if (k === '4') return 'showRouting';
  return undefined;
}
