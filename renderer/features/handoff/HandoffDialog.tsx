import { useShallow } from 'zustand/react/shallow';
import type { HandoffCommitDto, ImportPreviewDto } from '../../../shared/ipc/handoff-schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useGit } from '../../stores/git-store.ts';
import { Dialog } from '../plan/Dialog.tsx';
import { useHandoff, type HandoffTab } from './handoff-store.ts';
import './handoff.css';

const LETTER = { added: 'A', modified: 'M', deleted: 'D' } as const;

const when = (t: number) => new Date(t * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const kib = (n: number) => (n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KiB`);

function CommitList({ commits, testId }: { commits: HandoffCommitDto[]; testId: string }) {
  return (
    <ol className="handoff-commits" data-testid={testId}>
      {commits.map((c) => (
        <li key={c.oid}>
          <div className="handoff-commit-head">
            <span className="mono oid" title={c.oid}>{c.oid.slice(0, 7)}</span>
            <strong className="subject">{c.subject}</strong>
          </div>
          <div className="pane-sub">{c.author}, {when(c.timestamp)} · {c.files} file{c.files === 1 ? '' : 's'}</div>
          {c.summary.length > 0 && (
            <ul className="handoff-summary">
              {c.summary.map((s, i) => <li key={i} className={s.derived ? 'derived' : undefined}>{s.text}</li>)}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function ExportTab() {
  const { folder, setFolder, pickFolder, exporting, exported, exportError, exportBundle } = useHandoff(
    useShallow((s) => ({ folder: s.folder, setFolder: s.setFolder, pickFolder: s.pickFolder, exporting: s.exporting, exported: s.exported, exportError: s.exportError, exportBundle: s.exportBundle })),
  );
  const branch = useGit((s) => s.branch);
  const electron = useApp((s) => s.info?.mode === 'electron');
  return (
    <div className="handoff-tab" role="tabpanel" aria-label="Export" data-testid="handoff-export">
      <p className="pane-sub wrap">
        Writes the commits of <strong>{branch?.branch ?? 'this branch'}</strong> that the remote lacks
        {branch ? ` (${branch.ahead} commit${branch.ahead === 1 ? '' : 's'})` : ''} as a git bundle, with a change report (HTML) next to it that a
        reviewer opens in any browser. On the other side, <span className="mono">git fetch &lt;bundle&gt; {branch?.branch ?? 'main'}</span> takes the
        same commits.
      </p>
      <form
        className="handoff-row"
        onSubmit={(e) => {
          e.preventDefault();
          void exportBundle();
        }}
      >
        <label className="handoff-label" htmlFor="handoff-folder">Folder</label>
        <input id="handoff-folder" className="input mono" value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/media/usb/handoff" spellCheck={false} data-testid="handoff-folder" />
        {electron && (
          <button type="button" className="btn small" onClick={() => void pickFolder()} data-testid="handoff-pick-folder">
            <Icon name="folder" size={13} /> Choose…
          </button>
        )}
        <button type="submit" className="btn primary small" disabled={branch?.ahead === 0} aria-busy={exporting} data-testid="handoff-export-go">
          {exporting ? <Icon name="loader" size={13} className="spin" /> : <Icon name="download" size={13} />} Export bundle and report
        </button>
      </form>
      {branch?.ahead === 0 && !exported && <span className="pane-sub wrap">Nothing to hand over: every commit of {branch.branch} is on the remote already.</span>}
      {exportError && <div className="error-text" role="alert" data-testid="handoff-export-error">{exportError}</div>}
      {exported && (
        <div className="handoff-result" data-testid="handoff-exported">
          <div className="handoff-done"><Icon name="check" size={14} /> Wrote {exported.commits.length} commit{exported.commits.length === 1 ? '' : 's'} ({kib(exported.bytes)})</div>
          <dl className="handoff-facts">
            <dt>Bundle</dt><dd className="mono" data-testid="handoff-bundle-path">{exported.bundlePath}</dd>
            <dt>Report</dt><dd className="mono" data-testid="handoff-report-path">{exported.reportPath}</dd>
            <dt>Builds on</dt><dd className="mono">{exported.prerequisites.map((p) => p.slice(0, 12)).join(', ') || 'nothing: the whole history'}</dd>
          </dl>
          <CommitList commits={exported.commits} testId="handoff-exported-commits" />
        </div>
      )}
    </div>
  );
}

const KIND_TEXT: Record<ImportPreviewDto['kind'], (p: ImportPreviewDto) => string> = {
  'up-to-date': (p) => `Nothing new: ${p.branch} has every commit of the bundle already.`,
  'fast-forward': (p) => `${p.branch} moves forward to the bundle's ${p.incoming.length} commit${p.incoming.length === 1 ? '' : 's'}; you have no commits of your own to replay.`,
  rebased: (p) =>
    `Your ${p.local.length} commit${p.local.length === 1 ? '' : 's'} (${p.local.map((c) => `"${c.subject}"`).join(', ')}) will be replayed on top of the bundle's ${p.incoming.length}, three-way, as a pull does. A conflict stops it with nothing changed.`,
};

function ImportTab() {
  const { file, setFile, previewing, preview, importError, previewBundle } = useHandoff(
    useShallow((s) => ({ file: s.file, setFile: s.setFile, previewing: s.previewing, preview: s.preview, importError: s.importError, previewBundle: s.previewBundle })),
  );
  return (
    <div className="handoff-tab" role="tabpanel" aria-label="Import" data-testid="handoff-import">
      <p className="pane-sub wrap">
        Takes a bundle received back (made by Gantry or by <span className="mono">git bundle create</span>). It is checked first: the commits it
        builds on must be here, and a damaged file or an unsafe name is refused with nothing written. You see what it brings before anything moves.
      </p>
      <form
        className="handoff-row"
        onSubmit={(e) => {
          e.preventDefault();
          void previewBundle();
        }}
      >
        <label className="handoff-label" htmlFor="handoff-file">Bundle file</label>
        <input id="handoff-file" className="input mono" value={file} onChange={(e) => setFile(e.target.value)} placeholder="/media/usb/platform-main-1a2b3c4.bundle" spellCheck={false} data-testid="handoff-file" />
        <button type="submit" className="btn small" aria-busy={previewing} data-testid="handoff-preview-go">
          {previewing ? <Icon name="loader" size={13} className="spin" /> : <Icon name="search" size={13} />} Check and preview
        </button>
      </form>
      {importError && (
        <div className={`banner ${importError.code === 'merge-conflict' ? 'warn' : 'danger'} handoff-error`} role="alert" data-testid="handoff-import-error">
          {importError.message}
        </div>
      )}
      {preview && (
        <div className="handoff-result" data-testid="handoff-preview">
          <div className="handoff-kind" data-testid="handoff-kind">
            <span className={`chip ${preview.kind === 'rebased' ? 'warn' : preview.kind === 'fast-forward' ? 'accent' : ''}`}>{preview.kind === 'rebased' ? 'rebase' : preview.kind}</span>
            <span className="wrap">{KIND_TEXT[preview.kind](preview)}</span>
          </div>
          <dl className="handoff-facts">
            <dt>Takes</dt><dd className="mono">{preview.ref.replace('refs/heads/', '')} at {preview.tip.slice(0, 12)}{preview.refs.length > 1 ? ` (the bundle also has ${preview.refs.filter((r) => r.name !== preview.ref).map((r) => r.name.replace('refs/heads/', '')).join(', ')})` : ''}</dd>
          </dl>
          {preview.summary.length > 0 && (
            <>
              <h4>What it changes</h4>
              <ul className="handoff-summary" data-testid="handoff-preview-summary">
                {preview.summary.map((s, i) => <li key={i} className={s.derived ? 'derived' : undefined}>{s.text}</li>)}
              </ul>
            </>
          )}
          {preview.files.length > 0 && (
            <>
              <h4>Files <span className="n">{preview.files.length}</span></h4>
              <div className="handoff-files" data-testid="handoff-preview-files">
                {preview.files.slice(0, 200).map((f) => (
                  <div key={f.path} className="handoff-file"><span className={`change-letter ${f.change}`}>{LETTER[f.change]}</span><span className="mono">{f.path}</span></div>
                ))}
                {preview.files.length > 200 && <span className="pane-sub">and {preview.files.length - 200} more</span>}
              </div>
            </>
          )}
          {preview.incoming.length > 0 && (
            <>
              <h4>Commits it brings <span className="n">{preview.incoming.length}</span></h4>
              <CommitList commits={preview.incoming} testId="handoff-incoming" />
            </>
          )}
        </div>
      )}
    </div>
  );
}

// Buttons stay enabled while their work runs (aria-busy; the store ignores a second click): a button
// disabled under the focus would drop the focus out of the dialog, and Escape with it.

/** Air-gapped handoff: export the unpushed commits as a bundle with a report; import a bundle received back, previewed first. */
export function HandoffDialog() {
  const { open, tab, setTab, close, preview, importing, importBundle } = useHandoff(
    useShallow((s) => ({ open: s.open, tab: s.tab, setTab: s.setTab, close: s.close, preview: s.preview, importing: s.importing, importBundle: s.importBundle })),
  );
  if (!open) return null;
  const tabs: Array<{ id: HandoffTab; label: string }> = [
    { id: 'export', label: 'Export to a bundle' },
    { id: 'import', label: 'Import a bundle' },
  ];
  return (
    <Dialog
      title="Hand over without a network"
      onClose={close}
      testId="handoff-dialog"
      footer={
        <>
          <span className="pane-sub">Ctrl+Shift+H opens this · Esc closes</span>
          <span className="spacer" />
          <button className="btn small ghost" onClick={close}>Close</button>
          {tab === 'import' && (
            <button className="btn small primary" disabled={!preview || preview.kind === 'up-to-date'} aria-busy={importing} onClick={() => void importBundle()} data-testid="handoff-import-go">
              {importing ? <Icon name="loader" size={13} className="spin" /> : <Icon name="check" size={13} />} {preview?.kind === 'rebased' ? 'Import and replay my commits' : 'Import'}
            </button>
          )}
        </>
      }
    >
      <div className="handoff-body">
        <div className="handoff-tabs" role="tablist" aria-label="Handoff">
          {tabs.map((t) => (
            <button
              key={t.id}
              role="tab"
              aria-selected={tab === t.id}
              tabIndex={tab === t.id ? 0 : -1}
              className={`handoff-tabbtn${tab === t.id ? ' on' : ''}`}
              onClick={() => setTab(t.id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                  e.preventDefault();
                  const next = tab === 'export' ? 'import' : 'export';
                  setTab(next);
                  (e.currentTarget.parentElement?.querySelector(`[data-tab="${next}"]`) as HTMLElement | null)?.focus();
                }
              }}
              data-tab={t.id}
              data-testid={`handoff-tab-${t.id}`}
            >
              {t.label}
            </button>
          ))}
        </div>
        {tab === 'export' ? <ExportTab /> : <ImportTab />}
      </div>
    </Dialog>
  );
}
