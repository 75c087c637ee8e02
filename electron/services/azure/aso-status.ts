/**
 * Azure Service Operator (v2) resources as the provisioning view shows them: the Ready condition
 * ASO keeps on every resource it manages (pkg/genruntime/conditions in ASO's source; the CRD and
 * where each shape comes from are in e2e/azure/fixtures/aso/PROVENANCE.md). Pure.
 *
 * - Ready True (reason Succeeded): the resource is in Azure as the spec says.
 * - Ready False with severity Info (reason Reconciling, Deleting): ASO is working on it.
 * - Ready False with severity Warning: ASO retries, but often a person must fix something
 *   (a missing owner, secret or reference, an ARM error it classified as retryable).
 * - Ready False with severity Error: ASO stopped trying (ReconciliationFailedPermanently, a fatal ARM error).
 * - Ready Unknown, or no Ready condition yet: the operator has not reported.
 * A condition observed for an older generation than the object's is stale (the spec changed since).
 */

export type AsoState = 'ready' | 'reconciling' | 'warning' | 'error' | 'unknown';

export interface AsoCondition {
  type?: string;
  status?: string;
  severity?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

export interface AsoObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; generation?: number };
  spec?: { azureName?: string };
  status?: { conditions?: AsoCondition[] };
}

export interface AsoResource {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  azureName?: string;
  ready: 'True' | 'False' | 'Unknown' | 'none';
  state: AsoState;
  severity?: string;
  reason?: string;
  message?: string;
  since?: string;
  /** The Ready condition describes an older generation of the spec. */
  stale: boolean;
}

const ORDER: Record<AsoState, number> = { error: 0, warning: 1, reconciling: 2, unknown: 3, ready: 4 };

export function asoResource(o: AsoObject): AsoResource {
  const [group = '', version = ''] = (o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/') : ['', o.apiVersion ?? ''];
  const c = (o.status?.conditions ?? []).find((x) => x.type === 'Ready');
  const ready = c?.status === 'True' || c?.status === 'False' || c?.status === 'Unknown' ? c.status : 'none';
  const state: AsoState =
    ready === 'True' ? 'ready' : ready === 'False' ? (c?.severity === 'Error' ? 'error' : c?.severity === 'Warning' ? 'warning' : c?.severity === 'Info' ? 'reconciling' : 'warning') : 'unknown';
  const gen = o.metadata?.generation;
  return {
    group,
    version,
    kind: o.kind ?? '',
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? '',
    ...(o.spec?.azureName ? { azureName: o.spec.azureName } : {}),
    ready,
    state,
    ...(c?.severity ? { severity: c.severity } : {}),
    ...(c?.reason ? { reason: c.reason } : {}),
    ...(c?.message ? { message: c.message } : {}),
    ...(c?.lastTransitionTime ? { since: c.lastTransitionTime } : {}),
    stale: c?.observedGeneration !== undefined && gen !== undefined && c.observedGeneration < gen,
  };
}

/** What needs a person first: errors, warnings, then work in progress, unknown, ready; then by kind and name. */
export function sortAso(rs: AsoResource[]): AsoResource[] {
  return [...rs].sort((a, b) => ORDER[a.state] - ORDER[b.state] || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}
