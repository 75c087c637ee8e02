import { z } from 'zod';

/**
 * Schemas of the routing map screen (issue 15): the map each cluster's rendered `gantry-routing`
 * ConfigMap gives its router, per region, with the failover problems it implies. The renderer
 * sends the live shard health it holds, so problems count a target that is degraded or down.
 * Kept apart from schemas.ts; contract.ts spreads ROUTING_CONTRACT. Shapes follow
 * gitops/core/routing/routing-map.ts and routing-screen.ts.
 */

const liveStatus = z.enum(['healthy', 'degraded', 'down', 'unknown']);
const plan = z.enum(['premium', 'standard', 'free']);

const liveHealthEntry = z.strictObject({
  shard: z.string().min(1).max(63),
  status: liveStatus,
  reasons: z.array(z.string().max(2000)).max(50),
});

const routedTenant = z.object({ name: z.string(), plan, latencyTargetMs: z.number(), gpus: z.number() });

const routedShard = z.object({
  name: z.string(),
  state: z.enum(['active', 'draining', 'cordoned']),
  weight: z.number(),
  priority: z.number(),
  zones: z.array(z.string()),
  failoverShard: z.string().nullable(),
  tenancy: z.enum(['shared', 'dedicated']).optional(),
  gpuType: z.string().optional(),
  models: z.array(z.string()),
  gpus: z.object({ capacity: z.number(), placed: z.number(), free: z.number() }),
  tenants: z.array(routedTenant),
  tenantsByPlan: z.object({ premium: z.array(z.string()), standard: z.array(z.string()), free: z.array(z.string()) }),
  health: z.object({ status: liveStatus, reasons: z.array(z.string()).readonly() }).optional(),
});

const routingPolicy = z.object({
  name: z.string(),
  method: z.string(),
  sessionAffinity: z.boolean(),
  healthProbe: z.object({ path: z.string(), intervalSeconds: z.number() }).nullable(),
});

export const routingMapSchema = z.object({
  clusters: z.array(
    z.object({
      cluster: z.string(),
      policies: z.array(routingPolicy),
      regions: z.array(z.object({ region: z.string(), shards: z.array(routedShard) })),
      error: z.string().optional(),
    }),
  ),
});

export const routingProblemSchema = z.object({
  code: z.enum(['failover.unavailable', 'failover.cycle', 'failover.capacity', 'region.full']),
  shard: z.string(),
  file: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  cluster: z.string(),
  region: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
});

export const routingScreenSchema = z.object({
  map: routingMapSchema,
  problems: z.array(routingProblemSchema),
  live: z.boolean(),
});

export type RoutingMapDto = z.output<typeof routingMapSchema>;
export type RoutingProblemDto = z.output<typeof routingProblemSchema>;
export type RoutingScreenDto = z.output<typeof routingScreenSchema>;
export type LiveHealthEntryDto = z.output<typeof liveHealthEntry>;

export const ROUTING_CONTRACT = {
  /**
   * The routing map of the open workspace as its rendered routing.json says (rendered from the
   * saved specs, as a commit writes rendered/), per cluster and region, with its problems; `health`
   * is the live shard health the renderer holds (none: only the files count).
   */
  'workspace:routingMap': {
    input: z.strictObject({ health: z.array(liveHealthEntry).max(5000).optional() }),
    output: routingScreenSchema,
  },
} as const;
