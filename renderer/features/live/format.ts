// Words for the live screens: connection states, health, ages. Pure.
import type { ConnectionStateDto } from '../../../shared/ipc/cluster-schemas.ts';

/** How long ago `iso` was, in the largest sensible unit ("40 s", "3 min", "2 h", "5 d"). */
export function age(iso: string | undefined, now = Date.now()): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** A connection state in words, with how long a stale one has been so. */
export function connectionWords(state: ConnectionStateDto, since?: string, now = Date.now()): string {
  switch (state) {
    case 'disconnected': return 'Not connected';
    case 'no-context': return 'No kubeconfig context';
    case 'connecting': return 'Connecting…';
    case 'live': return 'Live';
    case 'stale': { const a = age(since, now); return a ? `Stale for ${a}` : 'Stale'; }
    case 'unauthorized': return 'Unauthorized';
    case 'forbidden': return 'Forbidden';
    case 'unreachable': return 'Unreachable';
    case 'needs-consent': return 'Waiting for your consent';
  }
}

export type Tone = 'ok' | 'warn' | 'danger' | '';

export function connectionTone(state: ConnectionStateDto): Tone {
  if (state === 'live') return 'ok';
  if (state === 'connecting' || state === 'stale' || state === 'needs-consent') return 'warn';
  if (state === 'disconnected' || state === 'no-context') return '';
  return 'danger';
}

/** Whether the person may press Connect (nothing is connected unasked). */
export const canConnect = (state: ConnectionStateDto) => state !== 'live' && state !== 'connecting' && state !== 'no-context';

export type Health = 'healthy' | 'degraded' | 'down' | 'unknown';

export function healthTone(h: Health): Tone {
  return h === 'healthy' ? 'ok' : h === 'degraded' ? 'warn' : h === 'down' ? 'danger' : '';
}

export const HEALTH_ORDER: Record<Health, number> = { down: 0, degraded: 1, unknown: 2, healthy: 3 };

/** A commit id as people read it: the first 8 of a 40-digit id, with Flux's `main@sha1:` prefix kept as the branch. */
export function shortRevision(rev: string | undefined): string | undefined {
  if (!rev) return undefined;
  const m = /^(?:(.+?)@sha1:)?([0-9a-f]{40})$/.exec(rev);
  if (!m) return rev;
  return m[1] ? `${m[1]} ${m[2]!.slice(0, 8)}` : m[2]!.slice(0, 8);
}
