import { call } from '../../ipc/index.ts';
import { useGit } from '../../stores/git-store.ts';
import { firstPages } from './page-prefetch.ts';

/** Rows of the first page: enough for a tall window, so the list paints before the rest is read. */
export const FIRST_PAGE = 100;

/** History's first page, asked for when History opens (see firstPages). In the main bundle, not the view's chunk. */
export const firstPage = firstPages(
  () => call('git:history', { offset: 0, limit: FIRST_PAGE }),
  () => {
    const b = useGit.getState().branch;
    return `${b?.branch}\u0000${b?.ahead}\u0000${b?.behind}`;
  },
);
