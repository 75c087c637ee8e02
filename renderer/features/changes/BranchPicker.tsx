import { useEffect, useState } from 'react';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { pullRequestUrl } from '../../../shared/pull-request-url.ts';
import { Icon } from '../../components/Icon.tsx';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { dirtyFiles } from '../../stores/session.ts';
import { useGit } from '../../stores/git-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';

type Branches = OutputOf<'git:branches'>;
const say = (kind: 'error' | 'success' | 'info', text: string) => useApp.getState().toast(kind, text);
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Branches: switch, create (from HEAD, switching to it) and delete; on a branch other than the one
 * the clusters follow, the note that a push does not roll out and, once pushed, the link that opens
 * the pull or merge request on GitHub, GitLab or Azure DevOps.
 */
export function BranchPicker() {
  const branch = useGit((s) => s.branch);
  const [list, setList] = useState<Branches>();
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const current = branch?.branch;
  const headOid = useGit((s) => s.branch?.ahead);

  useEffect(() => {
    call('git:branches', {}).then(setList, () => setList(undefined));
  }, [current, headOid]);

  if (!branch || !list) return null;
  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    try {
      await what();
      setList(await call('git:branches', {}));
    } catch (err) {
      say('error', message(err));
    } finally {
      setBusy(false);
    }
  };
  const switchTo = (to: string) =>
    run(async () => {
      if (dirtyFiles().length) throw new Error(`Save or revert ${dirtyFiles().join(', ')} first: switching branch changes the files.`);
      const r = await call('git:switchBranch', { name: to });
      useWorkspace.getState().setSnapshot(r.snapshot);
      useGit.setState({ branch: r.branch });
      await useGit.getState().loadReview();
      say('success', `Switched to ${to}.`);
    });
  const create = () =>
    run(async () => {
      const r = await call('git:createBranch', { name: name.trim() });
      useGit.setState({ branch: r.branch });
      setCreating(false);
      setName('');
      say('success', `Created and switched to ${r.branch.branch}; your changes came along.`);
    });
  const remove = (b: string) =>
    run(async () => {
      await call('git:deleteBranch', { name: b });
      say('success', `Deleted the branch ${b} (the remote's copy, if any, stays).`);
    });

  const offWatched = current !== undefined && current !== list.watched;
  const pr = offWatched && branch.remoteUrl ? pullRequestUrl(branch.remoteUrl, current, list.watched) : undefined;
  const pushed = offWatched && list.items.find((b) => b.current)?.upstream !== undefined && branch.ahead === 0;
  const others = list.items.filter((b) => !b.current);
  return (
    <div className="branch-picker" data-testid="branch-picker" style={{ display: 'flex', flexDirection: 'column', gap: 6, marginTop: 6 }}>
      <div style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
        <select className="input" aria-label="Branch" value={current ?? ''} disabled={busy} onChange={(e) => void switchTo(e.target.value)} data-testid="branch-select">
          {list.items.map((b) => <option key={b.name} value={b.name}>{b.name}{b.name === list.watched ? ' (clusters follow)' : ''}</option>)}
        </select>
        <button className="btn small ghost" onClick={() => setCreating((v) => !v)} disabled={busy} data-testid="branch-new">
          <Icon name="plus" size={13} /> New branch
        </button>
      </div>
      {creating && (
        <form style={{ display: 'flex', gap: 6 }} onSubmit={(e) => { e.preventDefault(); if (name.trim()) void create(); }}>
          <input className="input mono" value={name} onChange={(e) => setName(e.target.value)} placeholder="gantry/hooli-premium" aria-label="New branch name" data-testid="branch-name" spellCheck={false} autoFocus />
          <button type="submit" className="btn small primary" disabled={busy || !name.trim()} data-testid="branch-create">Create</button>
        </form>
      )}
      {offWatched && (
        <span className="pane-sub wrap" data-testid="branch-not-watched">
          The clusters follow {list.watched}: commits pushed to {current} roll out once merged into {list.watched}.
        </span>
      )}
      {pushed && pr && (
        <a className="btn small" href={pr.url} target="_blank" rel="noreferrer noopener" data-testid="pull-request-link">
          <Icon name="up" size={13} /> Open a {pr.host === 'gitlab' ? 'merge' : 'pull'} request into {list.watched}
        </a>
      )}
      {pushed && !pr && branch.remoteUrl && <span className="pane-sub wrap" data-testid="pull-request-none">Pushed. Open a pull request from {current} into {list.watched} on your Git host.</span>}
      {others.length > 0 && (
        <details className="pane-sub">
          <summary>Other branches ({others.length})</summary>
          {others.map((b) => (
            <div key={b.name} style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid={`branch-${b.name}`}>
              <span className="mono" style={{ flex: 1 }}>{b.name}</span>
              <button className="btn small ghost" onClick={() => void remove(b.name)} disabled={busy || b.name === list.watched} title={b.name === list.watched ? 'The branch the clusters follow' : `Delete ${b.name}`} data-testid={`branch-delete-${b.name}`}>
                <Icon name="x" size={12} /> Delete
              </button>
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
