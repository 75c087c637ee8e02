import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { fillClass, EmptyState } from '../../components/StatusBadge.tsx';
import { VirtualList } from '../../components/VirtualList.tsx';
import { useApp } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';

function Bar({ used, limit, threshold, label }: { used: number; limit: number; threshold: number; label: string }) {
  const pct = limit > 0 ? Math.min(100, (used * 100) / limit) : used > 0 ? 100 : 0;
  return (
    <div className={`bar ${fillClass(used, limit, threshold)}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used}>
      <div className="fill" style={{ width: `${pct}%` }} />
      <div className="threshold" style={{ left: `${threshold}%` }} data-label={`${threshold}%`} />
    </div>
  );
}

function open(file: string) {
  useApp.getState().setView('workspace');
  void useEditor.getState().open(file);
}

/** Per shard GPUs placed against capacity, per pool tenants against limit, with the warning thresholds marked. */
export function CapacityView() {
  const { shards, pools, thresholds } = useWorkspace(useShallow((s) => ({ shards: s.rows.shards, pools: s.rows.pools, thresholds: s.thresholds })));
  const shardRows = useMemo(
    () => shards.filter((s) => s.valid).sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '') || a.name.localeCompare(b.name, undefined, { numeric: true })),
    [shards],
  );
  const poolRows = useMemo(
    () => pools.filter((p) => p.valid).sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '') || (a.type ?? '').localeCompare(b.type ?? '') || a.name.localeCompare(b.name, undefined, { numeric: true })),
    [pools],
  );
  const totalCap = shardRows.reduce((n, s) => n + (s.capacityGpus ?? 0), 0);
  const totalPlaced = shardRows.reduce((n, s) => n + (s.placedGpus ?? 0), 0);

  return (
    <div className="capacity" data-testid="capacity-view">
      <section className="pane">
        <div className="pane-header">
          <span className="pane-title">Shards</span>
          <span className="pane-sub">GPUs placed / capacity · {totalPlaced} of {totalCap} placed</span>
          <span className="spacer" />
          <span className="legend">
            <span><i style={{ background: 'var(--accent)' }} />placed</span>
            <span><i style={{ background: 'var(--warn)' }} />≥ {thresholds.shardPercent}%</span>
            <span><i style={{ background: 'var(--danger)' }} />over</span>
          </span>
        </div>
        {shardRows.length === 0 ? (
          <EmptyState icon="gauge" title="No shards">Add a shard under shards/ to see its GPU capacity here.</EmptyState>
        ) : (
          <VirtualList
            items={shardRows}
            rowHeight={44}
            label="Shard capacity"
            testId="shard-capacity"
            renderRow={(s, _i, style) => (
              <div key={s.file} className="cap-row" style={style} role="listitem" onDoubleClick={() => open(s.file)} data-testid={`cap-shard-${s.name}`}>
                <div className="who">
                  <span className="n">{s.name}</span>
                  <span className="s">{s.region} · {s.gpuType} · {s.state}{s.tenancy === 'dedicated' ? ` · ${s.owner}` : ''}</span>
                </div>
                <Bar used={s.placedGpus ?? 0} limit={s.capacityGpus ?? 0} threshold={thresholds.shardPercent} label={`${s.name} GPUs`} />
                <div className="fig"><b>{s.placedGpus}</b> / {s.capacityGpus} GPUs · {s.tenants} tenant{s.tenants === 1 ? '' : 's'}</div>
              </div>
            )}
          />
        )}
      </section>
      <section className="pane">
        <div className="pane-header">
          <span className="pane-title">Pools</span>
          <span className="pane-sub">tenants / limit</span>
          <span className="spacer" />
          <span className="legend"><span><i style={{ background: 'var(--warn)' }} />≥ {thresholds.poolPercent}%</span></span>
        </div>
        {poolRows.length === 0 ? (
          <EmptyState icon="layers" title="No pools">Add a ResourcePool under pools/ to track how full it is.</EmptyState>
        ) : (
          <VirtualList
            items={poolRows}
            rowHeight={44}
            label="Pool fill"
            testId="pool-capacity"
            renderRow={(p, _i, style) => (
              <div key={p.file} className="cap-row" style={style} role="listitem" onDoubleClick={() => open(p.file)} data-testid={`cap-pool-${p.name}`}>
                <div className="who">
                  <span className="n">{p.name}</span>
                  <span className="s">{p.type} · {p.region}</span>
                </div>
                <Bar used={p.used ?? 0} limit={p.limit ?? 0} threshold={thresholds.poolPercent} label={`${p.name} tenants`} />
                <div className="fig"><b>{p.used}</b> / {p.limit} tenants</div>
              </div>
            )}
          />
        )}
      </section>
    </div>
  );
}
