// Registers the drain flow's palette entries (drain-palette.ts) when the shell loads the flow.
import { registerPaletteItems } from '../../app/palette-items.ts';
import { useLive } from '../live/live-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { drainPaletteItems, liveHealth } from './drain-palette.ts';
import { useDrain } from './drain-store.ts';
import { plannerHealth } from './planner-health.ts';

registerPaletteItems(() =>
  drainPaletteItems(useWorkspace.getState().rows.shards, (shard) => {
    const health = liveHealth(Object.values(useLive.getState().views));
    useDrain.getState().start(shard, health.length ? plannerHealth(health) : undefined);
  }),
);
