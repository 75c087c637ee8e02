import { useCallback, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/StatusBadge.tsx';
import { VirtualTable } from '../../components/VirtualTable.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useApp, type TableKind } from '../../stores/app-store.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { EditorPane } from '../editor/EditorPane.tsx';
import { clusterColumns, poolColumns, searchText, shardColumns, tenantColumns } from './columns.tsx';

const TABS: Array<{ id: TableKind; title: string; kind: string }> = [
  { id: 'tenants', title: 'Tenants', kind: 'tenant' },
  { id: 'shards', title: 'Shards', kind: 'shard' },
  { id: 'pools', title: 'Pools', kind: 'pool' },
  { id: 'clusters', title: 'Clusters', kind: 'cluster' },
];

function useFiltered<T extends object>(rows: readonly T[], query: string): T[] {
  return useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return rows as T[];
    const terms = q.split(/\s+/);
    return rows.filter((r) => {
      const text = searchText(r);
      return terms.every((t) => text.includes(t));
    });
  }, [rows, query]);
}

/** Tenants, shards, pools and clusters in tables on the left, the selected object's editor on the right. */
export function WorkspaceView() {
  const { table, query, setTable, openDialog } = useApp(useShallow((s) => ({ table: s.table, query: s.query, setTable: s.setTable, openDialog: s.openDialog })));
  const { rows, status, thresholds, findings } = useWorkspace(useShallow((s) => ({ rows: s.rows, status: s.status, thresholds: s.thresholds, findings: s.findings })));
  const file = useEditor((s) => s.file);
  const open = useEditor((s) => s.open);

  const statusOf = useCallback((f: string) => status.get(f) ?? { errors: 0, warnings: 0 }, [status]);
  const tenants = useFiltered(rows.tenants, query);
  const shards = useFiltered(rows.shards, query);
  const pools = useFiltered(rows.pools, query);
  const clusters = useFiltered(rows.clusters, query);
  const tCols = useMemo(() => tenantColumns(statusOf), [statusOf]);
  const sCols = useMemo(() => shardColumns(statusOf, thresholds), [statusOf, thresholds]);
  const pCols = useMemo(() => poolColumns(statusOf, thresholds), [statusOf, thresholds]);
  const cCols = useMemo(() => clusterColumns(statusOf), [statusOf]);
  const counts: Record<TableKind, number> = { tenants: tenants.length, shards: shards.length, pools: pools.length, clusters: clusters.length };
  const errorsIn = (prefix: string) => findings.some((f) => f.severity === 'error' && f.file.startsWith(prefix));
  const folder: Record<TableKind, string> = { tenants: 'tenants/', shards: 'shards/', pools: 'pools/', clusters: 'clusters/' };

  const onOpen = useCallback((r: { file: string }) => void open(r.file), [open]);
  const key = useCallback((r: { file: string }) => r.file, []);
  const emptyFor = (what: string) =>
    query ? (
      <EmptyState icon="search" title={`No ${what} match “${query}”`}>Clear the search (Esc in the search box) to see all {what}.</EmptyState>
    ) : (
      <EmptyState icon="table" title={`No ${what} yet`} actions={what === 'tenants' ? <button className="btn primary" onClick={() => openDialog({ kind: 'addTenant' })}><Icon name="plus" size={14} />Add tenant</button> : undefined}>
        {what === 'tenants' ? 'Add a tenant: Gantry picks the shard and pools for it.' : `Add a ${what.slice(0, -1)} file under ${what}/ in the repository.`}
      </EmptyState>
    );

  return (
    <div className="split">
      <section className="pane" aria-label="Objects">
        <div className="pane-header" style={{ paddingLeft: 4 }}>
          <div className="tabs" role="tablist" aria-label="Object kinds">
            {TABS.map((t) => (
              <button key={t.id} role="tab" className="tab" aria-selected={table === t.id} onClick={() => setTable(t.id)} data-testid={`tab-${t.id}`}>
                {t.title} <span className="n">{counts[t.id]}</span>
                {errorsIn(folder[t.id]) && <span className="dot" title="has errors" />}
              </button>
            ))}
          </div>
          <span className="spacer" />
          {table === 'tenants' && (
            <button className="btn small" onClick={() => openDialog({ kind: 'addTenant' })} data-testid="add-tenant">
              <Icon name="plus" size={13} /> Add tenant
            </button>
          )}
          {table === 'shards' && (
            <button className="btn small" onClick={() => openDialog({ kind: 'drainShard' })}>
              <Icon name="drain" size={13} /> Drain shard…
            </button>
          )}
        </div>
        {table === 'tenants' && (
          <VirtualTable label="Tenants" rows={tenants} columns={tCols} rowKey={key} rowTestId={(r) => `row-tenant-${r.name}`} selectedKey={file} onOpen={onOpen} empty={emptyFor('tenants')} />
        )}
        {table === 'shards' && (
          <VirtualTable label="Shards" rows={shards} columns={sCols} rowKey={key} rowTestId={(r) => `row-shard-${r.name}`} selectedKey={file} onOpen={onOpen} empty={emptyFor('shards')} />
        )}
        {table === 'pools' && (
          <VirtualTable label="Pools" rows={pools} columns={pCols} rowKey={key} rowTestId={(r) => `row-pool-${r.name}`} selectedKey={file} onOpen={onOpen} empty={emptyFor('pools')} />
        )}
        {table === 'clusters' && (
          <VirtualTable label="Clusters" rows={clusters} columns={cCols} rowKey={key} rowTestId={(r) => `row-cluster-${r.name}`} selectedKey={file} onOpen={onOpen} empty={emptyFor('clusters')} />
        )}
      </section>
      <section className="pane" aria-label="Editor">
        <EditorPane />
      </section>
    </div>
  );
}
