import { lazy, Suspense, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HistoryRowDto } from '../../../shared/ipc/history-schemas.ts';
import type { FileDiff } from '../../../shared/ipc/schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { useViewport, visibleRange } from '../../components/use-viewport.ts';
import { useGit } from '../../stores/git-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { useHistory } from './history-store.ts';
import { fullTime } from './full-time.ts';
import { relativeTime } from './relative-time.ts';
import './history.css';

const DiffView = lazy(() => import('../changes/DiffView.tsx'));

const ROW = 54;
const LETTER = { added: 'A', modified: 'M', deleted: 'D' } as const;

function Row({ row, index, selected, onPick }: { row: HistoryRowDto; index: number; selected: boolean; onPick: (i: number) => void }) {
  const [kinds, ...rest] = row.gantry ? row.summary.split(' · ') : [];
  const names = rest.join(' · ');
  return (
    <div
      role="option"
      aria-selected={selected}
      id={`history-row-${index}`}
      className="history-row"
      style={{ transform: `translateY(${index * ROW}px)`, height: ROW }}
      onMouseDown={(e) => {
        e.preventDefault();
        onPick(index);
        (e.currentTarget.parentElement?.parentElement as HTMLElement | null)?.focus();
      }}
      data-testid="history-row"
      data-oid={row.oid}
    >
      <div className="history-line">
        {/* A Gantry commit: its change kinds in a chip, then the tenants and shards it touched. */}
        {kinds ? <span className="chip accent history-kind">{kinds}</span> : null}
        <span className="history-summary" title={row.summary}>{row.gantry ? names || row.subject : row.subject}</span>
      </div>
      <div className="history-meta">
        {row.gantry && <span className="history-subject" title={row.subject}>{row.subject}</span>}
        <span className="spacer" />
        <span title={row.author.email}>{row.author.name}</span>
        <span title={fullTime(row.time)}>{relativeTime(row.time)}</span>
        <span className="mono">{row.oid.slice(0, 7)}</span>
      </div>
    </div>
  );
}

/** The branch's commits, windowed: only the rows in view are in the DOM; more pages load near the end. */
function CommitList() {
  const { rows, index, more, select, loadMore } = useHistory(useShallow((s) => ({ rows: s.rows, index: s.index, more: s.more, select: s.select, loadMore: s.loadMore })));
  const { ref, height, scrollTop, ensureVisible } = useViewport<HTMLDivElement>();
  const { first, last } = visibleRange(rows.length, ROW, scrollTop, height);
  useEffect(() => {
    if (more && last >= rows.length - 40) void loadMore();
  }, [more, last, rows.length, loadMore]);
  const move = (i: number) => {
    const to = Math.max(0, Math.min(rows.length - 1, i));
    select(to);
    ensureVisible(to, ROW);
  };
  const page = Math.max(1, Math.floor(height / ROW) - 1);
  const onKey = (e: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(index + 1),
      ArrowUp: () => move(index - 1),
      PageDown: () => move(index + page),
      PageUp: () => move(index - page),
      Home: () => move(0),
      End: () => move(rows.length - 1),
      Enter: () => document.querySelector<HTMLElement>('[data-testid="history-files"] button')?.focus(),
    };
    const k = keys[e.key];
    if (k) {
      e.preventDefault();
      k();
    }
  };
  return (
    <div
      ref={ref}
      className="history-list"
      tabIndex={0}
      role="listbox"
      aria-label="Commits"
      aria-activedescendant={rows.length ? `history-row-${index}` : undefined}
      onKeyDown={onKey}
      data-testid="history-list"
    >
      <div style={{ height: rows.length * ROW, position: 'relative' }}>
        {rows.slice(first, last).map((r, k) => (
          <Row key={r.oid} row={r} index={first + k} selected={first + k === index} onPick={move} />
        ))}
      </div>
    </div>
  );
}

function FileButton({ f, current, label }: { f: FileDiff; current: boolean; label: string }) {
  const selectFile = useHistory((s) => s.selectFile);
  return (
    <button className="file-item" aria-current={current} onClick={() => selectFile(f)} title={f.path}>
      <span className={`change-letter ${f.change}`}>{LETTER[f.change]}</span>
      <span className="p">{label}</span>
    </button>
  );
}

/** Arrow keys between the files of a commit; Escape goes back to the commit list. */
function onFilesKey(e: KeyboardEvent<HTMLDivElement>) {
  const buttons = [...e.currentTarget.querySelectorAll<HTMLButtonElement>('button.file-item')];
  const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const go = (i: number) => {
    const b = buttons[Math.max(0, Math.min(buttons.length - 1, i))];
    b?.focus();
    b?.click();
  };
  if (e.key === 'ArrowDown') go(at + 1);
  else if (e.key === 'ArrowUp') go(at - 1);
  else if (e.key === 'Escape') document.querySelector<HTMLElement>('[data-testid="history-list"]')?.focus();
  else return;
  e.preventDefault();
}

function CommitDetail() {
  const { detail, detailError, file, rows, index, reverting, revert } = useHistory(
    useShallow((s) => ({ detail: s.detail, detailError: s.detailError, file: s.file, rows: s.rows, index: s.index, reverting: s.reverting, revert: s.revert })),
  );
  const [sideBySide, setSideBySide] = useState(true);
  const row = rows[index];
  if (detailError) return <div className="pane"><div className="section error-text">{detailError}</div></div>;
  if (!row || !detail || detail.oid !== row.oid) return <div className="pane"><div className="loading"><Icon name="loader" className="spin" /> Loading the commit…</div></div>;
  const body = detail.message.split('\n').slice(1).join('\n').trim();
  return (
    <div className="history-detail" data-testid="history-detail">
      <aside onKeyDown={onFilesKey} data-testid="history-files">
        <div className="section">
          <h3><Icon name="commit" size={12} /> Commit <span className="mono n">{detail.oid.slice(0, 10)}</span></h3>
          <strong className="wrap" data-testid="history-subject">{row.subject}</strong>
          <span className="pane-sub">{row.author.name} &lt;{row.author.email}&gt; · {fullTime(row.time)}</span>
          {detail.trailers.length > 0 && (
            <dl className="history-trailers" data-testid="history-trailers">
              {detail.trailers.map((t, i) => (
                <div key={i}><dt>{t.key}</dt><dd>{t.value}</dd></div>
              ))}
            </dl>
          )}
          <button className="btn small" onClick={() => void revert()} disabled={reverting || Boolean(detail.revertBlocked)} title={detail.revertBlocked ?? 'Undo this commit as a new commit on top'} data-testid="history-revert">
            {reverting ? <Icon name="loader" size={13} className="spin" /> : <Icon name="undo" size={13} />} Revert this commit
          </button>
          {detail.revertBlocked && <span className="pane-sub wrap">{detail.revertBlocked}</span>}
        </div>
        <div className="section">
          <h3>Files <span className="n">{detail.files.length}</span></h3>
          {detail.files.length === 0 && <span className="pane-sub">No spec file changed.</span>}
          {detail.files.map((f) => <FileButton key={f.path} f={f} current={file?.path === f.path} label={f.path} />)}
        </div>
        <div className="section" data-testid="history-rendered">
          <h3>Rendered, per cluster <span className="n">{detail.rendered.reduce((n, g) => n + g.files.length, 0)}</span></h3>
          {detail.rendered.length === 0 && <span className="pane-sub">rendered/ did not change.</span>}
          {detail.rendered.map((g) => (
            <div key={g.cluster} className="cluster-group">
              <div className="cluster-name"><Icon name="server" size={13} /> {g.cluster}</div>
              {g.files.map((f) => <FileButton key={f.path} f={f} current={file?.path === f.path} label={f.path.split('/').slice(2).join('/')} />)}
            </div>
          ))}
        </div>
      </aside>
      <section className="pane">
        {(detail.summary.length > 0 || body) && (
          <div className="review-summary" data-testid="history-what">
            <h3>What changed</h3>
            {detail.summary.length > 0 ? (
              <ul className="summary-list">{detail.summary.map((s, i) => <li key={i}>{s}</li>)}</ul>
            ) : (
              <pre className="history-body">{body}</pre>
            )}
          </div>
        )}
        {file ? (
          <>
            <div className="pane-header">
              <span className={`change-letter ${file.change}`}>{LETTER[file.change]}</span>
              <span className="pane-title mono" data-testid="history-diff-path">{file.path}</span>
              <span className="spacer" />
              {file.change === 'modified' && <button className="btn small ghost" onClick={() => setSideBySide((v) => !v)}>{sideBySide ? 'Inline' : 'Side by side'}</button>}
            </div>
            <div className="pane-body" style={{ overflow: 'hidden', display: 'flex' }}>
              {file.before === null && file.after === null ? (
                <span className="pane-sub" style={{ padding: 12 }}>Too large or binary to show.</span>
              ) : (
                <Suspense fallback={<div className="loading"><Icon name="loader" className="spin" /> Loading diff…</div>}>
                  <DiffView path={file.path} before={file.before ?? ''} after={file.after ?? ''} sideBySide={sideBySide && file.change === 'modified'} />
                </Suspense>
              )}
            </div>
          </>
        ) : (
          <EmptyState icon="changes" title="No file changed">This commit changed no file (an empty commit or a merge that took one side).</EmptyState>
        )}
      </section>
    </div>
  );
}

/** History of the current branch: commits with their Gantry summary, a commit's file and rendered diffs, revert. */
export default function HistoryView() {
  const { rows, loading, error, branch, more, load } = useHistory(useShallow((s) => ({ rows: s.rows, loading: s.loading, error: s.error, branch: s.branch, more: s.more, load: s.load })));
  const isGitRepo = useWorkspace((s) => s.isGitRepo);
  const headBranch = useGit((s) => s.branch);
  const listRef = useRef(false);
  // Reload when the branch moves (a commit, pull, switch or revert, here or in another window).
  useEffect(() => {
    if (isGitRepo) void load();
  }, [isGitRepo, headBranch?.branch, headBranch?.ahead, headBranch?.behind, load]);
  useEffect(() => {
    if (!listRef.current && rows.length) {
      listRef.current = true;
      document.querySelector<HTMLElement>('[data-testid="history-list"]')?.focus();
    }
  }, [rows.length]);
  if (!isGitRepo) return <EmptyState icon="commit" title="Not a Git repository">History needs a Git repository: initialize one in Changes.</EmptyState>;
  return (
    <div className="history" data-testid="history-view">
      <div className="history-left">
        <div className="pane-header">
          <Icon name="branch" size={13} />
          <span className="pane-title">{branch ?? 'HEAD'}</span>
          <span className="pane-sub" data-testid="history-count">{rows.length}{more ? '+' : ''} commit{rows.length === 1 && !more ? '' : 's'}</span>
          <span className="spacer" />
          {loading && <Icon name="loader" size={12} className="spin" />}
        </div>
        {error && <div className="section error-text">{error}</div>}
        {!error && !loading && rows.length === 0 ? <EmptyState icon="commit" title="No commits yet">Commit in Changes; the commit shows up here.</EmptyState> : <CommitList />}
      </div>
      {rows.length > 0 && <CommitDetail />}
    </div>
  );
}
