// @vitest-environment jsdom
// The shard board's order for assistive technology: the cards stand in the DOM in name order (the
// grid places them by CSS order, so a change of health restyles cards instead of moving them), and the
// listbox's aria-owns gives the order the screen shows, worst first, for a screen reader to read.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShardHealth } from '../../../gitops/core/live/index.ts';
import type { ShardCardItem } from './ClustersOverview.tsx';

const card = (shard: string, status: ShardHealth['status'], reason?: string): ShardCardItem => ({
  state: 'active',
  warnings: [],
  health: { shard, cluster: 'c', status, reasons: reason ? [{ code: 'crash-loop', severity: 'degraded', text: reason }] : [], servers: [{ name: `${shard}-triton`, runtime: 'triton', desired: 2, ready: 2, readyByZone: {} }], gpus: { requested: 2, spec: 4 } },
});
let items: Record<string, ShardCardItem> = {};
vi.mock('./live-store.ts', () => ({
  useLiveView: () => ({ items, error: undefined, resyncing: false }),
  useLive: (select: (s: unknown) => unknown) => select({ clusters: { c: { name: 'c', state: 'live' } } }),
}));
vi.mock('../drain/drain-store.ts', () => ({ useDrain: (select: (s: unknown) => unknown) => select({ open: () => {} }) }));

const { LiveShardBoard } = await import('./LiveShardBoard.tsx');

afterEach(cleanup);

/** The option elements in the order aria-owns gives them (what a screen reader reads), by shard name. */
function ownedOrder(): string[] {
  const box = screen.getByRole('listbox');
  return (box.getAttribute('aria-owns') ?? '').split(' ').map((id) => {
    const el = document.getElementById(id);
    expect(el, `aria-owns names ${id}, which is not a card`).not.toBeNull();
    expect(box.contains(el)).toBe(true);
    return el!.getAttribute('data-testid')!.replace(/^card-/, '');
  });
}
/** The cards in the order the grid shows them (CSS order). */
const screenOrder = () => [...document.querySelectorAll<HTMLElement>('.shard-card')].sort((a, b) => Number(a.style.order) - Number(b.style.order)).map((el) => el.getAttribute('data-testid')!.replace(/^card-/, ''));
const domOrder = () => [...document.querySelectorAll<HTMLElement>('.shard-card')].map((el) => el.getAttribute('data-testid')!.replace(/^card-/, ''));

describe('shard board order for a screen reader', () => {
  it('reads the cards worst first, as the screen shows them, though the DOM holds them by name; and follows a change of health and of sort', () => {
    items = { 'shard/a-1': card('a-1', 'healthy'), 'shard/b-2': card('b-2', 'degraded', '1 pod in CrashLoopBackOff'), 'shard/c-3': card('c-3', 'down', 'no replica ready') };
    const { rerender } = render(<LiveShardBoard cluster="c" onBack={() => {}} onOpenShard={() => {}} />);
    expect(domOrder()).toEqual(['a-1', 'b-2', 'c-3']);
    expect(screenOrder()).toEqual(['c-3', 'b-2', 'a-1']);
    expect(ownedOrder()).toEqual(['c-3', 'b-2', 'a-1']);
    // Each card says where it stands on screen.
    expect(screen.getByTestId('card-c-3').getAttribute('aria-posinset')).toBe('1');
    expect(screen.getByTestId('card-a-1').getAttribute('aria-setsize')).toBe('3');

    // a-1 goes down: it moves first on screen and for the screen reader; the DOM keeps the name order.
    items = { ...items, 'shard/a-1': card('a-1', 'down', 'no replica ready') };
    rerender(<LiveShardBoard cluster="c" onBack={() => {}} onOpenShard={() => {}} />);
    expect(domOrder()).toEqual(['a-1', 'b-2', 'c-3']);
    expect(ownedOrder()).toEqual(screenOrder());
    expect(ownedOrder()).toEqual(['a-1', 'c-3', 'b-2']);

    // Sorted by name, the two orders meet; filtered, only the matching card is owned.
    fireEvent.change(screen.getByTestId('board-sort'), { target: { value: 'name' } });
    expect(ownedOrder()).toEqual(['a-1', 'b-2', 'c-3']);
    fireEvent.change(screen.getByTestId('board-filter'), { target: { value: 'crashloop' } });
    expect(ownedOrder()).toEqual(['b-2']);
  });
});
