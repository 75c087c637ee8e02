// The command palette's entries and its filter. Features add entries of their own with
// registerPaletteItems (e.g. one per shard); the palette (CommandPalette.tsx) lists them all.
import { create } from 'zustand';

export interface PaletteItem {
  id: string;
  /** What the person reads and types: `Show routing map`, `Drain and fail over weu-1`. */
  label: string;
  group: string;
  /** The shortcut, as shown (`Ctrl 4`). */
  keys?: string;
  run(): void;
}

export const usePalette = create<{ open: boolean }>(() => ({ open: false }));
export const openPalette = () => usePalette.setState({ open: true });
export const closePalette = () => usePalette.setState({ open: false });

const sources = new Set<() => PaletteItem[]>();

/** Adds entries (read each time the palette opens); returns the function that takes them out again. */
export function registerPaletteItems(source: () => PaletteItem[]): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

export function registeredPaletteItems(): PaletteItem[] {
  return [...sources].flatMap((s) => {
    try {
      return s();
    } catch {
      return [];
    }
  });
}

/**
 * The entries whose label holds every word of `query` (any case), those whose label starts with
 * the query first, then those with a word starting with it, then the rest, each in the given order.
 */
export function filterPalette(items: readonly PaletteItem[], query: string): PaletteItem[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...items];
  const words = q.split(/\s+/);
  const rank = (label: string) => (label.startsWith(q) ? 0 : label.split(/[\s()-]+/).some((w) => w.startsWith(words[0]!)) ? 1 : 2);
  return items
    .map((item, i) => ({ item, i, label: item.label.toLowerCase() }))
    .filter((x) => words.every((w) => x.label.includes(w)))
    .sort((a, b) => rank(a.label) - rank(b.label) || a.i - b.i)
    .map((x) => x.item);
}
