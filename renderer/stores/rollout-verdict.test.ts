import { describe, expect, it } from 'vitest';
import type { RolloutClusterDto, RolloutDto } from '../../shared/ipc/schemas.ts';
import { rolloutVerdict } from './rollout-verdict.ts';

const rollout = (...clusters: Array<[string, RolloutClusterDto['phase']]>): RolloutDto => ({
  commit: 'abcdef0123456789abcdef0123456789abcdef01',
  subject: 'hooli: premium plan',
  startedAt: '2026-11-23T02:00:00Z',
  following: false,
  clusters: clusters.map(([cluster, phase]) => ({ cluster, gitops: 'flux', phase })),
});

describe('rolloutVerdict', () => {
  it('says where the commit landed, and where it failed first', () => {
    expect(rolloutVerdict(rollout(['weu', 'applied'], ['eus', 'applied']))).toEqual({ kind: 'success', text: 'Rollout of abcdef0: applied on weu, eus.' });
    expect(rolloutVerdict(rollout(['weu', 'applied'], ['eus', 'not-connected']))).toEqual({ kind: 'info', text: 'Rollout of abcdef0: applied on weu (1 not followed or not done).' });
    expect(rolloutVerdict(rollout(['weu', 'applied'], ['eus', 'failed']))).toEqual({ kind: 'error', text: 'Rollout of abcdef0: failed on eus; applied on weu.' });
    expect(rolloutVerdict(rollout(['weu', 'unreachable'], ['eus', 'not-connected']))).toBeUndefined();
  });
});
