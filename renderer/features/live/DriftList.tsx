import type { ClusterDrift } from '../../../gitops/core/live/drift.ts';

export type DriftItem = ClusterDrift & { from: string };

const objectName = (o: { kind: string; namespace?: string; name: string }) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;

/**
 * Drift in words: the rendered objects missing from the cluster, and per changed object each field
 * Gantry renders with the rendered and the live value. `limit` lines at most (the rest counted).
 */
export function DriftList({ drift, testId, limit = Infinity }: { drift: DriftItem | undefined; testId: string; limit?: number }) {
  if (!drift) return null;
  const lines = [
    ...drift.missing.map((m) => ({ key: `m/${objectName(m)}`, kind: 'missing' as const, object: objectName(m) })),
    ...drift.changed.flatMap((c) => c.fields.map((f) => ({ key: `c/${objectName(c)}/${f.field}`, kind: 'changed' as const, object: objectName(c), field: f }))),
  ];
  const count = drift.missing.length + drift.changed.length;
  return (
    <div className="drift" data-testid={testId} data-drift={count}>
      <div className="drift-head">
        <label>Drift</label>
        {count === 0 ? (
          <span className="live-dim">none: {drift.checked} rendered objects match {drift.from}</span>
        ) : (
          <span className="chip warn">{[drift.missing.length && `${drift.missing.length} missing`, drift.changed.length && `${drift.changed.length} changed`].filter(Boolean).join(', ')}</span>
        )}
        {drift.unknown.length > 0 && <span className="live-dim" title="Their watch is not live (forbidden or not listed yet): nothing of them is called missing">not compared: {drift.unknown.join(', ')}</span>}
      </div>
      {lines.length > 0 && (
        <ul className="drift-lines">
          {lines.slice(0, limit).map((l) => (
            <li key={l.key} className={l.kind} data-testid="drift-line">
              <span className="mono">{l.object}</span>{' '}
              {l.kind === 'missing' ? (
                <span>is missing from the cluster</span>
              ) : (
                <span>
                  <span className="mono">{l.field.field}</span>: rendered <code>{l.field.rendered}</code>, on the cluster {l.field.live === undefined ? <i>absent</i> : <code>{l.field.live}</code>}
                </span>
              )}
            </li>
          ))}
          {lines.length > limit && <li className="live-dim">and {lines.length - limit} more</li>}
        </ul>
      )}
    </div>
  );
}
