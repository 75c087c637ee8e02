// The Changes view's review in the store: when two reviews are asked for (an edit made while the
// first was on its way), only the latest one's answer is shown, whichever arrives first.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Review } from '../../shared/ipc/schemas.ts';

const pending: Array<{ channel: string; resolve: (v: unknown) => void; reject: (e: unknown) => void }> = [];
vi.mock('../ipc/index.ts', () => ({
  call: (channel: string) => new Promise((resolve, reject) => pending.push({ channel, resolve, reject })),
  IpcCallError: class extends Error {},
}));

const { useGit } = await import('./git-store.ts');
const { useWorkspace } = await import('./workspace-store.ts');

/** A review of one changed spec file, as git:review answers. */
const reviewOf = (path: string) => ({ changes: [{ path, status: 'modified' }], rendered: [], suggestedMessage: `Change ${path}` }) as unknown as Review;
const flush = () => new Promise((r) => setTimeout(r, 0));
const reviews = () => pending.filter((p) => p.channel === 'git:review');
/** Answers every git:diff asked for (the selected file's diff follows each review), so the loads end. */
const answerDiffs = (path: string) => pending.filter((x) => x.channel === 'git:diff').forEach((p) => p.resolve({ path, before: '', after: '', change: 'modified' }));

/** A review asked for at revision `a`, then another at `b` (an edit made while the first was on its way), and the newer one answered first. */
async function twoReviews(a: number, b: number, newer: Review): Promise<Promise<void>[]> {
  useWorkspace.setState({ revision: a });
  const first = useGit.getState().loadReview();
  useWorkspace.setState({ revision: b });
  const second = useGit.getState().loadReview();
  reviews()[1]!.resolve(newer);
  await flush();
  return [first, second];
}

beforeEach(() => {
  pending.length = 0;
  useGit.getState().reset();
});

describe('git store: the review shown is the latest asked for', () => {
  it('an older answer arriving after the newer one changes nothing: the newer review stays, not loading', async () => {
    const loads = await twoReviews(1, 2, reviewOf('tenants/new.yaml'));
    expect(useGit.getState().reviewedRevision).toBe(2);
    reviews()[0]!.resolve(reviewOf('tenants/old.yaml'));
    await flush();
    answerDiffs('tenants/new.yaml');
    await Promise.all(loads);
    const s = useGit.getState();
    expect(s.reviewedRevision).toBe(2);
    expect(s.review?.changes.map((c) => c.path)).toEqual(['tenants/new.yaml']);
    expect(s.message).toBe('Change tenants/new.yaml');
    expect(s.loading).toBe(false);
  });

  it('an older failure arriving last does not replace the newer review with its error', async () => {
    const loads = await twoReviews(3, 4, reviewOf('tenants/a.yaml'));
    reviews()[0]!.reject(new Error('host gone'));
    answerDiffs('tenants/a.yaml');
    await Promise.all(loads);
    const s = useGit.getState();
    expect(s.reviewError).toBeUndefined();
    expect(s.reviewedRevision).toBe(4);
    expect(s.review?.changes).toHaveLength(1);
  });
});
