import { useState } from 'react';
import type { Finding } from '../../../shared/findings.ts';
import { Icon } from '../../components/Icon.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useTotals, useWorkspace } from '../../stores/workspace-store.ts';

function openFinding(f: Finding) {
  useApp.getState().setView('workspace');
  void useEditor.getState().open(f.file, { tab: 'yaml', ...(f.line ? { line: f.line, column: f.column ?? 1 } : {}) });
}

/** Every finding of the workspace; a click (or Enter) opens the file at the line in the YAML tab. */
export function ProblemsPanel() {
  const findings = useWorkspace((s) => s.findings);
  const totals = useTotals();
  const toggle = useApp((s) => s.toggleProblems);
  const [filter, setFilter] = useState<'all' | 'error' | 'warning'>('all');
  const [active, setActive] = useState(0);
  const shown = filter === 'all' ? findings : findings.filter((f) => f.severity === filter);

  return (
    <section
      className="problems"
      aria-label="Problems"
      data-testid="problems"
      // As tall as its findings need, between one row and about seven.
      style={{ ['--problems-h' as string]: `${Math.min(220, Math.max(76, 38 + Math.max(1, shown.length) * 26 + 12))}px` }}
    >
      <div className="pane-header">
        <span className="pane-title" style={{ fontSize: 12, textTransform: 'uppercase', letterSpacing: '0.06em' }}>Problems</span>
        <div className="tabs" role="tablist" aria-label="Severity" style={{ height: 30 }}>
          <button role="tab" className="tab" aria-selected={filter === 'all'} onClick={() => setFilter('all')}>All <span className="n">{findings.length}</span></button>
          <button role="tab" className="tab" aria-selected={filter === 'error'} onClick={() => setFilter('error')}>
            <Icon name="error" size={12} className="sev-error" /> Errors <span className="n" data-testid="error-count">{totals.errors}</span>
          </button>
          <button role="tab" className="tab" aria-selected={filter === 'warning'} onClick={() => setFilter('warning')}>
            <Icon name="warning" size={12} className="sev-warning" /> Warnings <span className="n" data-testid="warning-count">{totals.warnings}</span>
          </button>
        </div>
        <span className="spacer" />
        <button className="btn small ghost" onClick={() => toggle(false)} aria-label="Hide problems (Ctrl J)" title="Hide (Ctrl J)">
          <Icon name="x" size={13} />
        </button>
      </div>
      {shown.length === 0 ? (
        <div className="empty" style={{ height: 'auto', padding: 18, flexDirection: 'row' }}>
          <Icon name="check" size={16} className="sev-ok" style={{ color: 'var(--ok)' }} />
          <span>{findings.length === 0 ? 'No problems: every spec validates.' : `No ${filter}s.`}</span>
        </div>
      ) : (
        <div
          style={{ display: 'flex', flex: 1, minHeight: 0 }}
          tabIndex={0}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(shown.length - 1, a + 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
            else if (e.key === 'Enter' && shown[active]) openFinding(shown[active]);
            else return;
            e.preventDefault();
          }}
        >
          <VirtualList
            items={shown}
            rowHeight={26}
            label="Findings"
            renderRow={(f, i, style) => (
              <div
                key={`${f.file}:${f.code}:${f.path}:${i}`}
                role="listitem"
                className={`problem${i === active ? ' active' : ''}`}
                style={style}
                data-testid="problem"
                data-code={f.code}
                data-file={f.file}
                onClick={() => {
                  setActive(i);
                  openFinding(f);
                }}
              >
                <Icon name={f.severity === 'error' ? 'error' : 'warning'} size={14} className={`sev-${f.severity}`} />
                <span className="msg">{f.message}</span>
                <span className="code">{f.code}</span>
                <span className="where">
                  {f.file}
                  {f.line ? `:${f.line}` : ''}
                </span>
              </div>
            )}
          />
        </div>
      )}
    </section>
  );
}
