// The routing map: what each cluster's rendered routing.json tells its router, per region, beside
// the live health where the cluster reports it, with the problems it implies. Presentational: the
// routing screen (RoutingScreen.tsx) feeds it, and the drain preview shows a map before and after.
import { Fragment, useMemo, useState, type KeyboardEvent } from 'react';
import type { LiveShardHealth } from '../../../gitops/core/routing/live-health.ts';
import { endpointsText, shardBadge, type ConnectionState, type LiveShard } from '../../../gitops/core/routing/live-join.ts';
import { PLANS, type RoutedShard, type RoutingMap } from '../../../gitops/core/routing/routing-map.ts';
import type { LocatedRoutingProblem } from '../../../gitops/core/routing/routing-screen.ts';
import { Icon } from '../../components/Icon.tsx';
import './routing.css';

export interface RoutingMapViewProps {
  /** The map as gitops/core/routing/routing-map.ts builds it (shards may carry live `health`). */
  map: RoutingMap;
  /** Live shards by name (live-join.ts); without it, a shard's own `health` counts as live. */
  live?: ReadonlyMap<string, LiveShard>;
  /** Connection state per cluster, to say why a shard has no live health. */
  connections?: Readonly<Record<string, ConnectionState>>;
  /** Problems to name under each shard, and listed per cluster. */
  problems?: readonly LocatedRoutingProblem[];
  /** Only this cluster (default: every cluster of the map). */
  cluster?: string;
  /** Shards to mark (e.g. a drain's source and targets in a before/after preview). */
  highlight?: readonly string[];
  /** Opens the object a problem is on (its file at the line). */
  onOpenProblem?: (p: LocatedRoutingProblem) => void;
  /** Opens a shard's spec. */
  onOpenShard?: (shard: string) => void;
  /** Prefix of the test ids, so two maps on one screen (before and after) stay apart. */
  idPrefix?: string;
}

const TONE_CLASS = { ok: 'ok', warn: 'warn', err: 'danger', dim: '' } as const;

function liveFromHealth(shard: RoutedShard, cluster: string): LiveShard | undefined {
  const h: LiveShardHealth | undefined = shard.health;
  return h ? { shard: shard.name, cluster, status: h.status, reasons: [...h.reasons], own: { status: h.status, reasons: [...h.reasons] } } : undefined;
}

/** Where focus goes in a list of `count` rows on a key, or undefined for keys the list leaves alone. */
export function nextRow(index: number, key: string, count: number): number | undefined {
  if (count === 0) return undefined;
  if (key === 'ArrowDown') return Math.min(count - 1, index + 1);
  if (key === 'ArrowUp') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return undefined;
}

function focusSibling(e: KeyboardEvent<HTMLElement>, selector: string, next: number) {
  const list = e.currentTarget.closest('[data-rows]')?.querySelectorAll<HTMLElement>(selector);
  list?.[next]?.focus();
}

function ShardRow(props: {
  shard: RoutedShard;
  cluster: string;
  index: number;
  count: number;
  active: boolean;
  open: boolean;
  live: LiveShard | undefined;
  connection: ConnectionState;
  problems: readonly LocatedRoutingProblem[];
  marked: boolean;
  onFocusRow: (i: number) => void;
  onToggle: () => void;
  onOpenProblem?: (p: LocatedRoutingProblem) => void;
  onOpenShard?: (shard: string) => void;
  tid: (s: string) => string;
}) {
  const { shard: s, live, tid } = props;
  const badge = shardBadge(s, live, props.connection);
  const endpoints = endpointsText(live);
  const failoverProblem = props.problems.find((p) => p.code !== 'region.full');
  const onKeyDown = (e: KeyboardEvent<HTMLTableRowElement>) => {
    if (e.target !== e.currentTarget) return;
    const next = nextRow(props.index, e.key, props.count);
    if (next !== undefined) {
      e.preventDefault();
      props.onFocusRow(next);
      focusSibling(e, 'tr.rm-shard', next);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      props.onToggle();
    } else if (e.key === 'Escape' && props.open) {
      e.preventDefault();
      props.onToggle();
    }
  };
  return (
    <>
      <tr
        className={`rm-shard${props.open ? ' open' : ''}${props.marked ? ' marked' : ''}`}
        tabIndex={props.active ? 0 : -1}
        aria-expanded={props.open}
        aria-label={`Shard ${s.name}, ${badge.label} (${badge.source}), ${props.problems.length} problem${props.problems.length === 1 ? '' : 's'}`}
        data-testid={tid(`shard-${s.name}`)}
        data-health={badge.label}
        data-source={badge.source}
        onKeyDown={onKeyDown}
        onFocus={() => props.onFocusRow(props.index)}
        onClick={props.onToggle}
      >
        <td className="rm-name">
          <Icon name={props.open ? 'down' : 'up'} size={11} className="rm-caret" aria-hidden="true" />
          <b>{s.name}</b>
          {s.tenancy === 'dedicated' && <span className="rm-dim"> dedicated</span>}
        </td>
        <td>
          <span className={`chip ${TONE_CLASS[badge.tone]}`} data-testid={tid(`health-${s.name}`)} title={badge.detail}>{badge.label}</span>{' '}
          <span className={`src-badge ${badge.source}`} data-testid={tid(`source-${s.name}`)} title={badge.source === 'live' ? 'Health read from the cluster' : 'What routing.json says'}>{badge.source}</span>
        </td>
        <td><span className={`rm-state ${s.state}`}>{s.state}</span></td>
        <td className="num">{s.weight}</td>
        <td className="num">{s.priority}</td>
        <td className="mono">{s.zones.join(', ') || '–'}</td>
        <td data-testid={tid(`failover-${s.name}`)}>
          {s.failoverShard ? <span className="mono">→ {s.failoverShard}</span> : <span className="rm-dim">none</span>}
          {failoverProblem && <Icon name="warning" size={12} className="sev-warning" aria-label="failover problem" style={{ marginLeft: 4 }} />}
        </td>
        <td className="num" title={`${s.gpus.placed} of ${s.gpus.capacity} GPUs placed${s.gpuType ? ` (${s.gpuType})` : ''}`}>{s.gpus.placed}/{s.gpus.capacity}</td>
        <td>
          <span className="rm-plans">
            {s.tenants.length === 0 ? <span className="rm-dim">none</span> : PLANS.filter((p) => s.tenantsByPlan[p].length).map((p) => <span key={p} className={`plan ${p}`}>{s.tenantsByPlan[p].length} {p}</span>)}
          </span>
        </td>
        <td data-testid={tid(`endpoints-${s.name}`)}>{endpoints ?? <span className="rm-dim">–</span>}</td>
      </tr>
      {props.open && (
        <tr className="rm-detail" data-testid={tid(`detail-${s.name}`)}>
          <td colSpan={10}>
            <div className="rm-detail-grid">
              <div>
                <label>Tenants by plan</label>
                {s.tenants.length === 0 && <div className="rm-dim">routing.json sends no tenant here.</div>}
                {PLANS.filter((p) => s.tenantsByPlan[p].length).map((p) => (
                  <div key={p}><span className={`plan ${p}`}>{p}</span> {s.tenants.filter((t) => t.plan === p).map((t) => `${t.name} (${t.gpus} GPU${t.gpus === 1 ? '' : 's'}, ${t.latencyTargetMs} ms)`).join(', ')}</div>
                ))}
              </div>
              <div>
                <label>Serving</label>
                <div>{s.gpuType ?? 'GPU type unknown'} · {s.gpus.free} GPU{s.gpus.free === 1 ? '' : 's'} free</div>
                <div className="mono">{s.models.join(', ') || 'no models'}</div>
              </div>
              <div>
                <label>Health <span className={`src-badge ${badge.source}`}>{badge.source}</span></label>
                <div>{badge.detail}</div>
                {live?.endpoints?.servers.map((v) => <div key={v.name} className="mono">{v.name}: {v.ready}/{v.desired} ready</div>)}
              </div>
            </div>
            {props.problems.length > 0 && (
              <ul className="rm-detail-problems">
                {props.problems.map((p) => (
                  <li key={p.code}>
                    <button className="link" onClick={(e) => { e.stopPropagation(); props.onOpenProblem?.(p); }} disabled={!props.onOpenProblem}>
                      <Icon name="warning" size={12} className="sev-warning" /> {p.message}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {props.onOpenShard && (
              <button className="btn small" onClick={(e) => { e.stopPropagation(); props.onOpenShard!(s.name); }} data-testid={tid(`open-${s.name}`)}>
                <Icon name="file" size={12} /> Open shards/{s.name}.yaml
              </button>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/** One region's shards as a table, rows reached by Tab and moved through with the arrow keys. */
function RegionTable(props: Omit<RoutingMapViewProps, 'map' | 'cluster'> & { cluster: string; region: string; shards: RoutedShard[]; tid: (s: string) => string }) {
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState<string | undefined>(undefined);
  const marked = new Set(props.highlight ?? []);
  return (
    <section className="rm-region" aria-label={`Region ${props.region} of ${props.cluster}`} data-testid={props.tid(`region-${props.cluster}-${props.region}`)}>
      <h4>{props.region} <span className="rm-dim">{props.shards.length} shard{props.shards.length === 1 ? '' : 's'}</span></h4>
      <table className="rm-table" data-rows="">
        <thead>
          <tr>
            <th>Shard</th><th>Health</th><th>State</th><th className="num">Weight</th><th className="num">Priority</th><th>Zones</th><th>Failover</th><th className="num">GPUs</th><th>Tenants</th><th>Endpoints</th>
          </tr>
        </thead>
        <tbody>
          {props.shards.map((s, i) => (
            <ShardRow
              key={s.name}
              shard={s}
              cluster={props.cluster}
              index={i}
              count={props.shards.length}
              active={i === Math.min(active, props.shards.length - 1)}
              open={open === s.name}
              live={props.live ? props.live.get(s.name) : liveFromHealth(s, props.cluster)}
              connection={props.connections?.[props.cluster]}
              problems={(props.problems ?? []).filter((p) => p.shard === s.name)}
              marked={marked.has(s.name)}
              onFocusRow={setActive}
              onToggle={() => setOpen((o) => (o === s.name ? undefined : s.name))}
              tid={props.tid}
              {...(props.onOpenProblem ? { onOpenProblem: props.onOpenProblem } : {})}
              {...(props.onOpenShard ? { onOpenShard: props.onOpenShard } : {})}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A cluster's problems, one sentence each; Tab reaches the list, arrows move, Enter opens the object. */
export function ProblemList({ problems, onOpen, tid = (s) => s }: { problems: readonly LocatedRoutingProblem[]; onOpen?: (p: LocatedRoutingProblem) => void; tid?: (s: string) => string }) {
  const [active, setActive] = useState(0);
  if (!problems.length) return <div className="rm-dim" data-testid={tid('no-problems')}>No routing problems.</div>;
  return (
    <ul className="rm-problems" data-rows="" aria-label="Routing problems">
      {problems.map((p, i) => (
        <li key={`${p.shard}:${p.code}`}>
          <button
            className="rm-problem"
            tabIndex={i === Math.min(active, problems.length - 1) ? 0 : -1}
            data-testid={tid('routing-problem')}
            data-code={p.code}
            data-shard={p.shard}
            onFocus={() => setActive(i)}
            onKeyDown={(e) => {
              const next = nextRow(i, e.key, problems.length);
              if (next === undefined) return;
              e.preventDefault();
              setActive(next);
              focusSibling(e, 'button.rm-problem', next);
            }}
            onClick={() => onOpen?.(p)}
            title={p.line ? `${p.file}:${p.line}` : p.file}
          >
            <Icon name="warning" size={13} className="sev-warning" />
            <span className="code mono">{p.code}</span>
            <span className="msg">{p.message}</span>
            <span className="where mono">{p.file}{p.line ? `:${p.line}` : ''}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The routing map of every cluster (or one), per region; problems under their shards and listed per cluster. */
export function RoutingMapView(props: RoutingMapViewProps) {
  const prefix = props.idPrefix ?? '';
  const tid = (s: string) => `${prefix}${s}`;
  const clusters = useMemo(() => (props.cluster ? props.map.clusters.filter((c) => c.cluster === props.cluster) : props.map.clusters), [props.map, props.cluster]);
  if (!clusters.length) return <div className="rm-dim">No cluster in the routing map.</div>;
  return (
    <div className="routing-map" data-testid={tid('routing-map')}>
      {clusters.map((c) => {
        const problems = (props.problems ?? []).filter((p) => p.cluster === c.cluster);
        return (
          <section key={c.cluster} className="rm-cluster" aria-label={`Cluster ${c.cluster}`} data-testid={tid(`rm-cluster-${c.cluster}`)}>
            <header>
              <b>{c.cluster}</b>
              {c.policies.map((p) => (
                <span key={p.name} className="rm-policy" data-testid={tid(`policy-${c.cluster}-${p.name}`)}>
                  policy <b>{p.name}</b>: {p.method} · session affinity {p.sessionAffinity ? 'on' : 'off'} · {p.healthProbe ? `probe ${p.healthProbe.path} every ${p.healthProbe.intervalSeconds} s` : 'no health probe'}
                </span>
              ))}
              {!c.policies.length && !c.error && <span className="rm-dim">no routing policy</span>}
            </header>
            {c.error && <div className="rm-error" role="alert">{c.error}</div>}
            {c.regions.map((r) => (
              <Fragment key={r.region}>
                <RegionTable {...props} cluster={c.cluster} region={r.region} shards={r.shards} tid={tid} />
              </Fragment>
            ))}
            {props.problems && (
              <div className="rm-cluster-problems">
                <h4>Problems <span className="rm-dim">{problems.length}</span></h4>
                <ProblemList problems={problems} tid={(s) => tid(`${c.cluster}-${s}`)} {...(props.onOpenProblem ? { onOpen: props.onOpenProblem } : {})} />
              </div>
            )}
          </section>
        );
      })}
    </div>
  );
}
