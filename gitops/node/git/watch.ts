import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Repository } from './repository.ts';

export interface RepositoryWatcher {
  /** Resolves once every folder is watched (status is incremental from then on). */
  ready: Promise<void>;
  /** Whether file events are flowing (false when the system refused watches; status then scans). */
  readonly active: boolean;
  close(): void;
}

export interface WatchOptions {
  /**
   * Called (coalesced) with repository-relative paths that changed on disk, including changes by
   * other programs; `.git/HEAD`, `.git/index` and refs appear as `.git/...` paths.
   */
  onChange?: (paths: string[]) => void;
  /** Coalescing window for onChange (default 100 ms). */
  debounceMs?: number;
  /**
   * Told what a watcher or timer callback threw (onChange included): those run on the event loop,
   * where an error would end the process. Default: a line on stderr.
   */
  onError?: (err: unknown) => void;
}

/**
 * Watches the working tree so status re-checks only changed paths (the warm cache) and the app
 * learns about edits by other programs. Uses one recursive fs.watch where the platform has it
 * natively (macOS, Windows) and one watcher per folder on Linux (Node's recursive mode there walks
 * the tree synchronously). When the system refuses more watches, the watcher turns itself off and
 * status falls back to full scans: slower, never wrong.
 */
export function watchRepository(repo: Repository, opts: WatchOptions = {}): RepositoryWatcher {
  repo.watcher?.close();
  const engine = repo.statusEngine();
  const root = repo.dir;
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let active = true;
  const report = (err: unknown) => {
    try {
      if (opts.onError) opts.onError(err);
      else process.stderr.write(`gantry: watching ${root} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    } catch {
      // Reporting must not throw into the event loop either.
    }
  };
  /** `fn` for the event loop: what it throws is reported. */
  const safely =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (err) {
        report(err);
      }
    };

  const notify = (rel: string) => {
    if (!opts.onChange) return;
    pending.add(rel);
    if (!timer) {
      timer = setTimeout(
        safely(() => {
          timer = undefined;
          const list = [...pending].sort();
          pending.clear();
          if (!closed) opts.onChange?.(list);
        }),
        opts.debounceMs ?? 100,
      );
    }
  };

  const giveUp = () => {
    if (!active) return;
    active = false;
    engine.watching = false;
    engine.onDir = undefined;
    engine.onGone = undefined;
    for (const w of watchers.values()) w.close();
    watchers.clear();
  };

  const onEvent = (dir: string, filename: string | Buffer | null) => {
    if (closed) return;
    if (filename === null) {
      engine.markDirty(dir || undefined);
      notify(dir || '.');
      return;
    }
    // Only Windows reports `\` as a separator; elsewhere it is part of a file name.
    const raw = filename.toString();
    const name = process.platform === 'win32' ? raw.replace(/\\/g, '/') : raw;
    const rel = dir ? `${dir}/${name}` : name;
    if (rel === '.git' || rel.startsWith('.git/')) return;
    engine.markDirty(rel);
    notify(rel);
  };

  const watchDir = (dir: string) => {
    if (!active || closed || watchers.has(dir)) return;
    try {
      const w = fs.watch(dir ? path.join(root, dir) : root, { persistent: false }, safely((_ev, f) => onEvent(dir, f)));
      w.on('error', () => {
        w.close();
        watchers.delete(dir);
        engine.markDirty(dir || undefined);
      });
      watchers.set(dir, w);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE') giveUp();
      // ENOENT: the folder went away meanwhile; its parent's event covers it.
    }
  };

  let gitWatcher: FSWatcher | undefined;
  try {
    gitWatcher = fs.watch(
      repo.gitdir,
      { persistent: false },
      safely((_ev, f) => {
        const name = f?.toString() ?? '';
        if (name === 'HEAD' || name === 'index' || name === 'packed-refs' || name === 'FETCH_HEAD') notify(`.git/${name}`);
      }),
    );
    gitWatcher.on('error', () => gitWatcher?.close());
  } catch {
    gitWatcher = undefined;
  }

  const native = process.platform === 'darwin' || process.platform === 'win32';
  let ready: Promise<void>;
  if (native) {
    try {
      const w = fs.watch(root, { recursive: true, persistent: false }, safely((_ev, f) => onEvent('', f)));
      w.on('error', () => engine.markDirty(undefined));
      watchers.set('', w);
    } catch {
      giveUp();
    }
    engine.watching = active;
    engine.markDirty(undefined);
    ready = Promise.resolve();
  } else {
    // The first full scan adds a watcher for each folder before listing it, so nothing created
    // during the scan is missed; later scans add watchers for new folders the same way.
    engine.onDir = watchDir;
    engine.onGone = (rel) => {
      for (const [dir, w] of watchers) {
        if (dir === rel || dir.startsWith(`${rel}/`)) {
          w.close();
          watchers.delete(dir);
        }
      }
    };
    engine.watching = true;
    engine.markDirty(undefined);
    ready = new Promise((resolve) => {
      setImmediate(() => {
        try {
          if (!closed) engine.status();
        } catch {
          // A broken repository state shows up on the next status call.
        }
        resolve();
      });
    });
  }

  const handle: RepositoryWatcher = {
    ready,
    get active() {
      return active && !closed;
    },
    close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers.values()) w.close();
      watchers.clear();
      gitWatcher?.close();
      engine.watching = false;
      engine.onDir = undefined;
      engine.onGone = undefined;
      engine.markDirty(undefined);
      if (repo.watcher === handle) repo.watcher = undefined;
    },
  };
  repo.watcher = handle;
  return handle;
}
