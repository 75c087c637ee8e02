// Live monitoring, pure: projections, watch state, deltas, health, capacity, reconciliation, drift.
// No Node built-ins, no I/O, synchronous; the host and the renderer both import it. See
// docs/live-monitoring.md for the state model and the rules.
export { LIVE_KINDS, LIVE_KIND_NAMES, WATCHED_NAMESPACES, isWatchedNamespace, listPath, type LiveKind, type LiveKindInfo } from './kinds.ts';
export { project } from './projections.ts';
export type * from './projection-types.ts';
export type { Condition } from './json.ts';
export {
  EMPTY_STATE, applyWatchEvent, dropCluster, getItem, itemsOf, itemsOfKind, liveKey, parseLiveKey,
  type ApplyResult, type ClusterState, type KindPhase, type KindSet, type LiveState, type WatchEvent,
} from './watch-state.ts';
export { lookup, inNamespace } from './cluster-index.ts';
export { applyDelta, fromSnapshot, isEmptyDelta, makeDelta, type ApplyDeltaResult, type Delta, type Snapshot, type ViewItems, type ViewState } from './deltas.ts';
export { liveSpecOf, type LiveSpec, type LiveSpecCluster, type LiveSpecServer, type LiveSpecShard } from './live-spec.ts';
export { nodeZoneLabel, specZoneOf, type ZoneCluster } from './zones.ts';
export { allShardHealth, shardHealth, shardHealthOf, type HealthReason, type HealthStatus, type ReasonCode, type ServerHealth, type ShardHealth } from './shard-health.ts';
export { gpuCapacity, type GpuCapacity, type GpuFigures, type TenantQuota } from './gpu-capacity.ts';
export { clusterReconciliation, reconciliationTimeline, type ClusterReconciliation, type TimelineCommit, type TimelineRow } from './reconciliation.ts';
export { renderedFieldsOf, type RenderedFields } from './drift-fields.ts';
export { clusterDrift, parseRendered, renderedObjectsOf, type ClusterDrift, type DriftObject, type FieldDrift } from './drift.ts';
export { CARD_WARNINGS, DETAIL_EVENTS, healthOf, selectView, type TimelineStage, type ViewArg, type ViewInputs } from './views.ts';
export { driftIn, driftOf, driftSummary, type DriftSummary } from './drift-view.ts';
