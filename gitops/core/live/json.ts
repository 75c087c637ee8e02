// Narrowing untrusted JSON from the Kubernetes API: every reader returns undefined (or an empty
// value) for a missing or mistyped field, so a projection never throws on an odd object.

export type Json = Record<string, unknown>;

export function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A string map (labels, nodeSelector), keeping only string values. */
export function strings(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const r = record(value);
  // for-in over the parsed JSON's own keys (no pair arrays: this runs for every listed object).
  if (r) for (const k in r) if (Object.hasOwn(r, k) && typeof r[k] === 'string') out[k] = r[k];
  return out;
}

/** One entry of status.conditions, as the screens show it. */
export interface Condition {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  /** lastTransitionTime (ISO 8601): when status last changed. */
  since?: string;
}

/** The condition of `type` in a status.conditions list. */
export function condition(conditions: unknown, type: string): Condition | undefined {
  for (const item of list(conditions)) {
    const c = record(item);
    if (c?.type !== type) continue;
    const status = c.status === 'True' || c.status === 'False' ? c.status : 'Unknown';
    const out: Condition = { status };
    const reason = text(c.reason);
    const message = text(c.message);
    const since = text(c.lastTransitionTime);
    if (reason) out.reason = reason;
    if (message) out.message = message;
    if (since) out.since = since;
    return out;
  }
  return undefined;
}

/** Copies `fields` without the undefined ones, so projections compare and serialize cleanly. */
export function defined<T extends object>(fields: T): T {
  const out = {} as T;
  for (const k in fields) if (Object.hasOwn(fields, k) && fields[k] !== undefined) out[k] = fields[k];
  return out;
}

/** The earliest of some ISO 8601 times (undefined ones skipped). */
export function earliest(...times: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  let bestMs = Infinity;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (!Number.isNaN(ms) && ms < bestMs) {
      best = t;
      bestMs = ms;
    }
  }
  return best;
}
