/**
 * The shard detail's actions area (top right). Empty for now: the drain flow (issue 15) puts its
 * "Drain and fail over" button here; each action gets the shard and its cluster.
 */
export function ShardActions(_props: { shard: string; cluster: string }) {
  return null;
}
