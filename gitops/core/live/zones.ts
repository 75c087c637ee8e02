// Zones as the cloud providers label their nodes. A Shard names zones the way people say them
// ("1", "2", "3"); nodes carry `topology.kubernetes.io/zone` in the provider's own form. The renderer
// writes the node form into the Deployments' node affinity, and live monitoring maps a node's label
// back to the spec's zone with the same rule, so both always agree.
import type { ClusterSpec } from '../schema/specs.ts';

/** The parts of a Cluster spec the zone mapping reads. */
export type ZoneCluster = Pick<ClusterSpec, 'provider' | 'region' | 'zoneLabels'>;

/**
 * The `topology.kubernetes.io/zone` value that nodes of `cluster` carry for the spec's zone `zone`.
 *
 * Decision: `zoneLabels[zone]` when the Cluster lists one; else on AKS `<region>-<zone>` (AKS labels a
 * node in availability zone 1 of westeurope `westeurope-1`), unless the zone is already written that
 * way; else (EKS `us-east-1a`, GKE `us-central1-a`, on-prem) the zone as written, since those
 * providers' zone names are what people write.
 */
export function nodeZoneLabel(cluster: ZoneCluster, zone: string): string {
  const mapped = cluster.zoneLabels?.[zone];
  if (mapped !== undefined) return mapped;
  if (cluster.provider === 'aks' && !zone.startsWith(`${cluster.region}-`)) return `${cluster.region}-${zone}`;
  return zone;
}

/**
 * The spec zone a node labelled `nodeLabel` is in: the inverse of {@link nodeZoneLabel}.
 *
 * With `zones` (a Shard's zones) it answers which of them renders to that label, or undefined when
 * none does. Without, it undoes the mapping: a `zoneLabels` entry, AKS's `<region>-` prefix, or the
 * label itself (a zone the spec may not name, such as AKS's "0" for a node outside any zone).
 */
export function specZoneOf(cluster: ZoneCluster, nodeLabel: string, zones?: readonly string[]): string | undefined {
  if (zones) return zones.find((z) => nodeZoneLabel(cluster, z) === nodeLabel);
  for (const [zone, label] of Object.entries(cluster.zoneLabels ?? {})) if (label === nodeLabel) return zone;
  const prefix = `${cluster.region}-`;
  if (cluster.provider === 'aks' && nodeLabel.startsWith(prefix) && nodeLabel.length > prefix.length) return nodeLabel.slice(prefix.length);
  return nodeLabel;
}
