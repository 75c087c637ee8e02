import { create } from 'zustand';
import { newOpId } from '../../../shared/ipc/client.ts';
import type { DrainPreviewDto, DrainRunDto, PlacementClusterDto } from '../../../shared/ipc/drain-schemas.ts';
import { call } from '../../ipc/index.ts';
import { useApp } from '../../stores/app-store.ts';
import { useGit } from '../../stores/git-store.ts';
import { useRollout } from '../../stores/rollout-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';

export type HealthEntry = { shard: string; status: 'healthy' | 'degraded' | 'down' | 'unknown'; reasons: string[] };

/** One drain (or its undo) on its way from the preview to the cluster. */
export interface Flow {
  kind: 'drain' | 'undo';
  shard: string;
  cluster: string;
  moves: Array<{ tenant: string; to: string }>;
  run?: DrainRunDto;
  /** For an undo: the drain commit it reverts. */
  reverts?: string;
}

interface DrainState {
  /** The flow dialog is open. */
  open: boolean;
  shard: string | undefined;
  partial: boolean;
  health: HealthEntry[] | undefined;
  preview: DrainPreviewDto | undefined;
  loading: boolean;
  busy: boolean;
  error: string | undefined;
  /** The flow being followed (kept after the dialog closes, for the toast's Undo). */
  flow: Flow | undefined;
  /** The last drain that reached the cluster (the toast offers its Undo). */
  lastDrain: Flow | undefined;
  placement: PlacementClusterDto | undefined;
  start(shard: string, health?: HealthEntry[]): void;
  setPartial(partial: boolean): void;
  confirm(): Promise<void>;
  undo(): Promise<void>;
  /** Reads the cluster's placement once (the follow loop calls it). */
  checkPlacement(): Promise<void>;
  close(): void;
  /** Shows the running (or last) flow again. */
  reopen(): void;
  dismissUndo(): void;
}

const POLL_MS = 2500;
/** A follow ends by itself after this long, like the rollout follower's limit. */
const POLL_LIMIT_MS = 15 * 60_000;
let pollTimer: ReturnType<typeof setTimeout> | undefined;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Drain and fail over: preview, commit and push in one step, follow to the cluster, undo. */
export const useDrain = create<DrainState>()((set, get) => {
  const loadPreview = async () => {
    const { shard, partial, health } = get();
    if (!shard) return;
    set({ loading: true, error: undefined, preview: undefined });
    try {
      const preview = await call('plan:drainPreview', { shard, partial, ...(health ? { health } : {}) });
      if (get().shard === shard && get().partial === partial) set({ preview });
    } catch (err) {
      set({ error: message(err) });
    } finally {
      set({ loading: false });
    }
  };

  /** Polls the cluster's placement while the flow's commit is on its way; stops when it shows, or after the limit. */
  const follow = (started: number) => {
    clearTimeout(pollTimer);
    const tick = async () => {
      const flow = get().flow;
      if (!flow?.run?.pushed) return;
      await get().checkPlacement();
      const f = get().flow;
      const p = get().placement;
      const rollout = useRollout.getState().rollout;
      const row = rollout?.commit === f?.run?.oid ? rollout?.clusters.find((c) => c.cluster === f?.cluster) : undefined;
      const shows = p?.matches === true && row?.phase === 'applied';
      if (shows) {
        if (f?.kind === 'drain') set({ lastDrain: f });
        else set({ lastDrain: undefined });
        useApp.getState().toast('success', f?.kind === 'drain' ? `Drain of ${f.shard} applied on ${f.cluster}: the tenants are on their new shards.` : `Undo applied on ${f?.cluster}: the tenants are back on ${f?.shard}.`);
        return;
      }
      if (f !== flow || Date.now() - started > POLL_LIMIT_MS || row?.phase === 'failed') return;
      pollTimer = setTimeout(() => void tick(), POLL_MS);
    };
    pollTimer = setTimeout(() => void tick(), 500);
  };

  return {
    open: false,
    shard: undefined,
    partial: false,
    health: undefined,
    preview: undefined,
    loading: false,
    busy: false,
    error: undefined,
    flow: undefined,
    lastDrain: undefined,
    placement: undefined,

    start(shard, health) {
      clearTimeout(pollTimer);
      set({ open: true, shard, partial: false, health, preview: undefined, error: undefined, flow: undefined, placement: undefined });
      void loadPreview();
    },
    setPartial(partial) {
      set({ partial });
      void loadPreview();
    },
    async confirm() {
      const { preview, shard, partial, health, busy } = get();
      if (!preview || !shard || busy) return;
      const flow: Flow = { kind: 'drain', shard, cluster: preview.cluster, moves: preview.moves.map((m) => ({ tenant: m.tenant, to: m.to })) };
      set({ busy: true, error: undefined, flow, placement: undefined });
      try {
        const run = await call('plan:drainApply', { opId: newOpId('drain'), shard, partial, ...(health ? { health } : {}) });
        set({ flow: { ...flow, run } });
        useGit.getState().setBranch(run.branch);
        useWorkspace.getState().setSnapshot(await call('workspace:snapshot', {}));
        if (run.pushed) void useRollout.getState().load();
        follow(Date.now());
      } catch (err) {
        set({ error: message(err), flow: undefined });
      } finally {
        set({ busy: false });
      }
    },
    async undo() {
      const drain = get().flow?.kind === 'drain' && get().flow?.run ? get().flow! : get().lastDrain;
      if (!drain?.run || get().busy) return;
      const back = get().preview?.shard === drain.shard ? get().preview!.moves.map((m) => ({ tenant: m.tenant, to: m.from })) : drain.moves.map((m) => ({ tenant: m.tenant, to: drain.shard }));
      const flow: Flow = { kind: 'undo', shard: drain.shard, cluster: drain.cluster, moves: back, reverts: drain.run.oid };
      set({ open: true, busy: true, error: undefined, flow, placement: undefined, lastDrain: undefined });
      try {
        const run = await call('plan:drainUndo', { opId: newOpId('undo'), commit: drain.run.oid });
        set({ flow: { ...flow, run } });
        useGit.getState().setBranch(run.branch);
        useWorkspace.getState().setSnapshot(await call('workspace:snapshot', {}));
        if (run.pushed) void useRollout.getState().load();
        follow(Date.now());
      } catch (err) {
        set({ error: message(err), flow: drain, lastDrain: drain });
      } finally {
        set({ busy: false });
      }
    },
    async checkPlacement() {
      const flow = get().flow;
      if (!flow) return;
      try {
        const p = await call('cluster:placement', {});
        if (get().flow === flow) set({ placement: p.clusters.find((c) => c.cluster === flow.cluster) });
      } catch (err) {
        set({ placement: { cluster: flow.cluster, state: 'error', message: message(err), matches: false, tenants: [], shards: [] } });
      }
    },
    close: () => set({ open: false }),
    reopen: () => set({ open: true }),
    dismissUndo: () => set({ lastDrain: undefined }),
  };
});
