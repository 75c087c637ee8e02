import { create } from 'zustand';
import type { RolloutDto } from '../../shared/ipc/schemas.ts';
import { call } from '../ipc/index.ts';
import { rolloutVerdict } from './rollout-verdict.ts';
import { useApp } from './app-store.ts';

interface RolloutStoreState {
  /** The commit being (or last) followed across clusters; null before any. */
  rollout: RolloutDto | null;
  /** Why the last follow could not start (no commits, no workspace). */
  error: string | undefined;
  set(r: RolloutDto | null): void;
  /** Follows HEAD (after a push, or when asked) until every cluster applied it. */
  follow(): Promise<void>;
  /** The host's current picture (after a reload of the page). */
  load(): Promise<void>;
  reset(): void;
}

/** Which commit each cluster runs after a push: Flux or Argo CD status per cluster, from the host. */
export const useRollout = create<RolloutStoreState>()((set) => ({
  rollout: null,
  error: undefined,
  set: (rollout) =>
    set((s) => {
      // The follow just ended (not a reload of an ended one): say how it went.
      if (rollout && s.rollout?.following && !rollout.following && s.rollout.commit === rollout.commit) {
        const v = rolloutVerdict(rollout);
        if (v) useApp.getState().toast(v.kind, v.text);
      }
      return { rollout };
    }),
  async follow() {
    try {
      set({ rollout: await call('cluster:followRollout', {}), error: undefined });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async load() {
    try {
      set({ rollout: await call('cluster:rollout', {}) });
    } catch {
      set({ rollout: null });
    }
  },
  reset: () => set({ rollout: null, error: undefined }),
}));
