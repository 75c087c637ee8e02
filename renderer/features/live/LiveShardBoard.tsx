import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { boardRows, cardZones, moveFocus, type BoardSort } from './board-rows.ts';
import { SourceBadge, type ShardCardItem } from './ClustersOverview.tsx';
import { useAge } from './clock.ts';
import { connectionWords, healthTone, type Health } from './format.ts';
import { useLive, useLiveView } from './live-store.ts';
import { useDrain } from '../drain/drain-store.ts';
import { plannerHealth } from '../drain/planner-health.ts';

const HEALTHS: Health[] = ['down', 'degraded', 'unknown', 'healthy'];
const names = new Intl.Collator(undefined, { numeric: true });

/** What a card calls back with; one object for the board's life, so a card's props change only with its own item. */
interface CardActions {
  key: (e: React.KeyboardEvent, i: number) => void;
  open: (i: number) => void;
  toggle: (i: number) => void;
  drain: (shard: string) => void;
}

function Age({ iso, prefix = '', suffix = '' }: { iso: string | undefined; prefix?: string; suffix?: string }) {
  const a = useAge(iso);
  return a ? <>{prefix}{a}{suffix}</> : null;
}

// Memoized: a delta re-renders only the cards whose item it changed (the store keeps the others'
// objects), and a card's age counts up on its own (clock.ts).
const Card = memo(function Card({ card, id, open, focused, index, count, actions }: { card: ShardCardItem; id: string; open: boolean; focused: boolean; index: number; count: number; actions: CardActions }) {
  const h = card.health;
  const zones = cardZones(h.servers);
  // An empty zone is marked only where health counts it (a shard with fewer replicas than zones leaves one empty by design).
  const zoneReason = h.reasons.some((r) => r.code === 'zone-empty' || r.code === 'zones-empty');
  return (
    <div
      id={id}
      role="option"
      aria-selected={focused}
      aria-expanded={open}
      aria-posinset={index + 1}
      aria-setsize={count}
      data-index={index}
      style={{ order: index }}
      tabIndex={focused ? 0 : -1}
      className={`shard-card ${healthTone(h.status)}${open ? ' open' : ''}`}
      data-testid={`card-${h.shard}`}
      data-health={h.status}
      onKeyDown={(e) => actions.key(e, index)}
      onClick={() => actions.open(index)}
    >
      <header>
        <b>{h.shard}</b>
        <span className={`chip ${healthTone(h.status)}`} data-testid={`health-${h.shard}`}>{h.status}</span>
        <SourceBadge source="live" />
        <span className="spacer" />
        {h.since && <span className="live-dim"><Age iso={h.since} prefix="since " /></span>}
        <button
          className="btn small ghost more-toggle"
          tabIndex={-1}
          aria-label={open ? 'Show less' : 'Show more'}
          title="Show more here (Space)"
          onClick={(e) => {
            e.stopPropagation();
            actions.toggle(index);
          }}
        >
          {open ? '▴' : '▾'}
        </button>
      </header>
      {h.reasons.length > 0 && (
        <ul className="reasons" data-testid={`reasons-${h.shard}`}>
          {(open ? h.reasons : h.reasons.slice(0, 2)).map((r, i) => <li key={i} className={r.severity}>{r.text}</li>)}
          {!open && h.reasons.length > 2 && <li className="live-dim">+{h.reasons.length - 2} more</li>}
        </ul>
      )}
      <div className="card-facts">
        <span title="GPUs requested by its pods, and what the spec gives it">GPUs {h.gpus.requested}/{h.gpus.spec}</span>
        <span className="zones" title="Ready replicas per spec zone">
          {zones.map(([z, n]) => <span key={z} className={`zone${n || !zoneReason ? '' : ' empty'}`}>z{z} {n}</span>)}
        </span>
        {!open && card.warnings.length > 0 && <span className="chip warn" title={card.warnings.map((w) => `${w.reason ?? ''}: ${w.message ?? ''}`).join('\n')}>{card.warnings.length} recent warning{card.warnings.length === 1 ? '' : 's'}</span>}
        <span className="live-dim">spec: {card.state}</span>
      </div>
      {open && (
        <div className="card-more">
          <button className="btn small" onClick={(e) => { e.stopPropagation(); actions.drain(h.shard); }} onKeyDown={(e) => e.stopPropagation()} title="Move its tenants to other shards, commit, push and follow it to the cluster (D on a card)" data-testid={`drain-${h.shard}`}>Drain and fail over…</button>
          {h.servers.map((s) => <div key={s.name}>{s.name} ({s.runtime}): {s.ready}/{s.desired} ready</div>)}
          {card.warnings.map((w) => <div key={w.uid} className="warning-event">{w.reason}: {w.message} {w.last && <span className="live-dim">(<Age iso={w.last} suffix=" ago" />)</span>}</div>)}
        </div>
      )}
    </div>
  );
});

/** One cluster's shards as cards: live health and reasons, GPUs, replicas per zone; sortable, filterable, keyboard throughout. */
export function LiveShardBoard({ cluster, onBack, onOpenShard, focusShard }: { cluster: string; onBack: () => void; onOpenShard: (shard: string) => void; focusShard?: string | undefined }) {
  const { items } = useLiveView({ view: 'cluster', cluster });
  const entry = useLive((s) => s.clusters[cluster]);
  const [sort, setSort] = useState<BoardSort>('health');
  const [text, setText] = useState('');
  const [health, setHealth] = useState<Health[]>([]);
  const [focus, setFocus] = useState(0);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const grid = useRef<HTMLDivElement>(null);
  const cards = useMemo(() => Object.entries(items ?? {}).filter(([k]) => k.startsWith('shard/')).map(([, v]) => v as ShardCardItem).filter((c) => c.health), [items]);
  const rows = useMemo(() => boardRows(cards, sort, { text, health }), [cards, sort, text, health]);
  const at = Math.min(focus, Math.max(0, rows.length - 1));
  // The cards stand in the DOM in their shards' name order, each placed in the grid by its row's index (CSS
  // order), so a change of order restyles the cards that moved instead of React taking every card a shard
  // jumps over out of the page and putting it back (its layout objects built anew: the longest frames).
  const inNameOrder = useMemo(() => rows.map((card, index) => ({ card, index })).sort((a, b) => names.compare(a.card.health.shard, b.card.health.shard)), [rows]);
  const idBase = useId();
  const cardId = (shard: string) => `${idBase}${shard}`;
  const ownedOrder = rows.map((c) => cardId(c.health.shard)).join(' ');
  const cardAt = (i: number) => grid.current?.querySelector<HTMLElement>(`.shard-card[data-index="${i}"]`) ?? undefined;
  const columns = () => {
    const first = cardAt(0);
    if (!first) return 1;
    let n = 0;
    for (const el of grid.current!.querySelectorAll<HTMLElement>('.shard-card')) if (el.offsetTop === first.offsetTop) n++;
    return n;
  };
  const focusCard = (i: number) => {
    setFocus(i);
    const el = cardAt(i);
    if (el) el.focus();
    else requestAnimationFrame(() => cardAt(i)?.focus());
  };
  const onToggle = (i: number) => {
    const s = rows[i]?.health.shard;
    setFocus(i);
    setOpen((o) => (o === s ? undefined : s));
  };
  const onOpen = (i: number) => {
    const s = rows[i]?.health.shard;
    if (s) onOpenShard(s);
  };
  // Back from a shard's detail: its card has the focus again. The board's rows come in over several
  // renders (the cached view, then the snapshot, which may build the cards anew and drop the focus to
  // the page), so for 3 s after the board opened each render puts the focus back on that card while it
  // is on nothing, and stops as soon as the person has put it anywhere else.
  const refocusDone = useRef(false);
  const openedAt = useRef(Date.now());
  useEffect(() => {
    if (refocusDone.current || !focusShard || !rows.length) return;
    if (Date.now() - openedAt.current > 3000) {
      refocusDone.current = true;
      return;
    }
    const i = rows.findIndex((r) => r.health.shard === focusShard);
    const el = i >= 0 ? cardAt(i) : undefined;
    const active = document.activeElement;
    if (active && active !== document.body && active !== el) {
      refocusDone.current = true; // the person moved on (another card, the filter, a button)
      return;
    }
    if (i >= 0 && active !== el) focusCard(i);
  });
  const onKey = (e: React.KeyboardEvent, i: number) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(i);
    } else if (e.key === ' ') {
      e.preventDefault();
      onToggle(i);
    } else if (e.key === 'd' || e.key === 'D') {
      const s = rows[i]?.health.shard;
      if (s) {
        e.preventDefault();
        onDrain(s);
      }
    } else if (e.key === 'Escape') {
      if (open) setOpen(undefined);
      else onBack();
    } else if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) {
      e.preventDefault();
      focusCard(moveFocus(i, e.key, rows.length, columns()));
    }
  };
  const toggle = (h: Health) => setHealth((cur) => (cur.includes(h) ? cur.filter((x) => x !== h) : [...cur, h]));
  // The planner takes the board's live health: degraded or down shards take no tenants.
  const onDrain = (shard: string) => useDrain.getState().start(shard, plannerHealth(cards.map((c) => c.health)));
  // The cards' callbacks read the board's latest rows and handlers through this ref (set after each commit, before any event).
  const latest = useRef({ onKey, onOpen, onToggle, onDrain });
  useLayoutEffect(() => {
    latest.current = { onKey, onOpen, onToggle, onDrain };
  });
  const actions = useMemo<CardActions>(() => ({ key: (e, i) => latest.current.onKey(e, i), open: (i) => latest.current.onOpen(i), toggle: (i) => latest.current.onToggle(i), drain: (shard) => latest.current.onDrain(shard) }), []);

  return (
    <div className="shard-board-live" data-testid="shard-board">
      <div className="toolbar">
        <button className="btn small ghost" onClick={onBack} title="Back to the overview (Escape)">← Clusters</button>
        <b>{cluster}</b>
        {entry && <span className="live-dim">{connectionWords(entry.state, entry.since)}</span>}
        <span className="spacer" />
        <input
          className="input"
          placeholder="Filter shards, reasons, servers"
          aria-label="Filter shards"
          value={text}
          data-testid="board-filter"
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault();
              focusCard(0);
            }
          }}
        />
        <span className="seg" role="group" aria-label="Show health">
          {HEALTHS.map((h) => (
            <button key={h} className={health.includes(h) ? 'on' : undefined} aria-pressed={health.includes(h)} onClick={() => toggle(h)} data-testid={`filter-${h}`}>
              {h} {cards.filter((c) => c.health.status === h).length}
            </button>
          ))}
        </span>
        <label className="live-dim">
          Sort{' '}
          <select value={sort} onChange={(e) => setSort(e.target.value as BoardSort)} aria-label="Sort shards" data-testid="board-sort">
            <option value="health">worst first</option>
            <option value="name">name</option>
            <option value="gpus">GPUs requested</option>
            <option value="since">unhealthy longest</option>
          </select>
        </label>
      </div>
      {!items ? (
        <div className="chart-msg">Reading shards…</div>
      ) : rows.length === 0 ? (
        <div className="chart-msg">{cards.length ? 'No shard matches the filter.' : 'This cluster hosts no shard.'}</div>
      ) : (
        // aria-owns lists the cards in their on-screen order, so a screen reader reads them worst first as shown, not in the DOM's name order.
        <div className="card-grid" role="listbox" aria-label={`Shards of ${cluster}`} aria-owns={ownedOrder} ref={grid}>
          {inNameOrder.map(({ card: c, index: i }) => <Card key={c.health.shard} id={cardId(c.health.shard)} card={c} index={i} count={rows.length} focused={i === at} open={open === c.health.shard} actions={actions} />)}
        </div>
      )}
    </div>
  );
}
