import { lazy, Suspense, useMemo } from 'react';
import { parseDocument } from 'yaml';
import { findTooDeep } from '../../../gitops/core/load/nesting.ts';
import { editYamlText, type YamlEdit } from '../../../gitops/core/edit/yaml-edit.ts';
import { relatedFindings, tenantRefs, type RelatedFinding } from '../../../gitops/core/edit/related-findings.ts';
import type { Finding } from '../../../shared/findings.ts';
import { kindOfPath, nameOfPath } from '../../../shared/kinds.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, StatusBadge } from '../../components/StatusBadge.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { findingsOf, useFileStatus, useWorkspace } from '../../stores/workspace-store.ts';
import { FormContext, type FormApi } from './forms/form-kit.tsx';
import { ClusterForm, PoolForm } from './forms/SimpleForms.tsx';
import { ShardForm } from './forms/ShardForm.tsx';
import { TenantForm } from './forms/TenantForm.tsx';

const YamlEditor = lazy(() => import('./YamlEditor.tsx'));
const DiffView = lazy(() => import('../changes/DiffView.tsx'));

/** Reads the document for the form; undefined when the text is not a single valid YAML mapping. */
function readDoc(text: string): Record<string, unknown> | undefined {
  // Too deep to parse without risking the tab (the host reports it as yaml.syntax): YAML tab only.
  if (findTooDeep(text)) return undefined;
  const doc = parseDocument(text);
  if (doc.errors.length) return undefined;
  const v: unknown = doc.toJS();
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The selected spec file: a form per kind and a YAML tab, both over the same text. */
export function EditorPane() {
  const file = useEditor((s) => s.file);
  const tab = useEditor((s) => s.tab);
  const buffer = useEditor((s) => (s.file ? s.buffers[s.file] : undefined));
  const { setTab, setText, save, revert, close, setComparing } = useEditor.getState();
  const allFindings = useWorkspace((s) => s.findings);
  const rows = useWorkspace((s) => s.rows);
  const own = useMemo(() => findingsOf(allFindings, file), [allFindings, file]);
  const ownStatus = useFileStatus(file);
  const openDialog = useApp((s) => s.openDialog);
  const toast = useApp((s) => s.toast);

  const text = buffer?.text ?? '';
  const doc = useMemo(() => readDoc(text), [text]);
  // What this tenant's edit causes on its shard or pools shows here too, on the field (issue 14).
  const related = useMemo<RelatedFinding[]>(() => {
    if (!file || kindOfPath(file) !== 'Tenant') return [];
    const fileOf = (kind: 'Shard' | 'ResourcePool', name: string) => (kind === 'Shard' ? rows.shards : rows.pools).find((r) => r.name === name)?.file;
    return relatedFindings(file, text, tenantRefs(doc), allFindings, fileOf);
  }, [file, text, doc, allFindings, rows]);
  const findings = useMemo<Finding[]>(() => (related.length ? [...own, ...related] : own), [own, related]);
  const status = useMemo(() => {
    const errors = related.filter((f) => f.severity === 'error').length;
    return { errors: ownStatus.errors + errors, warnings: ownStatus.warnings + related.length - errors };
  }, [ownStatus, related]);

  if (!file || !buffer) {
    return (
      <EmptyState icon="file" title="Nothing open">
        Pick a row to edit it here (↑↓ then Enter), or press <span className="kbd">Ctrl K</span> to search. Findings in the Problems panel open the file at the line.
      </EmptyState>
    );
  }

  const kind = kindOfPath(file);
  const name = nameOfPath(file);
  const dirty = buffer.text !== buffer.disk;

  const apply = (edits: YamlEdit[]) => {
    try {
      setText(file, editYamlText(useEditor.getState().buffers[file]?.text ?? text, edits));
    } catch (err) {
      toast('error', err instanceof Error ? err.message : String(err));
    }
  };
  const api: FormApi | null = doc
    ? { doc, findings, set: (path, value) => apply([{ op: 'set', path, value }]), remove: (path) => apply([{ op: 'delete', path }]) }
    : null;

  const form = () => {
    if (!api) {
      return (
        <EmptyState icon="warning" title="The YAML does not parse" actions={<button className="btn" onClick={() => setTab('yaml')}>Open the YAML tab</button>}>
          Fix the syntax error in the YAML tab; the form comes back when the document reads again.
        </EmptyState>
      );
    }
    const body =
      kind === 'Tenant' ? <TenantForm name={name} /> : kind === 'Shard' ? <ShardForm name={name} /> : kind === 'ResourcePool' ? <PoolForm /> : kind === 'Cluster' ? <ClusterForm /> : null;
    if (!body) return <EmptyState icon="file" title={`No form for ${kind ?? 'this file'}`} actions={<button className="btn" onClick={() => setTab('yaml')}>Edit YAML</button>}>Edit it in the YAML tab.</EmptyState>;
    return <FormContext.Provider value={api}>{body}</FormContext.Provider>;
  };

  return (
    <>
      <div className="pane-header">
        <span className="pane-title" data-testid="editor-title">{name}</span>
        <span className="chip">{kind}</span>
        <StatusBadge status={status} />
        {dirty && <span className="dirty-dot" title="Unsaved changes" data-testid="dirty" />}
        <span className="pane-sub">{file}</span>
        <span className="spacer" />
        {kind === 'Shard' && (
          <button className="btn small ghost" onClick={() => openDialog({ kind: 'drainShard', shard: name })}>
            <Icon name="drain" size={13} /> Drain…
          </button>
        )}
        <button className="btn small ghost" onClick={() => void revert()} disabled={!dirty && !buffer.conflict} title="Discard unsaved changes">
          <Icon name="undo" size={13} /> Revert
        </button>
        <button className="btn small primary" onClick={() => void save()} disabled={!dirty && !buffer.conflict} data-testid="save">
          <Icon name="save" size={13} /> Save <span className="kbd">Ctrl S</span>
        </button>
        <button className="btn small ghost" onClick={close} aria-label="Close editor">
          <Icon name="x" size={13} />
        </button>
      </div>
      <div className="pane-header" style={{ minHeight: 34, paddingLeft: 4, background: 'var(--bg)' }}>
        <div className="tabs" role="tablist" aria-label="Editor mode" style={{ height: 34 }}>
          <button role="tab" className="tab" aria-selected={tab === 'form'} onClick={() => setTab('form')} data-testid="tab-form">Form</button>
          <button role="tab" className="tab" aria-selected={tab === 'yaml'} onClick={() => setTab('yaml')} data-testid="tab-yaml">YAML</button>
        </div>
      </div>
      {buffer.conflict ? (
        <div className="banner warn" role="alert" data-testid="draft-conflict">
          <Icon name="warning" size={14} />
          {buffer.restored ? `Restored unsaved changes, but ${file} changed on disk since you made them.` : `${file} changed on disk while you were editing.`}
          <span className="spacer" />
          <button className="btn small" onClick={() => setComparing(file, !buffer.comparing)} aria-pressed={Boolean(buffer.comparing)} data-testid="draft-compare">
            {buffer.comparing ? 'Hide compare' : 'Compare'}
          </button>
          <button className="btn small" onClick={() => void save()} data-testid="draft-keep-mine">Keep mine</button>
          <button className="btn small" onClick={() => void revert()} data-testid="draft-take-theirs">Take theirs</button>
        </div>
      ) : (
        buffer.restored &&
        dirty && (
          <div className="banner info" role="status" data-testid="restored-draft">
            <Icon name="undo" size={14} />
            Restored unsaved changes to {file}. Save them, or Revert to the file on disk.
          </div>
        )
      )}
      {findings.length > 0 && (
        <div className="editor-findings" data-testid="editor-findings">
          {findings.map((f, i) => {
            const from = 'from' in f ? (f as RelatedFinding).from : undefined;
            const at = from ?? f;
            return (
              <button key={i} onClick={() => void useEditor.getState().open(from ? from.file : f.file, { tab: 'yaml', ...(at.line ? { line: at.line, column: from ? 1 : (f.column ?? 1) } : {}) })} data-related={from ? from.file : undefined} title={from ? `Open ${from.file}` : undefined}>
                <Icon name={f.severity === 'error' ? 'error' : 'warning'} size={13} className={`sev-${f.severity}`} />
                <span>{f.message}</span>
                <span className="code" style={{ marginLeft: 'auto', color: 'var(--text-faint)', font: '11px var(--mono)' }}>
                  {f.code}{from ? ` · ${from.file.split('/').pop()}` : f.line ? ` · L${f.line}` : ''}
                </span>
              </button>
            );
          })}
        </div>
      )}
      <div className="pane-body" style={tab === 'yaml' || (buffer.conflict && buffer.comparing) ? { overflow: 'hidden', display: 'flex' } : undefined}>
        {buffer.conflict && buffer.comparing ? (
          <Suspense fallback={<div className="loading"><Icon name="loader" className="spin" /> Loading compare…</div>}>
            <div className="draft-compare" data-testid="draft-compare-view" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
              <div className="pane-sub" style={{ padding: '4px 10px' }}>Red, left: theirs (on disk) · green, right: mine (unsaved)</div>
              <DiffView path={file} before={buffer.disk} after={buffer.text} sideBySide />
            </div>
          </Suspense>
        ) : tab === 'form' ? (
          form()
        ) : (
          <Suspense fallback={<div className="loading"><Icon name="loader" className="spin" /> Loading editor…</div>}>
            <YamlEditor file={file} text={text} findings={findings} onChange={(t) => setText(file, t)} onSave={() => void save()} />
          </Suspense>
        )}
      </div>
    </>
  );
}
