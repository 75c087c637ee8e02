import { create } from 'zustand';
import type { AzureAccountDto, MigrationDto, ProvisioningViewDto, SignInInput, TenantSummaryDto } from '../../../shared/ipc/cloud-schemas.ts';
import { call, ipc } from '../../ipc/index.ts';

interface ProvisioningState {
  accounts: AzureAccountDto[];
  tenants: TenantSummaryDto[];
  loadingTenants: boolean;
  selected: string | undefined;
  view: ProvisioningViewDto | undefined;
  failedOnly: boolean;
  deviceCode: { userCode: string; verificationUri: string; message: string } | undefined;
  signingIn: boolean;
  signInError: string | undefined;
  error: string | undefined;
  /** The tenant whose move to dedicated is shown (instead of the timeline). */
  migrating: string | undefined;
  migration: MigrationDto | undefined;
  load(refresh?: boolean): Promise<void>;
  select(tenant: string, deployment?: string): Promise<void>;
  setFailedOnly(v: boolean): void;
  signIn(input: SignInInput): Promise<void>;
  signOut(id: string): Promise<void>;
  openMigration(tenant: string | undefined): Promise<void>;
  tick(item: string, done: boolean): Promise<void>;
}

let listening = false;

/** The provisioning screens' state: sign-ins, dedicated tenants, the timeline shown, the migration. */
export const useProvisioning = create<ProvisioningState>()((set, get) => ({
  accounts: [],
  tenants: [],
  loadingTenants: false,
  selected: undefined,
  view: undefined,
  failedOnly: false,
  deviceCode: undefined,
  signingIn: false,
  signInError: undefined,
  error: undefined,
  migrating: undefined,
  migration: undefined,
  async load(refresh = false) {
    if (!listening) {
      listening = true;
      ipc.on('cloud:onDeviceCode', (p) => set({ deviceCode: p }));
      ipc.on('cloud:onProvisioning', (v) => {
        const s = get();
        const tenants = s.tenants.map((t) =>
          t.tenant === v.tenant ? { ...t, state: v.state, failedSteps: v.timeline?.counts.failed ?? 0, ...(v.message ? { message: v.message } : {}), ...(v.timeline ? { deployment: v.timeline.deployment } : {}) } : t,
        );
        set({ tenants, ...(s.selected === v.tenant ? { view: v } : {}) });
      });
    }
    set({ loadingTenants: true });
    try {
      const [accounts, tenants] = await Promise.all([call('cloud:accounts', {}), call('cloud:tenants', { refresh })]);
      set({ accounts: accounts.items, tenants: tenants.items, error: undefined });
      const sel = get().selected ?? tenants.items[0]?.tenant;
      if (sel && !get().migrating) await get().select(sel);
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    } finally {
      set({ loadingTenants: false });
    }
  },
  async select(tenant, deployment) {
    set({ selected: tenant, migrating: undefined, migration: undefined, ...(get().selected !== tenant ? { view: undefined } : {}) });
    try {
      const view = await call('cloud:provisioning', { tenant, ...(deployment ? { deployment } : {}) });
      if (get().selected === tenant) set({ view, error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  setFailedOnly: (failedOnly) => set({ failedOnly }),
  async signIn(input) {
    set({ signingIn: true, signInError: undefined, deviceCode: undefined });
    try {
      await call('cloud:signIn', input);
      set({ deviceCode: undefined });
      await get().load(true);
    } catch (err) {
      set({ signInError: err instanceof Error ? err.message : String(err), deviceCode: undefined });
    } finally {
      set({ signingIn: false });
    }
  },
  async signOut(id) {
    await call('cloud:signOut', { id });
    await get().load(true);
  },
  async openMigration(tenant) {
    if (!tenant) return set({ migrating: undefined, migration: undefined });
    set({ migrating: tenant, migration: undefined });
    try {
      set({ migration: await call('cloud:migration', { tenant }), error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async tick(item, done) {
    const tenant = get().migrating;
    if (!tenant) return;
    set({ migration: await call('cloud:migrationTick', { tenant, item, done }) });
  },
}));
