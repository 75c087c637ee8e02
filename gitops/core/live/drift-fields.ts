// The fields Gantry renders, read the same way from a rendered object and from the live one, so
// drift compares like with like. Only these fields are compared (see docs/live-monitoring.md): what
// the API server adds (defaults, status, managedFields, a Deployment's replicas, which the HPA
// owns) is not Gantry's, and comparing it would report drift on every healthy cluster.
import { canonicalQuantity } from './quantity.ts';
import { list, record, strings, text, type Json } from './json.ts';

/** field path -> value in one canonical text form. */
export type RenderedFields = Readonly<Record<string, string>>;

const GANTRY_LABEL = /^gantry\.dev\//;
const GPU = 'nvidia.com/gpu';
const ZONE = 'topology.kubernetes.io/zone';

function put(out: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined) out[key] = value;
}

function labels(out: Record<string, string>, metadata: unknown): void {
  for (const [k, v] of Object.entries(strings(record(metadata)?.labels))) if (GANTRY_LABEL.test(k)) out[`metadata.labels.${k}`] = v;
}

function resources(out: Record<string, string>, prefix: string, res: unknown): void {
  const r = record(res);
  put(out, `${prefix}.resources.requests.${GPU}`, canonicalQuantity(record(r?.requests)?.[GPU]));
  put(out, `${prefix}.resources.limits.${GPU}`, canonicalQuantity(record(r?.limits)?.[GPU]));
}

function zonesOf(podSpec: Json | undefined): string | undefined {
  const terms = record(record(record(podSpec?.affinity)?.nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution)?.nodeSelectorTerms;
  for (const term of list(terms)) {
    for (const e of list(record(term)?.matchExpressions)) {
      const expr = record(e);
      if (expr?.key === ZONE && expr.operator === 'In') return list(expr.values).filter((v) => typeof v === 'string').join(',');
    }
  }
  return undefined;
}

function deployment(out: Record<string, string>, spec: Json | undefined): void {
  const pod = record(record(spec?.template)?.spec);
  put(out, 'spec.template.spec.nodeSelector.gantry.dev/gpu-type', strings(pod?.nodeSelector)['gantry.dev/gpu-type']);
  put(out, `spec.template.spec.affinity.zones`, zonesOf(pod));
  for (const c of list(pod?.containers)) {
    const container = record(c);
    const name = text(container?.name);
    if (!container || !name) continue;
    const p = `spec.template.spec.containers[${name}]`;
    put(out, `${p}.image`, text(container.image));
    put(out, `${p}.args`, list(container.args).map(String).join(' '));
    resources(out, p, container.resources);
  }
}

function hpa(out: Record<string, string>, spec: Json | undefined): void {
  put(out, 'spec.scaleTargetRef.name', text(record(spec?.scaleTargetRef)?.name));
  put(out, 'spec.minReplicas', spec?.minReplicas === undefined ? '1' : String(spec.minReplicas));
  put(out, 'spec.maxReplicas', spec?.maxReplicas === undefined ? undefined : String(spec.maxReplicas));
  for (const m of list(spec?.metrics)) {
    const pods = record(record(m)?.pods);
    const name = text(record(pods?.metric)?.name);
    if (name) put(out, `spec.metrics[${name}].target.averageValue`, canonicalQuantity(record(pods?.target)?.averageValue));
  }
}

function isvc(out: Record<string, string>, spec: Json | undefined): void {
  const p = record(spec?.predictor);
  put(out, 'spec.predictor.minReplicas', p?.minReplicas === undefined ? undefined : String(p.minReplicas));
  put(out, 'spec.predictor.maxReplicas', p?.maxReplicas === undefined ? undefined : String(p.maxReplicas));
  put(out, 'spec.predictor.nodeSelector.gantry.dev/gpu-type', strings(p?.nodeSelector)['gantry.dev/gpu-type']);
  resources(out, 'spec.predictor.model', record(p?.model)?.resources);
}

/**
 * The fields Gantry renders for an object of `kind`, from the whole object (rendered or live).
 * Labels: the `gantry.dev/*` ones. Deployment: the GPU type selector, the zones of the node
 * affinity, each container's image, args and nvidia.com/gpu request and limit. HPA: target, min,
 * max, each Pods metric's target. PDB: minAvailable. ResourceQuota: every hard limit. InferenceService:
 * predictor min/max replicas, GPU type selector, GPU request and limit. Quantities are compared by value.
 */
export function renderedFieldsOf(kind: string, obj: unknown): RenderedFields {
  const o = record(obj);
  const out: Record<string, string> = {};
  labels(out, o?.metadata);
  const spec = record(o?.spec);
  if (kind === 'Deployment') deployment(out, spec);
  else if (kind === 'HorizontalPodAutoscaler') hpa(out, spec);
  else if (kind === 'InferenceService') isvc(out, spec);
  else if (kind === 'PodDisruptionBudget') put(out, 'spec.minAvailable', spec?.minAvailable === undefined ? undefined : String(spec.minAvailable));
  else if (kind === 'ResourceQuota') for (const [k, v] of Object.entries(record(spec?.hard) ?? {})) put(out, `spec.hard.${k}`, canonicalQuantity(v));
  return out;
}
