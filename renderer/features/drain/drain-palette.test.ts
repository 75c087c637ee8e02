import { describe, expect, it } from 'vitest';
import { drainPaletteItems, liveHealth } from './drain-palette.ts';

describe('drain palette entries', () => {
  it('one per active valid shard, by name, each starting the flow for its shard', () => {
    const started: string[] = [];
    const items = drainPaletteItems(
      [
        { name: 'weu-2', valid: true, state: 'active', cluster: 'aks-weu-prod' },
        { name: 'weu-1', valid: true, state: 'active', cluster: 'aks-weu-prod' },
        { name: 'eus-1', valid: true, state: 'draining', cluster: 'aks-eus-prod' },
        { name: 'broken', valid: false, state: 'active' },
      ],
      (s) => started.push(s),
    );
    expect(items.map((i) => [i.label, i.group])).toEqual([['Drain and fail over weu-1', 'Shards of aks-weu-prod'], ['Drain and fail over weu-2', 'Shards of aks-weu-prod']]);
    items[1]!.run();
    expect(started).toEqual(['weu-2']);
  });

  it('takes the live health of the shards the open views hold', () => {
    const h = { shard: 'weu-1', status: 'degraded' as const, reasons: [{ code: 'node-not-ready', text: 'node x is NotReady' }] };
    expect(liveHealth([{ items: { 'shard/weu-1': { health: h }, 'server/llama': {} } }, {}])).toEqual([h]);
  });
});
