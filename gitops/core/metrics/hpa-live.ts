import { lookup } from '../live/cluster-index.ts';
import type { LiveState } from '../live/watch-state.ts';
import type { HpaLookup } from './board.ts';

/**
 * The HPA of a shard's model server in live monitoring's state: the rendered HorizontalPodAutoscaler
 * is named like the server in the shard's namespace (`shard-<name>`, gitops/core/render/shard-objects.ts).
 * Nothing for a cluster that is not connected or a server with no HPA on the cluster.
 */
export function hpaFromLive(state: () => LiveState): HpaLookup {
  return (cluster, shard, server) => {
    const hpa = lookup(state().clusters[cluster], 'HorizontalPodAutoscaler', `shard-${shard}`, server);
    return hpa ? { current: hpa.current, desired: hpa.desired, max: hpa.max } : undefined;
  };
}
