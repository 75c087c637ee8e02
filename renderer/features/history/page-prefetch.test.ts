import { describe, expect, it } from 'vitest';
import { firstPages, type HistoryPage } from './page-prefetch.ts';

/** A fake git:history whose n-th answer says which request it was (`head` = `h<n>`). */
function setup() {
  let asked = 0;
  let state = 'main|0|0';
  const pages = firstPages(
    () => Promise.resolve<HistoryPage>({ head: `h${++asked}`, rows: [], more: false }),
    () => state,
  );
  return { pages, asked: () => asked, move: (s: string) => (state = s) };
}

describe('firstPages', () => {
  it('gives the page asked for when History opened to the first load, and asks anew after that', async () => {
    const s = setup();
    s.pages.prefetch();
    expect(s.asked()).toBe(1);
    expect((await s.pages.take()).head).toBe('h1');
    expect(s.asked()).toBe(1); // taken, not asked twice
    expect((await s.pages.take()).head).toBe('h2'); // a reload (the branch moved) reads again
  });

  it('does not hand out a page asked for under another branch state, nor one dropped', async () => {
    const s = setup();
    s.pages.prefetch();
    s.move('main|1|0'); // a commit landed while the view's code loaded
    expect((await s.pages.take()).head).toBe('h2');
    s.pages.prefetch();
    s.pages.drop(); // History closed before its view came
    expect((await s.pages.take()).head).toBe('h4');
  });

  it('leaves no unhandled rejection when a page asked for fails and is never taken', async () => {
    const pages = firstPages(() => Promise.reject(new Error('offline')), () => '');
    pages.prefetch();
    pages.drop();
    await new Promise((r) => setTimeout(r, 10));
    pages.prefetch();
    await expect(pages.take()).rejects.toThrow('offline');
  });
});
