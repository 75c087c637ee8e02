import type { ClusterRow, PoolRow, ShardRow, TenantRow, Thresholds } from '../../../shared/ipc/schemas.ts';
import { MiniBar, StatusBadge } from '../../components/StatusBadge.tsx';
import type { Column } from '../../components/VirtualTable.tsx';
import type { FileStatus } from '../../stores/workspace-store.ts';

type StatusOf = (file: string) => FileStatus;

const severityRank = (s: FileStatus) => s.errors * 1000 + s.warnings;

function statusColumn<T extends { file: string }>(statusOf: StatusOf): Column<T> {
  return {
    id: 'status',
    title: 'Status',
    width: '112px',
    value: (r) => -severityRank(statusOf(r.file)),
    render: (r) => <StatusBadge status={statusOf(r.file)} />,
  };
}

const nameColumn = <T extends { name: string; valid: boolean }>(width = '1.1fr'): Column<T> => ({
  id: 'name',
  title: 'Name',
  width,
  value: (r) => r.name,
  render: (r) => <span className="name">{r.name}</span>,
});

const planChip: Record<string, string> = { premium: 'accent', standard: '', free: '' };

export function tenantColumns(statusOf: StatusOf): Column<TenantRow>[] {
  return [
    {
      id: 'name',
      title: 'Tenant',
      width: 'minmax(150px, 1.7fr)',
      value: (r) => r.name,
      tip: (r) => (r.displayName && r.displayName !== r.name ? `${r.name} — ${r.displayName}` : r.name),
      render: (r) => (
        <>
          <span className="name">{r.name}</span>
          {r.displayName && r.displayName !== r.name && <span className="dim" style={{ marginLeft: 8 }}>{r.displayName}</span>}
        </>
      ),
    },
    { id: 'tier', title: 'Tier', width: '94px', value: (r) => r.tier ?? '', render: (r) => r.tier && <span className={`chip ${r.tier === 'dedicated' ? 'accent' : ''}`}>{r.tier}</span> },
    { id: 'plan', title: 'Plan', width: '88px', value: (r) => r.plan ?? '', render: (r) => r.plan && <span className={`chip ${planChip[r.plan] ?? ''}`}>{r.plan}</span> },
    { id: 'region', title: 'Region', width: '118px', value: (r) => r.region ?? '', render: (r) => <span className="dim">{r.region}</span> },
    { id: 'shard', title: 'Shard', width: 'minmax(72px, 0.8fr)', value: (r) => r.shard ?? '' },
    { id: 'gpus', title: 'GPUs', width: '52px', numeric: true, value: (r) => r.gpus ?? -1, render: (r) => r.gpus ?? '–' },
    { id: 'models', title: 'Models', width: 'minmax(90px, 1fr)', value: (r) => (r.models ?? []).join(', '), render: (r) => <span className="dim">{(r.models ?? []).join(', ')}</span> },
    statusColumn(statusOf),
  ];
}

export function shardColumns(statusOf: StatusOf, t: Thresholds): Column<ShardRow>[] {
  return [
    nameColumn('minmax(70px, 0.8fr)'),
    { id: 'cluster', title: 'Cluster', width: 'minmax(90px, 1fr)', value: (r) => r.cluster ?? '', render: (r) => <span className="dim">{r.cluster}</span> },
    { id: 'region', title: 'Region', width: '118px', value: (r) => r.region ?? '', render: (r) => <span className="dim">{r.region}</span> },
    { id: 'tenancy', title: 'Tenancy', width: '94px', value: (r) => r.tenancy ?? '', render: (r) => r.tenancy && <span className={`chip ${r.tenancy === 'dedicated' ? 'accent' : ''}`}>{r.tenancy}</span> },
    { id: 'state', title: 'State', width: '80px', value: (r) => r.state ?? '', render: (r) => r.state && <span className={`chip ${r.state === 'active' ? 'ok' : 'warn'}`}>{r.state}</span> },
    {
      id: 'gpus',
      title: 'GPUs placed',
      width: 'minmax(110px, 1.2fr)',
      value: (r) => (r.capacityGpus ? (r.placedGpus ?? 0) / r.capacityGpus : -1),
      render: (r) =>
        r.capacityGpus !== undefined && (
          <span className="cell-bar">
            <MiniBar used={r.placedGpus ?? 0} limit={r.capacityGpus} threshold={t.shardPercent} />
            <span className="num">{r.placedGpus}/{r.capacityGpus}</span>
          </span>
        ),
    },
    { id: 'tenants', title: 'Tenants', width: '72px', numeric: true, value: (r) => r.tenants ?? 0 },
    statusColumn(statusOf),
  ];
}

export function poolColumns(statusOf: StatusOf, t: Thresholds): Column<PoolRow>[] {
  return [
    nameColumn('1.2fr'),
    { id: 'type', title: 'Type', width: '90px', value: (r) => r.type ?? '', render: (r) => r.type && <span className="chip">{r.type}</span> },
    { id: 'region', title: 'Region', width: '110px', value: (r) => r.region ?? '', render: (r) => <span className="dim">{r.region}</span> },
    {
      id: 'fill',
      title: 'Tenants / limit',
      width: '1.3fr',
      value: (r) => (r.limit ? (r.used ?? 0) / r.limit : -1),
      render: (r) =>
        r.limit !== undefined && (
          <span className="cell-bar">
            <MiniBar used={r.used ?? 0} limit={r.limit} threshold={t.poolPercent} />
            <span className="num">{r.used}/{r.limit}</span>
          </span>
        ),
    },
    { id: 'created', title: 'Created', width: '100px', value: (r) => r.createdAt ?? '', render: (r) => <span className="dim">{r.createdAt}</span> },
    statusColumn(statusOf),
  ];
}

export function clusterColumns(statusOf: StatusOf): Column<ClusterRow>[] {
  return [
    nameColumn('1.3fr'),
    { id: 'region', title: 'Region', width: '1fr', value: (r) => r.region ?? '', render: (r) => <span className="dim">{r.region}</span> },
    { id: 'provider', title: 'Provider', width: '90px', value: (r) => r.provider ?? '', render: (r) => r.provider && <span className="chip">{r.provider}</span> },
    { id: 'gitops', title: 'GitOps', width: '90px', value: (r) => r.gitops ?? '', render: (r) => r.gitops && <span className="chip accent">{r.gitops}</span> },
    { id: 'shards', title: 'Shards', width: '70px', numeric: true, value: (r) => r.shards ?? 0 },
    statusColumn(statusOf),
  ];
}

/** Text a row is searched by. */
export function searchText(row: object): string {
  return Object.values(row)
    .map((v) => (Array.isArray(v) ? v.join(' ') : v && typeof v === 'object' ? Object.values(v).join(' ') : String(v ?? '')))
    .join(' ')
    .toLowerCase();
}
