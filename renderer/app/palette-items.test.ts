import { describe, expect, it } from 'vitest';
import { filterPalette, registeredPaletteItems, registerPaletteItems, type PaletteItem } from './palette-items.ts';

const item = (label: string): PaletteItem => ({ id: label, label, group: 'View', run: () => undefined });
const items = ['Show workspace', 'Show routing map', 'Show clusters (live)', 'Push', 'Pull', 'Toggle problems', 'Drain shard…'].map(item);
const labels = (q: string) => filterPalette(items, q).map((i) => i.label);

describe('command palette filter', () => {
  it('every word of the query, any case, in any order', () => {
    expect(labels('ROUT')).toEqual(['Show routing map']);
    expect(labels('map routing')).toEqual(['Show routing map']);
    expect(labels('nothing like it')).toEqual([]);
    expect(labels('')).toHaveLength(items.length);
  });

  it('a label starting with the query first, then a word starting with it, then the rest', () => {
    expect(labels('p')).toEqual(['Push', 'Pull', 'Toggle problems', 'Show workspace', 'Show routing map']);
    expect(labels('live')).toEqual(['Show clusters (live)']);
  });

  it('registered entries come and go with their feature; a failing source adds nothing', () => {
    const off = registerPaletteItems(() => [item('Drain and fail over weu-1')]);
    const bad = registerPaletteItems(() => {
      throw new Error('not loaded');
    });
    expect(registeredPaletteItems().map((i) => i.label)).toEqual(['Drain and fail over weu-1']);
    off();
    bad();
    expect(registeredPaletteItems()).toEqual([]);
  });
});
