// Which version of each shard card the board draws now. A delta of the burst changes the counts of
// nearly every shard (replicas ready per zone, GPUs requested, the reasons' numbers), and drawing all
// the changed cards in one frame made that frame's layout and paint the renderer's longest task. So a
// change a person must see at once (health, the reasons' kinds, the warnings, the spec state, the
// sort's key, the card they opened) is drawn at once, with the board's order; a change of counts
// alone waits in a queue, oldest first, and `flush` draws a few of them per animation frame
// (LiveShardBoard.tsx), so each card shows the latest counts a few frames later. Pure: no DOM, no timer.
import type { ShardCardItem } from './ClustersOverview.tsx';
import type { BoardSort } from './board-rows.ts';

/** Whether `next` differs from the drawn `prev` in what the board must show at once. */
export function urgentChange(prev: ShardCardItem, next: ShardCardItem, sort: BoardSort): boolean {
  const a = prev.health;
  const b = next.health;
  if (a.status !== b.status || a.since !== b.since || prev.state !== next.state) return true;
  if (a.reasons.length !== b.reasons.length || a.reasons.some((r, i) => r.code !== b.reasons[i]!.code || r.severity !== b.reasons[i]!.severity)) return true;
  if (prev.warnings.length !== next.warnings.length || prev.warnings.some((w, i) => w.uid !== next.warnings[i]!.uid)) return true;
  if (a.servers.length !== b.servers.length) return true;
  if (sort === 'gpus' && a.gpus.requested !== b.gpus.requested) return true;
  return false;
}

const keyOf = (c: ShardCardItem) => c.health.shard;

export class CardPacer {
  private shown = new Map<string, ShardCardItem>();
  private latest = new Map<string, ShardCardItem>();
  /** Shards drawn with older counts than their latest item, oldest first (a Set keeps insertion order). */
  private queue = new Set<string>();

  /**
   * The items to draw for `rows` (the board's latest rows, in order): each row's latest item where it
   * is new, unchanged or changed urgently (`urgent(shown, latest)`), else the one drawn before, queued.
   * Calling it again with the same rows gives the same answer (it may run on every render).
   */
  view(rows: readonly ShardCardItem[], urgent: (shown: ShardCardItem, latest: ShardCardItem) => boolean): ShardCardItem[] {
    const latest = new Map<string, ShardCardItem>();
    const out = rows.map((r) => {
      const k = keyOf(r);
      latest.set(k, r);
      const s = this.shown.get(k);
      if (!s || s === r || urgent(s, r)) {
        this.shown.set(k, r);
        this.queue.delete(k);
        return r;
      }
      this.queue.add(k);
      return s;
    });
    // Rows filtered out are forgotten: one shown again is drawn from its latest item.
    for (const k of this.shown.keys()) if (!latest.has(k)) this.shown.delete(k);
    for (const k of this.queue) if (!latest.has(k)) this.queue.delete(k);
    this.latest = latest;
    return out;
  }

  /** Draws the latest items of up to `n` queued shards, oldest first; returns how many wait still. */
  flush(n: number): number {
    for (const k of this.queue) {
      if (n-- <= 0) break;
      const item = this.latest.get(k);
      if (item) this.shown.set(k, item);
      this.queue.delete(k);
    }
    return this.queue.size;
  }

  get waiting(): number {
    return this.queue.size;
  }
}
