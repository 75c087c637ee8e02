import type { Handlers } from '../dispatcher.ts';
import type { EventBus } from '../event-bus.ts';
import type { WorkspaceService } from '../workspace-service.ts';
import type { AsoResources } from './aso-resources.ts';
import type { ProvisioningService } from './provisioning-service.ts';
import type { AzureAccounts } from './sign-in.ts';

type CloudChannel = Extract<keyof Handlers, `cloud:${string}`>;

export interface CloudHost {
  handlers: Pick<Handlers, CloudChannel>;
  dispose(): void;
}

/**
 * The `cloud:*` handlers. The Azure SDKs load on the first cloud call, off the path to the first
 * painted workspace; a workspace opened or closed ends every follow.
 */
export function cloudHost(deps: { workspace: WorkspaceService; events: EventBus; dataDir: string; env?: NodeJS.ProcessEnv }): CloudHost {
  let loaded: Promise<{ accounts: AzureAccounts; provisioning: ProvisioningService }> | undefined;
  // ASO resources: the cluster's kubeconfig context, with the cluster service's consent file (exec plugins only once allowed there).
  let aso: Promise<AsoResources> | undefined;
  const asoReader = () =>
    (aso ??= Promise.all([import('./aso-resources.ts'), import('../cluster/consent-store.ts'), import('../cluster/exec-credential.ts')]).then(
      ([a, c, e]) => new a.AsoResources({ model: () => deps.workspace.current().model, consent: new c.ConsentStore(deps.dataDir), exec: new e.ExecCredentialRunner({ timeoutMs: 30_000 }), ...(deps.env ? { env: deps.env } : {}) }),
    ));
  let provisioning: ProvisioningService | undefined;
  const load = () =>
    (loaded ??= Promise.all([import('./sign-in.ts'), import('./provisioning-service.ts'), import('./checklist-store.ts')]).then(([s, p, c]) => {
      const accounts = new s.AzureAccounts(deps.env ?? process.env);
      const env = deps.env ?? process.env;
      const pollMs = Number(env.GANTRY_AZURE_POLL_MS) || undefined;
      provisioning = new p.ProvisioningService({
        workspace: deps.workspace,
        events: deps.events,
        accounts,
        checklists: new c.ChecklistStore(deps.dataDir),
        ...(pollMs ? { pollMs } : {}),
      });
      return { accounts, provisioning };
    }));
  const unsubscribe = deps.events.subscribe((event, payload) => {
    if (event === 'workspace:onDidChange' && ((payload as { reason?: string }).reason === 'open' || (payload as { reason?: string }).reason === 'close')) provisioning?.forget();
  });
  const handlers: CloudHost['handlers'] = {
    'cloud:signIn': async (input) => (await load()).accounts.signIn(input, (p) => deps.events.emit('cloud:onDeviceCode', p)),
    'cloud:accounts': async () => ({ items: (await load()).accounts.list() }),
    'cloud:signOut': async ({ id }) => ({ signedOut: (await load()).accounts.signOut(id) }),
    'cloud:tenants': async ({ refresh }) => ({ items: await (await load()).provisioning.tenants(refresh ?? false) }),
    'cloud:provisioning': async ({ tenant, deployment }) => (await load()).provisioning.view(tenant, deployment),
    'cloud:rerunForm': async ({ tenant, deployment }) => (await load()).provisioning.rerunForm(tenant, deployment),
    'cloud:rerun': async ({ tenant, deployment, values }) => (await load()).provisioning.rerun(tenant, deployment, values),
    'cloud:migration': async ({ tenant }) => (await load()).provisioning.migration(tenant),
    'cloud:migrationTick': async ({ tenant, item, done }) => (await load()).provisioning.tick(tenant, item, done),
    'cloud:aso': async ({ tenant }) => (await asoReader()).read(tenant),
    'cloud:cutover': async ({ tenant }) => (await load()).provisioning.cutover(tenant),
  };
  return {
    handlers,
    dispose() {
      unsubscribe();
      provisioning?.forget();
    },
  };
}
