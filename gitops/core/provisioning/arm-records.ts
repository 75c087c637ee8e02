/**
 * Plain records of what Azure Resource Manager reports about deployments, as the host hands them
 * to the pure core (no SDK types here). Field names follow the Deployments API (2025-04-01).
 */

/** ARM's error detail: `properties.error` of a deployment, `statusMessage.error` of an operation. */
export interface ArmError {
  code: string;
  message: string;
  target?: string;
  details?: ArmError[];
  additionalInfo?: Array<{ type?: string; info?: unknown }>;
}

export interface OperationRecord {
  operationId: string;
  /** Accepted, Running, Succeeded, Failed, Canceled, ... (a free string in the spec). */
  provisioningState: string;
  provisioningOperation?: string;
  /** When ARM last updated the operation (its end once it finished). */
  timestamp?: string;
  /** ISO 8601 duration (`PT1M5.5S`). */
  duration?: string;
  statusCode?: string;
  targetResource?: { id?: string; resourceType?: string; resourceName?: string };
  error?: ArmError;
}

export interface DeploymentRecord {
  name: string;
  id: string;
  provisioningState: string;
  timestamp?: string;
  duration?: string;
  correlationId?: string;
  /** The template's outputs, `{ name: { type, value } }`. */
  outputs?: Record<string, { type?: string; value?: unknown }>;
  /** The parameters it ran with, `{ name: { type?, value? } }` (secure ones have no value). */
  parameters?: Record<string, { type?: string; value?: unknown }>;
  error?: ArmError;
  templateLink?: { uri?: string; id?: string; contentVersion?: string };
  /** Operations in the order ARM listed them (any order). */
  operations: OperationRecord[];
}

/** ARM's states that will not change by waiting. */
export const FINAL_STATES = new Set(['Succeeded', 'Failed', 'Canceled', 'Deleted']);

export function isRunning(state: string): boolean {
  return !FINAL_STATES.has(state) && state !== 'NotSpecified' && state !== 'Ready' && state !== 'Created';
}

/** Milliseconds in an ISO 8601 duration (`PT1H2M3.5S`, `P1DT2H`); undefined when it is not one. */
export function durationMs(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return undefined;
  const [, d, h, min, s] = m.map((x) => (x === undefined ? 0 : Number(x))) as number[];
  return Math.round((((d! * 24 + h!) * 60 + min!) * 60 + s!) * 1000);
}

/** `1 h 2 min`, `3 min 5 s`, `4.2 s`, `180 ms`. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s % 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
