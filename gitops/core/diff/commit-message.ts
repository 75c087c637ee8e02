import type { AnyKind } from '../../../shared/kinds.ts';
import type { SemanticChange } from './semantic.ts';

const SUBJECT_MAX = 72;

const PLURAL: Record<AnyKind, [string, string]> = {
  Tenant: ['tenant', 'tenants'],
  Shard: ['shard', 'shards'],
  ResourcePool: ['pool', 'pools'],
  Cluster: ['cluster', 'clusters'],
  RoutingPolicy: ['routing policy', 'routing policies'],
  Workspace: ['workspace', 'workspace'],
};

/**
 * A commit message for a semantic summary, for the user to edit: a subject of at most 72
 * characters (the change itself when there is one, else the objects touched) and, when there is
 * more than one line, a body listing every line of the summary.
 */
export function suggestCommitMessage(summary: readonly SemanticChange[]): string {
  if (summary.length === 0) return 'Update workspace';
  const direct = summary.filter((c) => !c.derived);
  const subjects = direct.length ? direct : summary;
  let subject: string;
  const objects = [...new Set(subjects.map((c) => `${c.kind}\0${c.name}`))];
  if (subjects.length === 1) subject = subjects[0]!.text;
  else if (objects.length === 1) {
    const c = subjects[0]!;
    subject = `${PLURAL[c.kind][0]} ${c.name}: ${subjects.map((s) => s.change).join(', ')}`;
    if (subject.length > SUBJECT_MAX) subject = `${PLURAL[c.kind][0]} ${c.name}: ${subjects[0]!.change} and ${subjects.length - 1} more changes`;
  } else {
    const byKind = new Map<AnyKind, string[]>();
    for (const key of objects) {
      const [kind, name] = key.split('\0') as [AnyKind, string];
      byKind.set(kind, [...(byKind.get(kind) ?? []), name]);
    }
    const named = [...byKind].map(([kind, names]) => `${PLURAL[kind][names.length === 1 ? 0 : 1]} ${names.join(', ')}`).join('; ');
    subject = `Update ${named}`;
    if (subject.length > SUBJECT_MAX) {
      subject = `Update ${[...byKind].map(([kind, names]) => `${names.length} ${PLURAL[kind][names.length === 1 ? 0 : 1]}`).join(', ')}`;
    }
  }
  if (subject.length > SUBJECT_MAX) subject = `${subject.slice(0, SUBJECT_MAX - 3)}...`;
  if (summary.length === 1) return subject;
  return `${subject}\n\n${summary.map((c) => `- ${c.text}`).join('\n')}\n`;
}
