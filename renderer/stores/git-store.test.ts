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
const answer = (i: number, value: unknown) => pending.filter((p) => p.channel === 'git:review')[i]!.resolve(value);
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  pending.length = 0;
  useGit.getState().reset();
});

describe('git store: the review shown is the latest asked for', () => {
  it('an older answer arriving after the newer one changes nothing: the newer review stays, not loading', async () => {
    useWorkspace.setState({ revision: 1 });
    const first = useGit.getState().loadReview();
    useWorkspace.setState({ revision: 2 });
    const second = useGit.getState().loadReview();
    answer(1, reviewOf('tenants/new.yaml'));
    await flush();
    expect(useGit.getState().reviewedRevision).toBe(2);
    answer(0, reviewOf('tenants/old.yaml'));
    await flush();
    // The diff of the selected file (git:diff) is asked for too: answer it so both loads end.
    for (const p of pending.filter((x) => x.channel === 'git:diff')) p.resolve({ path: 'tenants/new.yaml', original: '', modified: '' });
    await Promise.all([first, second]);
    const s = useGit.getState();
    expect(s.reviewedRevision).toBe(2);
    expect(s.review?.changes.map((c) => c.path)).toEqual(['tenants/new.yaml']);
    expect(s.message).toBe('Change tenants/new.yaml');
    expect(s.loading).toBe(false);
  });

  it('an older failure arriving last does not replace the newer review with its error', async () => {
    useWorkspace.setState({ revision: 3 });
    const first = useGit.getState().loadReview();
    useWorkspace.setState({ revision: 4 });
    const second = useGit.getState().loadReview();
    answer(1, reviewOf('tenants/a.yaml'));
    await flush();
    pending.filter((p) => p.channel === 'git:review')[0]!.reject(new Error('host gone'));
    for (const p of pending.filter((x) => x.channel === 'git:diff')) p.resolve({ path: 'tenants/a.yaml', original: '', modified: '' });
    await Promise.all([first, second]);
    const s = useGit.getState();
    expect(s.reviewError).toBeUndefined();
    expect(s.reviewedRevision).toBe(4);
    expect(s.review?.changes).toHaveLength(1);
  });
});
