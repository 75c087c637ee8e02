import { useEffect, useMemo, useState } from 'react';
import type { OutputOf } from '../../../shared/ipc/contract.ts';
import { fieldText, parameterChanges, readField, type ParameterField } from '../../../gitops/core/provisioning/parameters.ts';
import { call } from '../../ipc/index.ts';
import { Dialog } from '../plan/Dialog.tsx';
import { useProvisioning } from './provisioning-store.ts';

type Form = OutputOf<'cloud:rerunForm'>;

/**
 * Re-run of a failed deployment: a form built from the template's parameter definitions (the last
 * run's values filled in, the ones the error is about marked), then a preview of what changes, then
 * the PUT of the same template with the new parameters after a confirmation.
 */
export function RerunDialog({ tenant, deployment, onClose }: { tenant: string; deployment: string; onClose: () => void }) {
  const [form, setForm] = useState<Form | undefined>();
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | undefined>();
  const [step, setStep] = useState<'edit' | 'preview'>('edit');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('cloud:rerunForm', { tenant, deployment }).then(
      (f) => {
        setForm(f);
        setTexts(Object.fromEntries(f.fields.map((x) => [x.name, fieldText(x as ParameterField)])));
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [tenant, deployment]);
  const fields = (form?.fields ?? []) as ParameterField[];
  const checked = useMemo(() => fields.map((f) => ({ f, r: readField(f, texts[f.name] ?? '') })), [fields, texts]);
  const problems = checked.filter((c) => !c.r.ok);
  const values = Object.fromEntries(checked.flatMap((c) => (c.r.ok && c.r.value !== undefined ? [[c.f.name, c.r.value]] : [])));
  const changes = parameterChanges(fields, values);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const view = await call('cloud:rerun', { tenant, deployment, values });
      useProvisioning.setState({ view, selected: tenant });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep('edit');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Re-run ${deployment}`}
      onClose={onClose}
      testId="rerun-dialog"
      footer={
        <>
          {error && <span className="error-text" data-testid="rerun-error">{error}</span>}
          <span className="spacer" />
          <button className="btn" onClick={step === 'preview' ? () => setStep('edit') : onClose}>{step === 'preview' ? 'Back' : 'Cancel'}</button>
          {step === 'edit' ? (
            <button className="btn primary" disabled={!form || problems.length > 0} onClick={() => setStep('preview')} data-testid="rerun-preview">Preview</button>
          ) : (
            <button className="btn primary" disabled={busy} onClick={() => void submit()} data-testid="rerun-confirm">Re-run deployment</button>
          )}
        </>
      }
    >
      <div className="rerun-body">
        {!form && !error && <div className="loading">Reading the template…</div>}
        {form && form.explanation && (
          <div className="explain">
            <div>{form.explanation.summary}</div>
            <div className="fix"><span className="b">What to change:</span> {form.explanation.fix}</div>
          </div>
        )}
        {form && step === 'edit' && (
          <div className="rerun-fields">
            <p className="pane-sub">
              {form.templateSource === 'templateLink' ? `Same template (${form.templateUri ?? 'template spec'})` : 'Same template (as Azure recorded it)'} in {form.resourceGroup}; marked parameters are the ones the error is about.
            </p>
            {checked.map(({ f, r }) => (
              <label key={f.name} className={`field${f.suspect ? ' suspect' : ''}`} data-testid={`param-${f.name}`}>
                <span className="field-label">
                  <span className="mono b">{f.name}</span> <span className="pane-sub">{f.type}{f.min !== undefined || f.max !== undefined ? ` · ${f.min ?? '…'}–${f.max ?? '…'}` : ''}</span>
                  {f.suspect && <span className="chip warn">check this</span>}
                </span>
                {f.allowed ? (
                  <select className="input" value={texts[f.name] ?? ''} onChange={(e) => setTexts({ ...texts, [f.name]: e.target.value })}>
                    {f.allowed.map((a) => <option key={String(a)} value={String(a)}>{String(a)}</option>)}
                  </select>
                ) : f.type === 'bool' ? (
                  <select className="input" value={texts[f.name] ?? ''} onChange={(e) => setTexts({ ...texts, [f.name]: e.target.value })}>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    className="input"
                    type={f.type.startsWith('secure') ? 'password' : 'text'}
                    value={texts[f.name] ?? ''}
                    placeholder={typeof f.defaultValue === 'string' && f.defaultValue.startsWith('[') ? `default: ${f.defaultValue}` : f.type.startsWith('secure') ? 'Azure does not keep secure values: enter it again' : ''}
                    onChange={(e) => setTexts({ ...texts, [f.name]: e.target.value })}
                  />
                )}
                {f.description && <span className="pane-sub">{f.description}</span>}
                {!r.ok && <span className="error-text">{r.message}</span>}
              </label>
            ))}
          </div>
        )}
        {form && step === 'preview' && (
          <div className="rerun-preview" data-testid="rerun-changes">
            <p>A new run of <span className="mono">{deployment}</span> in <span className="mono">{form.resourceGroup}</span> with the same template{changes.length ? ', changing:' : ' and the same parameters.'}</p>
            {changes.length > 0 && (
              <table className="kv-table">
                <thead><tr><th>Parameter</th><th>Last run</th><th>This run</th></tr></thead>
                <tbody>
                  {changes.map((c) => (
                    <tr key={c.name} data-testid={`change-${c.name}`}><td className="mono">{c.name}</td><td className="mono">{c.before}</td><td className="mono b">{c.after}</td></tr>
                  ))}
                </tbody>
              </table>
            )}
            <p className="pane-sub">Resources that already succeeded are left as they are (incremental mode); Azure continues with what failed.</p>
          </div>
        )}
      </div>
    </Dialog>
  );
}
