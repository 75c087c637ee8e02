// The shard view's items (gitops/core/live selectView 'shard') grouped as the shard detail shows them. Pure.
import type { ViewItems } from '../../../gitops/core/live/deltas.ts';
import type { DeploymentView, EventView, HpaView, InferenceServiceView, PdbView } from '../../../gitops/core/live/projection-types.ts';
import type { ShardHealth } from '../../../gitops/core/live/shard-health.ts';
import type { TenantQuota } from '../../../gitops/core/live/gpu-capacity.ts';
import type { DriftItem } from './DriftList.tsx';

export interface PodRow {
  name: string;
  server?: string;
  node?: string;
  zone?: string;
  phase: string;
  ready: boolean;
  restarts: number;
  gpus: number;
  waiting?: { container: string; reason: string; message?: string };
  unschedulable?: { reason: string; message?: string };
}

export interface TenantRow {
  tenant: string;
  specGpus: number;
  quota: TenantQuota | null;
}

export interface ShardDetailData {
  health: ShardHealth | undefined;
  deployments: DeploymentView[];
  hpas: HpaView[];
  pdbs: PdbView[];
  isvcs: InferenceServiceView[];
  /** Zones in order (the spec's, then any other label seen, then pods on no node as ""), each with its pods by name. */
  zones: Array<{ zone: string; pods: PodRow[] }>;
  events: EventView[];
  tenants: TenantRow[];
  drift: DriftItem | undefined;
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, undefined, { numeric: true });

export function shardDetail(items: ViewItems): ShardDetailData {
  const health = items.health as ShardHealth | undefined;
  const of = <T>(prefix: string) => Object.entries(items).filter(([k]) => k.startsWith(prefix)).map(([, v]) => v as T);
  const pods = of<PodRow>('pod/').sort(byName);
  const zones = new Map<string, PodRow[]>();
  for (const s of health?.servers ?? []) for (const z of Object.keys(s.readyByZone)) zones.set(z, []);
  for (const p of pods) {
    const z = p.zone ?? '';
    if (!zones.has(z)) zones.set(z, []);
    zones.get(z)!.push(p);
  }
  const order = [...zones.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, undefined, { numeric: true })));
  return {
    health,
    deployments: of<DeploymentView>('Deployment/').sort(byName),
    hpas: of<HpaView>('HorizontalPodAutoscaler/').sort(byName),
    pdbs: of<PdbView>('PodDisruptionBudget/').sort(byName),
    isvcs: of<InferenceServiceView>('InferenceService/').sort(byName),
    zones: order.map((zone) => ({ zone, pods: zones.get(zone)! })),
    events: of<EventView>('event/').sort((a, b) => Date.parse(b.last ?? '') - Date.parse(a.last ?? '') || (a.uid < b.uid ? -1 : 1)),
    tenants: of<TenantRow>('tenant/').sort((a, b) => a.tenant.localeCompare(b.tenant)),
    drift: items.drift as DriftItem | undefined,
  };
}

/** A pod's state in a word or two: the waiting reason, Pending (unschedulable), Running (not ready), Ready. */
export function podState(p: PodRow): { text: string; tone: 'ok' | 'warn' | 'danger' } {
  if (p.waiting) return { text: p.waiting.reason, tone: 'danger' };
  if (p.unschedulable) return { text: 'Unschedulable', tone: 'warn' };
  if (p.phase !== 'Running') return { text: p.phase, tone: p.phase === 'Failed' ? 'danger' : 'warn' };
  return p.ready ? { text: 'Ready', tone: 'ok' } : { text: 'Not ready', tone: 'warn' };
}
