import { useMemo, useState, type ReactNode } from 'react';
import { diffLines } from 'diff';
import type { PlanPreview } from '../../../shared/ipc/schemas.ts';
import { Icon } from '../../components/Icon.tsx';

function FileBody({ before, after }: { before: string | undefined; after: string }) {
  const lines = useMemo(() => {
    if (before === undefined) return after.replace(/\n$/, '').split('\n').map((text) => ({ kind: 'add' as const, text }));
    const out: Array<{ kind: 'add' | 'del' | 'same'; text: string }> = [];
    for (const part of diffLines(before, after)) {
      const kind = part.added ? 'add' : part.removed ? 'del' : 'same';
      for (const text of part.value.replace(/\n$/, '').split('\n')) out.push({ kind, text });
    }
    return out;
  }, [before, after]);
  return (
    <pre>
      {lines.map((l, i) => (
        <span key={i} className={`diff-line ${l.kind}`}>{`${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '} ${l.text}`}</span>
      ))}
    </pre>
  );
}

/** What a plan would write, before anything is written: notes, each file (new content or a diff), and the findings it would cause. */
export function PlanPreviewView({ preview }: { preview: PlanPreview }) {
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const errors = preview.findings.filter((f) => f.severity === 'error');
  const warnings = preview.findings.filter((f) => f.severity === 'warning');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="plan-preview">
      <ul className="notes">
        {preview.notes.map((n, i) => <li key={i}>{n}</li>)}
      </ul>
      {(errors.length > 0 || warnings.length > 0) && (
        <div className={`banner ${errors.length ? 'danger' : 'warn'}`} style={{ borderRadius: 6, border: 0, flexDirection: 'column', alignItems: 'flex-start' }}>
          {[...errors, ...warnings].map((f, i) => (
            <span key={i} style={{ display: 'flex', gap: 6 }}>
              <Icon name={f.severity === 'error' ? 'error' : 'warning'} size={13} className={`sev-${f.severity}`} /> {f.message} <code>{f.code}</code>
            </span>
          ))}
        </div>
      )}
      {preview.files.map((f) => {
        const expanded = open[f.path] ?? preview.files.length <= 3;
        return (
          <div key={f.path} className="plan-file" data-testid="plan-file">
            <header>
              <span className={`change-letter ${f.action === 'create' ? 'added' : 'modified'}`}>{f.action === 'create' ? 'A' : 'M'}</span>
              <span style={{ flex: 1 }}>{f.path}</span>
              <button className="btn small ghost" onClick={() => setOpen((o) => ({ ...o, [f.path]: !expanded }))}>{expanded ? 'Hide' : 'Show'}</button>
            </header>
            {expanded && <FileBody before={f.before} after={f.content} />}
          </div>
        );
      })}
    </div>
  );
}

/** The dialog's primary button: writes the previewed files. */
export function ApplyPlanButton({ preview, busy, icon, onApply }: { preview: PlanPreview | undefined; busy: boolean; icon: ReactNode; onApply: () => void }) {
  return (
    <button className="btn primary" disabled={!preview || busy} onClick={onApply} data-testid="apply-plan">
      {icon}
      {preview ? `Write ${preview.files.length} file${preview.files.length === 1 ? '' : 's'}` : 'Apply'}
    </button>
  );
}

/** Why the planner could not make a plan. */
export function PlanError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <div className="banner danger" style={{ borderRadius: 6, border: 0 }} data-testid="plan-error">
      <Icon name="error" size={14} className="sev-error" />
      {error}
    </div>
  );
}
