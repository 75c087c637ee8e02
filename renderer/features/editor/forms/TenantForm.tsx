import { useId, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { MiniBar } from '../../../components/StatusBadge.tsx';
import { useWorkspace } from '../../../stores/workspace-store.ts';
import { ShardPicker } from '../../workspace/ShardPicker.tsx';
import type { TenantDraft } from '../../../../gitops/core/edit/yaml-assist.ts';
import { Field, getPath, NumberField, SelectField, Section, TextField, useForm } from './form-kit.tsx';

/** Tier, plan, region, quotas, placement (shard picker with free GPUs), models and pools of a Tenant. */
export function TenantForm({ name }: { name: string }) {
  const form = useForm();
  const { shards, pools } = useWorkspace(useShallow((s) => ({ shards: s.rows.shards, pools: s.rows.pools })));
  const thresholds = useWorkspace((s) => s.thresholds);
  const region = String(getPath(form.doc, 'spec.region') ?? '');
  const shardName = String(getPath(form.doc, 'spec.placement.shard') ?? '');
  const tier = String(getPath(form.doc, 'spec.tier') ?? 'shared');
  const gpusRaw = getPath(form.doc, 'spec.quotas.gpus');
  const gpus = typeof gpusRaw === 'number' ? gpusRaw : 0;
  const rawModels = getPath(form.doc, 'spec.models');
  const models = Array.isArray(rawModels) ? rawModels.map(String) : [];
  const tenantPools = (getPath(form.doc, 'spec.pools') ?? {}) as Record<string, unknown>;
  const regions = useMemo(() => [...new Set([...shards.map((s) => s.region), ...pools.map((p) => p.region)].filter((r): r is string => !!r))].sort(), [shards, pools]);
  const gpuTypes = useMemo(() => [...new Set(shards.map((s) => s.gpuType).filter((g): g is string => !!g))].sort(), [shards]);

  // The tenant's own GPUs are already counted on the shard it sits on (as saved); free is what this tenant could use.
  const ownRow = useWorkspace((s) => s.rows.tenants.find((t) => t.name === name));
  const freeFor = (s: (typeof shards)[number]) => (s.capacityGpus ?? 0) - (s.placedGpus ?? 0) + (ownRow?.shard === s.name ? (ownRow.gpus ?? 0) : 0);
  const validShards = useMemo(() => shards.filter((s) => s.valid), [shards]);
  const gpuType = getPath(form.doc, 'spec.quotas.gpuType');
  const needs = useMemo<TenantDraft>(
    () => ({ name, tier: tier === 'dedicated' ? 'dedicated' : 'shared', gpus, ...(region ? { region } : {}), ...(typeof gpuType === 'string' && gpuType ? { gpuType } : {}), ...(shardName ? { shard: shardName } : {}) }),
    [name, tier, gpus, region, gpuType, shardName],
  );
  const chosen = shards.find((s) => s.name === shardName);
  const served = chosen?.models ?? [];
  const modelChoices = [...new Set([...served, ...models])].sort();
  const poolTypes = [...new Set(pools.filter((p) => p.region === region && p.type).map((p) => p.type!))].sort();
  const modelsId = useId();

  const toggleModel = (m: string, on: boolean) => {
    const next = on ? [...models, m] : models.filter((x) => x !== m);
    form.set('spec.models', next);
  };

  return (
    <div className="form" data-testid="tenant-form">
      <Section title="Tenant">
        <div className="grid2">
          <TextField label="Display name" path="spec.displayName" testId="field-displayName" />
          <SelectField label="Region" path="spec.region" options={regions} hint="Data residency: must equal the shard's region." testId="field-region" />
          <SelectField label="Tier" path="spec.tier" options={['shared', 'dedicated']} testId="field-tier" />
          <SelectField label="Plan" path="spec.plan" options={['free', 'standard', 'premium']} hint="Routing priority: premium highest." testId="field-plan" />
          <NumberField label="Latency target (ms)" path="spec.latencyTargetMs" min={1} testId="field-latency" />
        </div>
      </Section>
      <Section title="Quotas">
        <div className="grid3">
          <NumberField label="GPUs" path="spec.quotas.gpus" min={0} testId="field-gpus" />
          <SelectField label="GPU type" path="spec.quotas.gpuType" options={gpuTypes} optional hint="Required when GPUs > 0." testId="field-gpuType" />
          <NumberField label="Tokens / minute" path="spec.quotas.tokensPerMinute" optional min={0} testId="field-tpm" />
          <TextField label="CPU" path="spec.quotas.cpu" placeholder="8" testId="field-cpu" />
          <TextField label="Memory" path="spec.quotas.memory" placeholder="32Gi" testId="field-memory" />
        </div>
      </Section>
      <Section title="Placement">
        <Field label="Shard" path="spec.placement.shard" hint="Type to filter by name, region, cluster or GPU type; ↑↓ and Enter to pick.">
          {(id, invalid) => <ShardPicker id={id} value={shardName} shards={validShards} tenant={needs} self={ownRow} invalid={invalid} onPick={(n) => form.set('spec.placement.shard', n)} testId="field-shard" />}
        </Field>
        {chosen && chosen.capacityGpus !== undefined && (
          <div className="cell-bar" style={{ marginTop: 8 }} data-testid="placement-bar">
            <MiniBar used={chosen.capacityGpus - freeFor(chosen) + gpus} limit={chosen.capacityGpus} threshold={thresholds.shardPercent} />
            <span className="dim" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
              {chosen.capacityGpus - freeFor(chosen) + gpus} of {chosen.capacityGpus} GPUs with this tenant
            </span>
          </div>
        )}
      </Section>
      <Section title="Models">
        <div className="checks" role="group" aria-labelledby={modelsId}>
          <span id={modelsId} className="sr-only">Models</span>
          {modelChoices.length === 0 && <span className="dim">The shard serves no models yet.</span>}
          {modelChoices.map((m) => (
            <label key={m}>
              <input type="checkbox" checked={models.includes(m)} onChange={(e) => toggleModel(m, e.target.checked)} />
              <span>{m}</span>
              {!served.includes(m) && <span className="chip danger">not served by {shardName || 'the shard'}</span>}
            </label>
          ))}
        </div>
      </Section>
      {tier === 'shared' && (
        <Section title="Pools">
          {poolTypes.length === 0 && <span className="dim">No pools in {region || 'this region'}.</span>}
          <div className="grid2">
            {poolTypes.map((type) => (
              <SelectField
                key={type}
                label={type}
                path={`spec.pools.${type}`}
                optional
                options={pools
                  .filter((p) => p.type === type && p.region === region)
                  .map((p) => ({ value: p.name, label: `${p.name} — ${p.used ?? 0}/${p.limit ?? 0} tenants` }))}
              />
            ))}
            {Object.keys(tenantPools)
              .filter((t) => !poolTypes.includes(t))
              .map((type) => (
                <TextField key={type} label={`${type} (no pool of this type in ${region})`} path={`spec.pools.${type}`} optional />
              ))}
          </div>
        </Section>
      )}
    </div>
  );
}
