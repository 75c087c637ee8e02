import type { OutputOf } from '../../../shared/ipc/contract.ts';

export type HistoryPage = OutputOf<'git:history'>;

/**
 * The history list's first page, asked for as soon as History is opened, while the view's code
 * (its own chunk) is still loading: the two go in parallel instead of one after the other. The view's
 * first load takes the page asked for; any later load (the branch moved) asks again. A page asked
 * for under another branch state (`key`: branch, ahead, behind, what the view reloads on) is not
 * taken, nor one left over from a History closed before its code arrived (`drop`).
 */
export function firstPages(fetch: () => Promise<HistoryPage>, key: () => string) {
  let pending: { key: string; page: Promise<HistoryPage> } | undefined;
  return {
    /** Asks for the first page now (a page asked for before is dropped). */
    prefetch(): void {
      const page = fetch();
      page.catch(() => undefined); // taken later, or dropped: never an unhandled rejection
      pending = { key: key(), page };
    },
    /** The page asked for, when it was asked for under the branch state of now; else a new request. */
    take(): Promise<HistoryPage> {
      const p = pending;
      pending = undefined;
      return p && p.key === key() ? p.page : fetch();
    },
    drop(): void {
      pending = undefined;
    },
  };
}
