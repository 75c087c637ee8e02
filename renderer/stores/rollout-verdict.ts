import type { RolloutDto } from '../../shared/ipc/schemas.ts';

/** One line for the end of a follow: what a person who pushed and moved on wants to hear. */
export function rolloutVerdict(r: RolloutDto): { kind: 'success' | 'error' | 'info'; text: string } | undefined {
  const by = (phase: string) => r.clusters.filter((c) => c.phase === phase).map((c) => c.cluster);
  const applied = by('applied');
  const failed = by('failed');
  if (!applied.length && !failed.length) return undefined;
  const head = `Rollout of ${r.commit.slice(0, 7)}:`;
  if (failed.length) return { kind: 'error', text: `${head} failed on ${failed.join(', ')}${applied.length ? `; applied on ${applied.join(', ')}` : ''}.` };
  const rest = r.clusters.length - applied.length;
  return { kind: rest ? 'info' : 'success', text: `${head} applied on ${applied.join(', ')}${rest ? ` (${rest} not followed or not done)` : ''}.` };
}
