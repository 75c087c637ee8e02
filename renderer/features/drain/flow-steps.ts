import type { DrainRunDto, PlacementClusterDto } from '../../../shared/ipc/drain-schemas.ts';
import type { RolloutDto } from '../../../shared/ipc/schemas.ts';

export type StepState = 'done' | 'active' | 'waiting' | 'failed' | 'blocked';

export interface FlowStep {
  id: 'commit' | 'push' | 'apply' | 'namespaces' | 'routing';
  state: StepState;
  /** What this step is, or what it found. */
  text: string;
  /** What happens next and how long it usually takes (while not done). */
  next?: string;
}

export interface FlowInput {
  /** 'drain' moves tenants off the shard; 'undo' moves them back. */
  kind: 'drain' | 'undo';
  shard: string;
  cluster: string;
  /** Tenants and the shard each ends on. */
  moves: ReadonlyArray<{ tenant: string; to: string }>;
  /** Set once committed and pushed (or queued). */
  run?: DrainRunDto;
  /** The host is committing and pushing now. */
  busy: boolean;
  rollout: RolloutDto | null;
  placement?: PlacementClusterDto;
}

const short = (oid: string) => oid.slice(0, 7);
const list = (xs: readonly string[]) => (xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

/**
 * The steps from the commit to the change applied in the cluster, each saying what happens next
 * and how long it usually takes: commit, push, Flux (or Argo CD) applies it, the tenants'
 * namespaces carry the new shard label, the gantry-routing ConfigMap holds the new map. Pure.
 */
export function flowSteps(f: FlowInput): FlowStep[] {
  const run = f.run;
  const steps: FlowStep[] = [];
  const what = f.kind === 'drain' ? `drain of ${f.shard}` : `undo of the ${f.shard} drain`;
  steps.push(
    run
      ? { id: 'commit', state: 'done', text: `Committed ${short(run.oid)}: ${run.subject}` }
      : { id: 'commit', state: f.busy ? 'active' : 'waiting', text: `Commit the ${what}`, next: 'Writes the specs, renders rendered/ and commits them with the message below (about a second).' },
  );
  if (!run) {
    steps.push({ id: 'push', state: 'waiting', text: 'Push to the remote', next: 'Right after the commit (a few seconds); a push someone made meanwhile is pulled and this commit replayed on top.' });
  } else if (run.pushed) {
    steps.push({ id: 'push', state: 'done', text: run.replayed ? `Pushed to ${run.branch.branch}; someone had pushed meanwhile, so their commits were pulled and this one replayed on top` : `Pushed to ${run.branch.branch}` });
  } else {
    steps.push({ id: 'push', state: 'blocked', text: 'Not pushed', next: run.pushNote ?? 'Push from Changes; the clusters apply only what is pushed.' });
  }
  const row = run && f.rollout?.commit === run.oid ? f.rollout.clusters.find((c) => c.cluster === f.cluster) : undefined;
  const controller = row?.gitops === 'argocd' ? 'Argo CD' : 'Flux';
  let applied = false;
  if (!run?.pushed) {
    steps.push({ id: 'apply', state: 'waiting', text: `${controller} applies it on ${f.cluster}`, next: 'After the push: it fetches the commit at its next poll (within its interval, usually a minute) and applies it (seconds).' });
  } else if (!row || row.phase === 'unknown' || row.phase === 'unreachable') {
    steps.push({ id: 'apply', state: 'active', text: `Waiting for ${controller} on ${f.cluster} to fetch ${short(run.oid)}`, next: `${row?.message ? `${row.message} ` : ''}It fetches at its next poll (within its interval, usually a minute), then applies (seconds).` });
  } else if (row.phase === 'applied') {
    applied = true;
    steps.push({ id: 'apply', state: 'done', text: `${controller} applied ${short(run.oid)} on ${f.cluster}` });
  } else if (row.phase === 'progressing') {
    steps.push({ id: 'apply', state: 'active', text: `${controller} is applying ${short(run.oid)} on ${f.cluster}`, next: 'Applying the manifests usually takes seconds; then the namespaces and the routing map change.' });
  } else if (row.phase === 'failed') {
    steps.push({ id: 'apply', state: 'failed', text: `${controller} failed to apply ${short(run.oid)} on ${f.cluster}`, next: `${row.message ?? ''} Fix it with a new commit, or undo this one.`.trim() });
  } else {
    steps.push({ id: 'apply', state: 'blocked', text: `${f.cluster}: ${row.phase}`, next: row.message ?? 'Connect the cluster to follow it.' });
  }
  const p = f.placement;
  const moved = f.moves.map((m) => m.tenant).sort();
  const byTo = new Map<string, string[]>();
  for (const m of [...f.moves].sort((a, b) => a.tenant.localeCompare(b.tenant))) byTo.set(m.to, [...(byTo.get(m.to) ?? []), m.tenant]);
  const where = [...byTo].map(([to, ts]) => `${list(ts.map((t) => `tenant-${t}`))} → ${to}`).join('; ');
  const rowOf = (t: string) => p?.tenants.find((x) => x.tenant === t);
  const nsDone = moved.length > 0 && moved.every((t) => rowOf(t)?.namespace === f.moves.find((m) => m.tenant === t)!.to);
  const routingDone = p?.state === 'checked' && moved.every((t) => rowOf(t)?.routing === f.moves.find((m) => m.tenant === t)!.to) && p.shards.every((s) => s.routing === s.expected);
  const after = applied ? 'active' : 'waiting';
  const unread = p && p.state !== 'checked' ? p.message : undefined;
  steps.push(
    moved.length === 0
      ? { id: 'namespaces', state: applied ? 'done' : 'waiting', text: 'No tenant moves: no namespace changes its label' }
      : nsDone
        ? { id: 'namespaces', state: 'done', text: `Namespaces labelled gantry.dev/shard: ${where}` }
        : { id: 'namespaces', state: unread ? 'blocked' : after, text: `Namespaces to be labelled: ${where}`, next: unread ?? 'Flux updates the labels as it applies (seconds after it applied).' },
  );
  const shardState = f.kind === 'drain' ? `marks ${f.shard} draining` : `marks ${f.shard} active again`;
  steps.push(
    routingDone
      ? { id: 'routing', state: 'done', text: `gantry-routing ConfigMap in ${f.cluster} holds the new map: ${moved.length ? `${list(moved)} → ${list([...byTo.keys()])}; ` : ''}${f.shard} ${f.kind === 'drain' ? 'draining' : 'active'}` }
      : { id: 'routing', state: unread ? 'blocked' : after, text: `gantry-routing ConfigMap ${shardState}${moved.length ? ` and routes ${list(moved)} to ${list([...byTo.keys()])}` : ''}`, next: unread ?? 'Applied with the same commit; the router reads the new map on its next reload (seconds).' },
  );
  return steps;
}

/** Every step done: the change is applied and visible in the cluster. */
export function flowDone(steps: readonly FlowStep[]): boolean {
  return steps.every((s) => s.state === 'done');
}
