// The command palette's "Drain and fail over <shard>" entries: one per active shard of the
// workspace, with the live health the open live views hold (none when no board is open: then
// only the specs count, and the preview says so through the planner's words).
import type { PaletteItem } from '../../app/palette-items.ts';
import type { CardHealth } from './planner-health.ts';

/** Live shard health from every subscribed view's `shard/...` items. */
export function liveHealth(views: ReadonlyArray<{ items?: Record<string, unknown> }>): CardHealth[] {
  const out = new Map<string, CardHealth>();
  for (const v of views) {
    for (const [key, item] of Object.entries(v.items ?? {})) {
      const h = key.startsWith('shard/') ? (item as { health?: CardHealth }).health : undefined;
      if (h?.shard) out.set(h.shard, h);
    }
  }
  return [...out.values()];
}

/** One entry per active, valid shard, by name. */
export function drainPaletteItems(shards: ReadonlyArray<{ name: string; valid: boolean; state?: string; cluster?: string }>, start: (shard: string) => void): PaletteItem[] {
  return shards
    .filter((s) => s.valid && s.state === 'active')
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({ id: `drain:${s.name}`, label: `Drain and fail over ${s.name}`, group: s.cluster ? `Shards of ${s.cluster}` : 'Shards', run: () => start(s.name) }));
}
