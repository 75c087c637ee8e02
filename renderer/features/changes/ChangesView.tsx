import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useDirtyFiles, useEditor } from '../../stores/editor-store.ts';
import { useGit, type SyncKind } from '../../stores/git-store.ts';
import { RolloutPanel } from './RolloutPanel.tsx';
import { InitRepository, RemoteForm } from './RepoSetup.tsx';
import { BranchPicker } from './BranchPicker.tsx';
import { HandoffDialog } from '../handoff/HandoffDialog.tsx';
import { useHandoff } from '../handoff/handoff-store.ts';
import { useTotals, useWorkspace } from '../../stores/workspace-store.ts';

const DiffView = lazy(() => import('./DiffView.tsx'));

const LETTER = { added: 'A', modified: 'M', deleted: 'D' } as const;

const SYNC_LABEL = { push: 'Pushing', pull: 'Pulling', fetch: 'Checking the remote' } as const;

/** What the branch box says after a push, pull or fetch failed, and what to do next. */
function SyncProblem({ kind, code, message, ahead }: { kind: SyncKind; code: string; message: string; ahead: number }) {
  const pull = useGit((s) => s.pull);
  const setAside = useGit((s) => s.setAsideAndTakeRemote);
  const queued = `${ahead} commit${ahead === 1 ? '' : 's'}`;
  let title: string;
  let text = message;
  let action: ReactNode;
  if (code === 'network') {
    title = kind === 'push' ? `Offline: ${queued} queued.` : 'Offline.';
    text = kind === 'push' ? 'The remote cannot be reached. Keep working; push again when it is back.' : 'The remote cannot be reached; try again when it is back.';
  } else if (code === 'push-rejected') {
    title = `The remote has new commits: ${queued} still queued.`;
    text = `Pull first: your ${queued} will be replayed on top of the remote's, then push again. Nothing is lost.`;
    action = (
      <button className="btn small primary" onClick={() => void pull()} data-testid="pull-after-reject">
        <Icon name="down" size={13} /> Pull and replay my commits
      </button>
    );
  } else if (code === 'merge-conflict') {
    title = 'Pull stopped.';
    if (ahead > 0) {
      text = `${message} To go on, take the remote's version: your ${queued} ${ahead === 1 ? 'is' : 'are'} kept aside (nothing is deleted) and Gantry lists what ${ahead === 1 ? 'it' : 'they'} changed, so you can redo what still applies.`;
      action = (
        <button className="btn small" onClick={() => void setAside()} data-testid="set-aside">
          Take the remote's version, keep mine aside
        </button>
      );
    }
  } else if (code === 'cancelled') {
    return null;
  } else {
    title = kind === 'push' ? `Push failed: ${queued} queued.` : kind === 'pull' ? 'Pull failed.' : 'Could not check the remote.';
  }
  return (
    <div className="banner warn stack" data-testid={`${kind}-error`} role="alert">
      <strong>{title}</strong>
      <span className="pane-sub wrap">{text}</span>
      {action}
    </div>
  );
}

/** What was set aside after a conflicting pull, so the person can redo it on top of the remote's version. */
function SetAsideNote() {
  const { setAside, dismiss } = useGit(useShallow((s) => ({ setAside: s.setAside, dismiss: s.dismissSetAside })));
  if (!setAside) return null;
  const n = setAside.commits.length;
  return (
    <div className="banner info stack" data-testid="set-aside-note">
      <strong>Set aside: {setAside.commits.map((c) => `"${c.subject}"`).join(', ')}</strong>
      <span className="pane-sub wrap">
        Kept as <span className="mono">{setAside.ref.replace('refs/', '')}</span>. {n === 1 ? 'It' : 'They'} changed:
      </span>
      <ul className="pane-sub" style={{ margin: 0, paddingLeft: 18 }}>
        {setAside.summary.length ? setAside.summary.map((line) => <li key={line}>{line}</li>) : <li>no spec changes</li>}
      </ul>
      <span className="pane-sub wrap">Redo what still applies on top of the remote's version, then commit and push.</span>
      <button className="btn small ghost" onClick={dismiss}>Dismiss</button>
    </div>
  );
}

function PushBox() {
  const { branch, sync, syncError, push, pull, fetch, cancelSync } = useGit(
    useShallow((s) => ({ branch: s.branch, sync: s.sync, syncError: s.syncError, push: s.push, pull: s.pull, fetch: s.fetch, cancelSync: s.cancelSync })),
  );
  const [editRemote, setEditRemote] = useState(false);
  if (!branch) return null;
  const progress = sync?.progress;
  const pct = progress?.total ? Math.round((progress.loaded * 100) / progress.total) : undefined;
  const remote = Boolean(branch.remoteUrl);
  return (
    <div className="section" data-testid="push-box">
      <h3><Icon name="branch" size={12} /> Branch</h3>
      <div className="branch-line">
        <span className="b">{branch.branch}</span>
        {/* "up to date" only when nothing waits either way (a fetch may have found commits to pull). */}
        {(branch.ahead > 0 || branch.behind === 0) && (
          <span className={branch.ahead && remote ? 'chip accent' : 'chip'} data-testid="ahead">
            {!remote ? 'no remote yet' : branch.ahead ? `${branch.ahead} commit${branch.ahead === 1 ? '' : 's'} to push` : 'up to date'}
          </span>
        )}
        {branch.behind > 0 && <span className="chip warn" data-testid="behind">{branch.behind} to pull</span>}
      </div>
      <BranchPicker />
      <div className="branch-actions">
        {sync ? (
          <button className="btn small" onClick={() => void cancelSync()}>Cancel</button>
        ) : (
          <>
            <button className="btn small ghost" onClick={() => void fetch()} disabled={!remote} title="See whether the remote has new commits (fetch); changes no file" data-testid="fetch">
              <Icon name="refresh" size={13} /> Check remote
            </button>
            <button className="btn small" onClick={() => void pull()} disabled={!remote} title="Take the remote's commits; your queued commits are replayed on top (Ctrl+Shift+L)" data-testid="pull">
              <Icon name="down" size={13} /> Pull
            </button>
            <button className="btn small" onClick={() => void push()} disabled={branch.ahead === 0 || !remote} title={remote ? 'Push the queued commits (Ctrl+Shift+P)' : 'Add a remote first'} data-testid="push">
              <Icon name="up" size={13} /> Push
            </button>
            <button className="btn small ghost" onClick={() => useHandoff.getState().show()} title="No network to the remote? Export the queued commits as a git bundle with a change report, or import a bundle received back (Ctrl+Shift+H)" data-testid="handoff-open">
              <Icon name="download" size={13} /> Bundle…
            </button>
          </>
        )}
      </div>
      {sync && (
        <>
          <div className={`progress${pct === undefined ? ' indeterminate' : ''}`} data-testid="sync-progress">
            <span style={pct !== undefined ? { width: `${pct}%` } : undefined} />
          </div>
          <div className="progress-label"><span>{SYNC_LABEL[sync.kind]}: {progress?.phase ?? 'connecting'}</span><span>{pct !== undefined ? `${pct}%` : ''}</span></div>
        </>
      )}
      {!sync && syncError && (syncError.kind !== 'push' || branch.ahead > 0) && <SyncProblem {...syncError} ahead={branch.ahead} />}
      <SetAsideNote />
      {branch.remoteUrl && !editRemote && (
        <span className="pane-sub mono" data-testid="remote-line">
          {branch.remoteUrl}{' '}
          <button className="btn small ghost" onClick={() => setEditRemote(true)} data-testid="remote-change">Change</button>
        </span>
      )}
      {(!branch.remoteUrl || editRemote) && <RemoteForm {...(branch.remoteUrl ? { current: branch.remoteUrl, onDone: () => setEditRemote(false) } : {})} />}
    </div>
  );
}

function CommitBox() {
  const { message, setMessage, commit, committing, review } = useGit(
    useShallow((s) => ({ message: s.message, setMessage: s.setMessage, commit: s.commit, committing: s.committing, review: s.review })),
  );
  const totals = useTotals();
  const dirty = useDirtyFiles();
  const focus = useApp((s) => s.commitFocus);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  const nothing = !review || review.changes.length === 0;
  const blocked = totals.errors > 0 || dirty.length > 0 || nothing;
  return (
    <div className="section">
      <h3><Icon name="commit" size={12} /> Commit</h3>
      <textarea
        ref={ref}
        className="input"
        rows={3}
        value={message}
        onChange={(e) => setMessage(e.target.value)}
        placeholder="What changed and why"
        aria-label="Commit message"
        data-testid="commit-message"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            if (!blocked) void commit();
          }
        }}
      />
      <button className="btn primary" onClick={() => void commit()} disabled={blocked || committing || !message.trim()} data-testid="commit">
        {committing ? <Icon name="loader" size={13} className="spin" /> : <Icon name="check" size={13} />} Commit specs and rendered files <span className="kbd">Ctrl ↵</span>
      </button>
      {totals.errors > 0 && <span className="error-text">Fix {totals.errors} error{totals.errors === 1 ? '' : 's'} first; a commit never carries an invalid workspace.</span>}
      {dirty.length > 0 && <span className="error-text">Save {dirty.length} file{dirty.length === 1 ? '' : 's'} first.</span>}
    </div>
  );
}

/**
 * What Changes shows while the review of the current files is computed (the first time on a large
 * workspace takes a while). A plain function, not a component, and the same elements in the same
 * places as the loaded view down to PushBox: React keeps PushBox (and the branch picker in it) across
 * loading and loaded, so a branch name being typed survives a review that refreshes meanwhile.
 */
function changesLoading() {
  return (
    <div className="changes" data-testid="changes-view">
      <HandoffDialog />
      <aside>
        <PushBox />
        <div className="section" data-testid="changes-loading" role="status" aria-live="polite">
          <h3><Icon name="loader" size={12} className="spin" /> Comparing with the last commit…</h3>
          <span className="pane-sub wrap">Gantry renders every cluster from the specs and compares it with the last commit. The changed files appear here when that is done.</span>
        </div>
      </aside>
      <section className="pane">
        <div className="loading" style={{ margin: 'auto' }}><Icon name="loader" className="spin" /> Computing the changes…</div>
      </section>
    </div>
  );
}

/** Review and ship: changed files with Monaco's diff editor, the rendered diff per cluster, the semantic summary, commit and push. */
export function ChangesView() {
  const { review, reviewedRevision, loading, reviewError, selected, diff, loadReview, select } = useGit(
    useShallow((s) => ({ review: s.review, reviewedRevision: s.reviewedRevision, loading: s.loading, reviewError: s.reviewError, selected: s.selected, diff: s.diff, loadReview: s.loadReview, select: s.select })),
  );
  const isGitRepo = useWorkspace((s) => s.isGitRepo);
  const revision = useWorkspace((s) => s.revision);
  const dirty = useDirtyFiles();
  const [sideBySide, setSideBySide] = useState(true);

  useEffect(() => {
    if (isGitRepo) void loadReview();
  }, [isGitRepo, revision, loadReview]);

  if (!isGitRepo) return <InitRepository />;
  // Until the review of the current revision arrives, the lists show a loading state instead of an
  // older review (issue 14); the selected file's diff follows on its own.
  const stale = reviewedRevision !== revision || (loading && !review);
  if (stale) return changesLoading();

  const renderedCount = review?.rendered.reduce((n, g) => n + g.files.length, 0) ?? 0;
  return (
    <div className="changes" data-testid="changes-view">
      <HandoffDialog />
      <aside>
        <PushBox />
        <RolloutPanel />
        {dirty.length > 0 && (
          <div className="banner warn">
            <Icon name="save" size={14} /> {dirty.length} unsaved file{dirty.length === 1 ? '' : 's'}
            <span className="spacer" />
            <button className="btn small" onClick={() => void useEditor.getState().saveAll()}>Save all</button>
          </div>
        )}
        <CommitBox />
        <div className="section">
          <h3>
            Spec changes <span className="n">{review?.changes.length ?? 0}</span>{loading && <Icon name="loader" size={11} className="spin" />}
            {review && review.changes.length > 0 && (
              <button className="btn small ghost" style={{ marginLeft: 'auto' }} onClick={() => void useGit.getState().discard()} title="Put every changed spec file back as in the last commit" data-testid="discard-all">
                <Icon name="undo" size={12} /> Discard all
              </button>
            )}
          </h3>
          {review?.changes.length === 0 && <span className="pane-sub">No spec changes. Edit a tenant or add one; it shows up here.</span>}
          <div role="list" aria-label="Changed spec files" data-testid="spec-changes">
            {review?.changes.map((c) => (
              <div key={c.path} role="listitem" style={{ display: 'flex', alignItems: 'center' }}>
                <button className="file-item" style={{ flex: 1 }} aria-current={selected?.kind === 'spec' && selected.path === c.path} onClick={() => void select({ kind: 'spec', path: c.path })}>
                  <span className={`change-letter ${c.change}`}>{LETTER[c.change]}</span>
                  <span className="p">{c.path}</span>
                </button>
                <button className="btn small ghost" onClick={() => void useGit.getState().discard([c.path])} aria-label={`Discard the changes to ${c.path}`} title="Discard this file's changes" data-testid={`discard-${c.path}`}>
                  <Icon name="undo" size={12} />
                </button>
              </div>
            ))}
          </div>
        </div>
        <div className="section" data-testid="rendered-changes">
          <h3>Rendered, per cluster <span className="n">{renderedCount}</span></h3>
          {review && renderedCount === 0 && <span className="pane-sub">rendered/ is unchanged.</span>}
          {review?.rendered.map((g) => (
            <div key={g.cluster} className="cluster-group" data-testid={`rendered-${g.cluster}`}>
              <div className="cluster-name"><Icon name="server" size={13} /> {g.cluster} <span className="n" style={{ color: 'var(--text-faint)', fontWeight: 400 }}>{g.files.length}</span></div>
              {g.files.map((f) => (
                <button key={f.path} className="file-item" aria-current={selected?.kind === 'rendered' && selected.path === f.path} onClick={() => void select({ kind: 'rendered', cluster: g.cluster, path: f.path })} title={f.path}>
                  <span className={`change-letter ${f.change}`}>{LETTER[f.change]}</span>
                  <span className="p">{f.path.split('/').slice(2).join('/')}</span>
                </button>
              ))}
            </div>
          ))}
        </div>
        {reviewError && <div className="section error-text">{reviewError}</div>}
      </aside>
      <section className="pane">
        {review && review.summary.length > 0 && (
          <div className="review-summary" data-testid="semantic-summary" style={{ flex: 'none', maxHeight: 'min(160px, 28%)' }}>
            <h3>What changes</h3>
            <ul className="summary-list">
              {review.summary.map((s, i) => <li key={i}>{s}</li>)}
            </ul>
          </div>
        )}
        {diff ? (
          <>
            <div className="pane-header">
              <span className={`change-letter ${diff.change}`}>{LETTER[diff.change]}</span>
              <span className="pane-title mono" data-testid="diff-path">{diff.path}</span>
              <span className="spacer" />
              {diff.change === 'modified' && <button className="btn small ghost" onClick={() => setSideBySide((v) => !v)}>{sideBySide ? 'Inline' : 'Side by side'}</button>}
            </div>
            {/* The diff takes the rest of the pane, never less than a screenful of lines. */}
            <div className="pane-body" style={{ overflow: 'hidden', display: 'flex', flex: 1, minHeight: 240 }}>
              <Suspense fallback={<div className="loading"><Icon name="loader" className="spin" /> Loading diff…</div>}>
                <DiffView path={diff.path} before={diff.before ?? ''} after={diff.after ?? ''} sideBySide={sideBySide && diff.change === 'modified'} />
              </Suspense>
            </div>
          </>
        ) : selected ? (
          <div className="loading" data-testid="diff-loading"><Icon name="loader" className="spin" /> Loading the diff of {selected.path}…</div>
        ) : (
          <EmptyState icon="changes" title={review && review.changes.length === 0 ? 'Nothing to review' : 'Pick a file'}>
            {review && review.changes.length === 0
              ? 'The working tree matches the last commit. Changes you save show up here with their rendered Kubernetes diff.'
              : 'Select a spec or rendered file on the left to see its diff.'}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
