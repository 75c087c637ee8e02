import { useShallow } from 'zustand/react/shallow';
import { Icon } from '../../../components/Icon.tsx';
import { useWorkspace } from '../../../stores/workspace-store.ts';
import { getPath, NumberField, SelectField, Section, TextField, useForm } from './form-kit.tsx';

function ZonesField() {
  const form = useForm();
  const raw = getPath(form.doc, 'spec.zones');
  const zones = Array.isArray(raw) ? raw.map(String) : [];
  return (
    <div className="field">
      <label htmlFor="shard-zones">Zones</label>
      <input
        id="shard-zones"
        className="input"
        defaultValue={zones.join(', ')}
        key={zones.join(',')}
        onBlur={(e) => {
          const next = e.target.value.split(/[,\s]+/).filter(Boolean);
          if (next.join(',') !== zones.join(',')) form.set('spec.zones', next);
        }}
      />
      <span className="hint">Comma-separated availability zones; model servers spread over them.</span>
    </div>
  );
}

/** State, capacity, model servers and routing of a Shard. */
export function ShardForm({ name }: { name: string }) {
  const form = useForm();
  const { clusters, shards, tenants } = useWorkspace(useShallow((s) => ({ clusters: s.rows.clusters, shards: s.rows.shards, tenants: s.rows.tenants })));
  const tenancy = String(getPath(form.doc, 'spec.tenancy') ?? '');
  const rawServers = getPath(form.doc, 'spec.modelServers');
  const servers = Array.isArray(rawServers) ? rawServers : [];
  const addServer = () =>
    form.set(`spec.modelServers`, [
      ...servers,
      { name: `server-${servers.length + 1}`, model: 'llama-3-8b', runtime: 'vllm', gpusPerReplica: 1, replicas: { min: 1, max: 2 } },
    ]);

  return (
    <div className="form" data-testid="shard-form">
      <Section title="Shard">
        <div className="grid2">
          <SelectField label="State" path="spec.state" options={['active', 'draining', 'cordoned']} hint="Only active shards take new tenants." testId="field-state" />
          <SelectField label="Cluster" path="spec.cluster" options={clusters.map((c) => ({ value: c.name, label: `${c.name} (${c.region ?? '?'})` }))} />
          <TextField label="Region" path="spec.region" />
          <SelectField label="Tenancy" path="spec.tenancy" options={['shared', 'dedicated']} />
          {tenancy === 'dedicated' && <SelectField label="Owner" path="spec.owner" options={tenants.map((t) => t.name)} hint="The one tenant allowed on this shard." />}
          <ZonesField />
        </div>
      </Section>
      <Section title="Capacity">
        <div className="grid2">
          <NumberField label="GPUs" path="spec.capacity.gpus" min={0} testId="field-capacity-gpus" />
          <TextField label="GPU type" path="spec.capacity.gpuType" />
          <TextField label="CPU" path="spec.capacity.cpu" />
          <TextField label="Memory" path="spec.capacity.memory" />
        </div>
      </Section>
      <Section
        title={`Model servers (${servers.length})`}
        aside={
          <button className="btn small ghost" onClick={addServer}>
            <Icon name="plus" size={12} /> Add server
          </button>
        }
      >
        {servers.map((_, i) => (
          <div className="server-card" key={i}>
            <header>
              <Icon name="server" size={14} />
              {String(getPath(form.doc, `spec.modelServers[${i}].name`) ?? `server ${i + 1}`)}
              <span className="spacer" />
              <button className="btn small ghost danger" onClick={() => form.remove(`spec.modelServers[${i}]`)} aria-label={`Remove model server ${i + 1}`}>
                <Icon name="x" size={12} /> Remove
              </button>
            </header>
            <div className="grid3">
              <TextField label="Name" path={`spec.modelServers[${i}].name`} />
              <TextField label="Model" path={`spec.modelServers[${i}].model`} />
              <SelectField label="Runtime" path={`spec.modelServers[${i}].runtime`} options={['triton', 'vllm', 'kserve']} />
              <NumberField label="GPUs / replica" path={`spec.modelServers[${i}].gpusPerReplica`} min={0} />
              <NumberField label="Replicas min" path={`spec.modelServers[${i}].replicas.min`} min={0} />
              <NumberField label="Replicas max" path={`spec.modelServers[${i}].replicas.max`} min={1} />
            </div>
          </div>
        ))}
      </Section>
      <Section title="Routing">
        <div className="grid3">
          <NumberField label="Weight" path="spec.routing.weight" min={0} optional />
          <NumberField label="Priority" path="spec.routing.priority" min={0} optional />
          <SelectField label="Failover shard" path="spec.routing.failoverShard" optional options={shards.filter((s) => s.name !== name).map((s) => s.name)} />
        </div>
      </Section>
    </div>
  );
}
