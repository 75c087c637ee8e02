import { NumberField, SelectField, Section, TextField } from './form-kit.tsx';

/** Type, region, tenant limit and creation date of a ResourcePool. */
export function PoolForm() {
  return (
    <div className="form" data-testid="pool-form">
      <Section title="Resource pool">
        <div className="grid2">
          <TextField label="Type" path="spec.type" hint="search, blob, database, vectorstore, openai, or any DNS label." />
          <TextField label="Provider" path="spec.provider" />
          <TextField label="Region" path="spec.region" />
          <NumberField label="Tenant limit" path="spec.limit" min={1} hint="How many tenants one instance holds." />
          <TextField label="Created" path="spec.createdAt" placeholder="2026-01-10" hint="The newest pool with room takes new tenants." />
        </div>
      </Section>
      <Section title="Azure">
        <TextField label="Resource ID" path="spec.azureResourceId" optional placeholder="/subscriptions/…/resourceGroups/…/providers/…" />
      </Section>
    </div>
  );
}

/** Region, provider, GitOps controller and kube context of a Cluster. */
export function ClusterForm() {
  return (
    <div className="form" data-testid="cluster-form">
      <Section title="Cluster">
        <div className="grid2">
          <TextField label="Region" path="spec.region" />
          <SelectField label="Provider" path="spec.provider" options={['aks', 'eks', 'gke', 'onprem']} />
          <SelectField label="GitOps controller" path="spec.gitops" options={['flux', 'argocd']} hint="Applies rendered/<cluster> from the repository." />
          <TextField label="Kube context" path="spec.kubeContext" optional hint="kubeconfig context for live monitoring." />
        </div>
      </Section>
    </div>
  );
}
