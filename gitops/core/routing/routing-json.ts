import { z } from 'zod';

/**
 * `routing.json` of the rendered `gantry-routing` ConfigMap, as gitops/core/render/cluster-objects.ts
 * writes it and the request router reads it. Parsed strictly on the keys it needs, so a hand-edited
 * or older map is refused with a sentence rather than shown wrong.
 */
const shardEntry = z.object({
  failoverShard: z.string().nullable(),
  priority: z.number(),
  state: z.enum(['active', 'draining', 'cordoned']),
  weight: z.number(),
  zones: z.array(z.string()),
});

const tenantEntry = z.object({
  latencyTargetMs: z.number(),
  plan: z.enum(['free', 'standard', 'premium']),
  shard: z.string(),
});

const policyEntry = z.object({
  healthProbe: z.object({ path: z.string(), intervalSeconds: z.number() }).nullable(),
  method: z.string(),
  sessionAffinity: z.boolean(),
});

const routingDoc = z.object({
  shards: z.record(z.string(), shardEntry),
  tenants: z.record(z.string(), tenantEntry),
  policies: z.record(z.string(), policyEntry),
});

export type RoutingDoc = z.output<typeof routingDoc>;
export type RoutingShardEntry = z.output<typeof shardEntry>;
export type RoutingPolicyEntry = z.output<typeof policyEntry>;

export type ParsedRouting = { ok: true; doc: RoutingDoc } | { ok: false; message: string };

/** Parses the text of `routing.json`. */
export function parseRoutingJson(text: string): ParsedRouting {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `routing.json is not JSON: ${(e as Error).message}` };
  }
  const r = routingDoc.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    return { ok: false, message: `routing.json does not have the shape the router reads: ${issue.path.join('.') || '(top)'} ${issue.message}` };
  }
  return { ok: true, doc: r.data };
}

/** Where the renderer writes a cluster's routing ConfigMap. */
export function routingConfigMapPath(cluster: string): string {
  return `rendered/${cluster}/gantry-system/configmap-gantry-routing.yaml`;
}
