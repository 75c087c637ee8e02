import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { ArmErrorDto, TimelineStepDto } from '../../../shared/ipc/cloud-schemas.ts';
import { formatDuration } from '../../../gitops/core/provisioning/arm-records.ts';
import { Icon } from '../../components/Icon.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';

const ROW = 46;

export const STATE_CHIP: Record<string, { label: string; chip: string }> = {
  pending: { label: 'pending', chip: '' },
  running: { label: 'running', chip: 'accent' },
  succeeded: { label: 'succeeded', chip: 'ok' },
  failed: { label: 'failed', chip: 'danger' },
  canceled: { label: 'canceled', chip: 'warn' },
};

function time(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }) : '';
}

function shortType(t: string): string {
  return t.replace(/^Microsoft\./, '');
}

function ErrorTree({ err, depth = 0 }: { err: ArmErrorDto; depth?: number }) {
  return (
    <div className="arm-error" style={{ marginLeft: depth * 14 }}>
      <div>
        <span className="mono b">{err.code}</span>
        {err.target ? <span className="pane-sub"> · target {err.target}</span> : null}
      </div>
      <div className="arm-message">{err.message}</div>
      {err.additionalInfo?.map((a, i) => (
        <pre key={i} className="arm-info">{a.type}: {JSON.stringify(a.info, null, 1)}</pre>
      ))}
      {err.details?.map((d, i) => <ErrorTree key={i} err={d} depth={depth + 1} />)}
    </div>
  );
}

/** What went wrong in a step, in plain words first, then ARM's own error. */
export function StepDetail({ step }: { step: TimelineStepDto }) {
  return (
    <div className="step-detail" data-testid="step-detail">
      <div className="step-detail-head">
        <span className={`chip ${STATE_CHIP[step.state]!.chip}`}>{STATE_CHIP[step.state]!.label}</span>
        <span className="b">{step.resourceName || shortType(step.resourceType)}</span>
        <span className="pane-sub mono">{step.resourceType}</span>
      </div>
      {step.explanation && (
        <div className="explain" data-testid="step-explanation">
          <div><Icon name="warning" size={13} /> {step.explanation.summary}</div>
          <div className="fix"><span className="b">What to change:</span> {step.explanation.fix}</div>
        </div>
      )}
      {step.error && <ErrorTree err={step.error} />}
      <dl className="kv">
        {step.resourceId && (<><dt>Resource</dt><dd className="mono">{step.resourceId}</dd></>)}
        {step.operationId && (<><dt>Operation</dt><dd className="mono">{step.operationId}{step.statusCode ? ` · ${step.statusCode}` : ''}</dd></>)}
        {step.start && (<><dt>Started</dt><dd>{new Date(step.start).toLocaleString()}</dd></>)}
        {step.durationMs !== undefined && (<><dt>Took</dt><dd>{formatDuration(step.durationMs)}</dd></>)}
      </dl>
    </div>
  );
}

/**
 * The steps of a deployment as a workflow history: one row per operation (nested deployments
 * indented), virtualized so thousands of operations scroll smoothly. Arrow keys, Home and End move
 * the selection; the selected step's detail shows below.
 */
export function Timeline({ steps, failedOnly }: { steps: TimelineStepDto[]; failedOnly: boolean }) {
  const shown = useMemo(() => (failedOnly ? steps.filter((s) => s.state === 'failed') : steps), [steps, failedOnly]);
  const [selectedKey, setSelectedKey] = useState<string | undefined>(undefined);
  // Select the first failed step (else the running one) when nothing valid is selected.
  useEffect(() => {
    if (selectedKey && shown.some((s) => s.key === selectedKey)) return;
    const first = shown.find((s) => s.state === 'failed') ?? shown.find((s) => s.state === 'running') ?? shown[0];
    setSelectedKey(first?.key);
  }, [shown, selectedKey]);
  const index = shown.findIndex((s) => s.key === selectedKey);
  const selected = index >= 0 ? shown[index] : undefined;
  const move = (to: number) => {
    const s = shown[Math.max(0, Math.min(shown.length - 1, to))];
    if (!s) return;
    setSelectedKey(s.key);
    const list = document.querySelector<HTMLElement>('[data-testid="timeline"]');
    if (list) {
      const i = shown.indexOf(s);
      if (i * ROW < list.scrollTop) list.scrollTop = i * ROW;
      else if ((i + 1) * ROW > list.scrollTop + list.clientHeight) list.scrollTop = (i + 1) * ROW - list.clientHeight;
    }
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((e.currentTarget.clientHeight || ROW * 10) / ROW));
    const keys: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: shown.length - 1, PageDown: index + page, PageUp: index - page };
    if (e.key in keys) {
      e.preventDefault();
      move(keys[e.key]!);
    }
  };
  if (shown.length === 0) {
    return <div className="empty-small" data-testid="timeline-empty">{failedOnly ? 'No failed steps.' : 'No steps yet.'}</div>;
  }
  return (
    <div className="timeline-wrap">
      <div className="timeline-list" tabIndex={0} onKeyDown={onKey} aria-activedescendant={selected ? `step-${selected.key}` : undefined} aria-label="Deployment steps; arrow keys move">
        <VirtualList
          items={shown}
          rowHeight={ROW}
          label="Deployment steps"
          testId="timeline"
          renderRow={(s, i, style) => (
            <div
              key={s.key}
              id={`step-${s.key}`}
              role="listitem"
              aria-selected={s.key === selectedKey}
              className={`step-row state-${s.state}${s.key === selectedKey ? ' selected' : ''}`}
              style={{ ...style, position: 'absolute', left: 0, right: 0 }}
              onClick={() => setSelectedKey(s.key)}
              data-testid="step"
              data-state={s.state}
              data-name={s.resourceName}
            >
              <span className="step-rail" aria-hidden="true">
                <span className="step-dot">{s.state === 'running' ? <Icon name="loader" size={11} className="spin" /> : s.state === 'failed' ? <Icon name="x" size={10} /> : s.state === 'succeeded' ? <Icon name="check" size={10} /> : null}</span>
              </span>
              <span className="step-main" style={{ paddingLeft: s.depth * 18 }}>
                <span className="step-title">
                  {s.depth > 0 && <span className="pane-sub">↳ </span>}
                  <span className="b">{s.resourceName || shortType(s.resourceType)}</span>
                  <span className="pane-sub"> {shortType(s.resourceType)}</span>
                </span>
                <span className={`step-sub${s.state === 'failed' ? ' error-text' : ''}`}>
                  {s.state === 'failed' ? (s.explanation?.summary ?? s.error?.message) : s.nested ? `nested deployment ${s.nested}` : s.state === 'pending' ? 'not started' : ''}
                </span>
              </span>
              <span className="step-when pane-sub">{time(s.start)}</span>
              <span className="step-took pane-sub">{formatDuration(s.durationMs)}</span>
              <span className={`chip ${STATE_CHIP[s.state]!.chip}`} data-testid="step-state">{STATE_CHIP[s.state]!.label}</span>
              <span className="sr-only">step {i + 1} of {shown.length}</span>
            </div>
          )}
        />
      </div>
      {selected && <StepDetail step={selected} />}
    </div>
  );
}
