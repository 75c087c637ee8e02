import { useMemo, useState } from 'react';
import type { SlaDto, SlaRowDto } from '../../../shared/ipc/metrics-schemas.ts';
import { fmt, pct } from './format.ts';

type Key = 'worst' | 'tenant' | 'plan' | 'shard' | 'targetMs' | 'p95Ms' | 'withinShare' | 'budgetLeft';
const STATUS: Record<SlaRowDto['status'], string> = { breached: 'breached', unclear: 'unclear', ok: 'ok', 'no-data': 'no data' };

/** SLA conformance per tenant and plan over the last hour; worst first unless sorted otherwise. */
export function SlaTable({ sla }: { sla: SlaDto }) {
  const [sort, setSort] = useState<{ id: Key; desc: boolean }>({ id: 'worst', desc: false });
  const rows = useMemo(() => {
    if (sort.id === 'worst') return sla.rows;
    const id = sort.id;
    const val = (r: SlaRowDto): string | number => (id === 'tenant' || id === 'plan' || id === 'shard' ? r[id] : (r[id] ?? Number.POSITIVE_INFINITY));
    return [...sla.rows].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
  }, [sla.rows, sort]);
  const th = (id: Key, title: string) => (
    <th aria-sort={sort.id === id ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button onClick={() => setSort((s) => ({ id, desc: s.id === id ? !s.desc : false }))}>
        {title}
        {sort.id === id && id !== 'worst' ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <div className="sla" data-testid="sla-table">
      <table>
        <thead>
          <tr>
            {th('worst', 'Status')}
            {th('tenant', 'Tenant')}
            {th('plan', 'Plan')}
            {th('shard', 'Shard')}
            {th('targetMs', 'Target')}
            {th('p95Ms', 'p95 now')}
            {th('withinShare', 'Within target (1 h)')}
            {th('budgetLeft', 'Error budget left')}
            <th>How measured</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.tenant} className={r.status} data-testid={`sla-${r.tenant}`}>
              <td>
                <span className={`chip ${r.status === 'breached' ? 'danger' : r.status === 'ok' ? 'ok' : r.status === 'unclear' ? 'warn' : ''}`}>{STATUS[r.status]}</span>
                {r.overNow && <span className="chip danger" title="The latest p95 is over the target">over now</span>}
              </td>
              <td title={r.tenant}>{r.displayName}</td>
              <td>{r.plan}</td>
              <td>{r.shard}</td>
              <td className="num">{fmt(r.targetMs, 'ms')}</td>
              <td className="num">{fmt(r.p95Ms, 'ms')}</td>
              <td className="num" title={r.unclearShare ? `${pct(r.unclearShare)} of the points unclear: the histogram bucket spans the target` : undefined}>
                {pct(r.withinShare)}
                {r.unclearShare > 0 ? ` (${pct(r.unclearShare)} unclear)` : ''}
              </td>
              <td className={`num ${r.budgetLeft !== null && r.budgetLeft <= 0 ? 'err' : ''}`} title={`objective ${pct(r.objective)} of the hour within target`}>
                {r.budgetLeft === null ? '–' : r.budgetLeft <= 0 ? 'spent' : pct(r.budgetLeft)}
              </td>
              <td className="dim">{r.server ? `${r.server}: ${r.source}` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dim foot">
        Objective by plan: premium 99.9%, standard 99%, free 95% of the hour within the tenant's latencyTargetMs (p95 of the worst model server serving its models, one point per {sla.step} s). A histogram quantile is only known to lie in its bucket: where the bucket spans the target the point is unclear and not counted.
      </p>
    </div>
  );
}
