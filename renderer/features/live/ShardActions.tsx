import { useMemo } from 'react';
import type { ShardCardItem } from './ClustersOverview.tsx';
import { useLiveView } from './live-store.ts';
import { useDrain } from '../drain/drain-store.ts';
import { plannerHealth } from '../drain/planner-health.ts';

/**
 * The shard detail's actions area (top right): "Drain and fail over" opens the drain flow (issue 15)
 * for this shard with the cluster's live health, as the board's card button and D do.
 */
export function ShardActions({ shard, cluster }: { shard: string; cluster: string }) {
  // The planner needs every shard's health of the cluster (a degraded or down target takes no tenants).
  const { items } = useLiveView({ view: 'cluster', cluster });
  const health = useMemo(
    () => plannerHealth(Object.entries(items ?? {}).filter(([k]) => k.startsWith('shard/')).map(([, v]) => (v as ShardCardItem).health).filter(Boolean)),
    [items],
  );
  return (
    <button
      className="btn small"
      onClick={() => useDrain.getState().start(shard, health)}
      disabled={!items}
      title="Move its tenants to other shards, commit, push and follow it to the cluster"
      data-testid={`detail-drain-${shard}`}
    >
      Drain and fail over…
    </button>
  );
}
