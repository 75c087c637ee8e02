import type { ReactNode } from 'react';
import type { FileStatus } from '../stores/workspace-store.ts';
import { Icon } from './Icon.tsx';

/** Validation state of one object: errors first, then warnings, else OK. */
export function StatusBadge({ status }: { status: FileStatus }) {
  const state = status.errors ? 'error' : status.warnings ? 'warning' : 'ok';
  const text = status.errors
    ? `${status.errors} error${status.errors === 1 ? '' : 's'}`
    : status.warnings
      ? `${status.warnings} warning${status.warnings === 1 ? '' : 's'}`
      : 'OK';
  return (
    <span className="badge" data-status={state} data-testid="status-badge" title={`${status.errors} errors, ${status.warnings} warnings`}>
      {state === 'ok' ? <Icon name="check" size={11} /> : <span className="dot" />}
      {text}
    </span>
  );
}

/** Fill of a capacity figure: accent below the threshold, warn at or over it, danger over 100%. */
export function fillClass(used: number, limit: number, thresholdPercent: number): '' | 'warn' | 'danger' {
  if (limit <= 0) return used > 0 ? 'danger' : '';
  if (used > limit) return 'danger';
  return used * 100 >= thresholdPercent * limit ? 'warn' : '';
}

export function MiniBar({ used, limit, threshold }: { used: number; limit: number; threshold: number }) {
  const pct = limit > 0 ? Math.min(100, (used * 100) / limit) : used > 0 ? 100 : 0;
  return (
    <span className={`minibar ${fillClass(used, limit, threshold)}`} aria-hidden="true">
      <span style={{ width: `${pct}%` }} />
    </span>
  );
}

export function EmptyState({ icon, title, children, actions }: { icon?: Parameters<typeof Icon>[0]['name']; title: string; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="empty" data-testid="empty-state">
      {icon && <Icon name={icon} size={28} className="icon" />}
      <h3>{title}</h3>
      {children && <p>{children}</p>}
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}
