import { Worker } from 'node:worker_threads';
import type { ScanStatRecord } from './scan-stat.ts';

/**
 * lstat of many files on two threads, as git's preload-index does for `git status` (preload-index.c:
 * threads lstat the index entries while the main thread goes on). A status scan of a large
 * repository is mostly lstat calls (24,102 files and 5,538 folders on the benchmark repository);
 * a helper thread takes chunks of the same list, so on two cores each does about half.
 *
 * Work is shared by chunk through an atomic counter, so the main thread never waits for a helper
 * that is slow to start or descheduled: it takes every chunk the helper has not claimed, and waits
 * only for chunks the helper is working on, at most `WAIT_MS` in all, after which it stats them
 * itself. The helper stats only the paths it is given (the scan has already checked that no leading
 * folder is a symbolic link), never follows a final symbolic link (lstat), and reports any error but
 * "not there" back as "do it again on the main thread", where it is thrown as before.
 * `GANTRY_STATUS_THREADS=0` turns it off; `=1` uses it on any repository (tests).
 */

/** Below this many files a helper costs more to start than it saves. */
const MIN_FILES = 6000;

/** Whether a scan of `files` tracked files uses a helper (`GANTRY_STATUS_THREADS=1`: always, for tests). */
export function helperPays(files: number): boolean {
  const env = process.env.GANTRY_STATUS_THREADS;
  return env === '1' || (env !== '0' && files >= MIN_FILES);
}
const CHUNK = 512;
const WAIT_MS = 1000;
const FIELDS = 7; // mode, uid, gid, ino, size, mtimeMs, ctimeMs
const MISSING = -1;
const REDO = -2;

// Plain JavaScript (the helper thread loads no TypeScript): the same binding call and the same
// millisecond arithmetic as scan-stat.ts, so both threads produce identical numbers.
const HELPER_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.once('message', (m) => {
  let lstat;
  if (m.fast) {
    try {
      const b = process.binding('fs');
      lstat = (p) => b.lstat(p, false, undefined, false);
    } catch {}
  }
  const fs = require('node:fs');
  const paths = m.paths.split('\\0');
  const out = new Float64Array(m.out);
  const ctl = new Int32Array(m.ctl);
  const n = paths.length;
  const chunks = Math.ceil(n / m.chunk);
  for (;;) {
    const c = Atomics.add(ctl, 0, 1);
    if (c >= chunks) break;
    const end = Math.min(n, (c + 1) * m.chunk);
    for (let i = c * m.chunk; i < end; i++) {
      const o = i * 7;
      try {
        if (lstat) {
          const a = lstat(paths[i]);
          if (a === undefined) out[o] = -1;
          else {
            out[o] = a[1]; out[o + 1] = a[3]; out[o + 2] = a[4]; out[o + 3] = a[7]; out[o + 4] = a[8];
            out[o + 5] = a[12] * 1e3 + a[13] / 1e6; out[o + 6] = a[14] * 1e3 + a[15] / 1e6;
          }
        } else {
          const s = fs.lstatSync(paths[i], { throwIfNoEntry: false });
          if (s === undefined) out[o] = -1;
          else {
            out[o] = s.mode; out[o + 1] = s.uid; out[o + 2] = s.gid; out[o + 3] = s.ino; out[o + 4] = s.size;
            out[o + 5] = s.mtimeMs; out[o + 6] = s.ctimeMs;
          }
        }
      } catch (e) {
        out[o] = e && e.code === 'ENOTDIR' ? -1 : -2;
      }
    }
    Atomics.store(ctl, 1 + c, 1);
    Atomics.notify(ctl, 1 + c);
  }
});
`;

/** The stat results of `lstatAll`, read one path at a time into a reused record. */
export interface StatResults {
  /** The stat of path `i` (filled into `out`), or undefined when nothing is there. */
  get(i: number, out: ScanStatRecord): ScanStatRecord | undefined;
}

/** A helper thread started ahead of the list it will stat (it boots while the scan walks folders). */
export class StatHelper {
  private worker: Worker | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    // Never keeps the process alive, and a failure of the helper only means the main thread does it all.
    worker.unref();
    worker.on('error', () => this.stop());
  }

  /** A started helper, or undefined where threads are off or cannot start. */
  static start(): StatHelper | undefined {
    if (process.env.GANTRY_STATUS_THREADS === '0' || typeof SharedArrayBuffer === 'undefined') return undefined;
    try {
      return new StatHelper(new Worker(HELPER_SOURCE, { eval: true, execArgv: [], env: {}, stdout: false, stderr: false }));
    } catch {
      return undefined;
    }
  }

  /**
   * lstat of every path in `paths`, shared with the helper; `own` is the main thread's lstat (it
   * throws for errors other than "not there"). Synchronous: the scan that calls it is.
   */
  lstatAll(paths: readonly string[], fast: boolean, own: (p: string) => ScanStatRecord | undefined): StatResults {
    const n = paths.length;
    const chunks = Math.ceil(n / CHUNK);
    const out = new Float64Array(new SharedArrayBuffer(n * FIELDS * 8));
    const ctl = new Int32Array(new SharedArrayBuffer((1 + chunks) * 4));
    const worker = this.worker;
    if (worker) {
      try {
        worker.postMessage({ paths: paths.join('\0'), fast, out: out.buffer, ctl: ctl.buffer, chunk: CHUNK });
      } catch {
        this.stop();
      }
    }
    const mine = new Uint8Array(chunks);
    const put = (i: number, st: ScanStatRecord | undefined) => {
      const o = i * FIELDS;
      if (!st) out[o] = MISSING;
      else {
        out[o] = st.mode;
        out[o + 1] = st.uid;
        out[o + 2] = st.gid;
        out[o + 3] = st.ino;
        out[o + 4] = st.size;
        out[o + 5] = st.mtimeMs;
        out[o + 6] = st.ctimeMs;
      }
    };
    const statChunk = (c: number) => {
      const end = Math.min(n, (c + 1) * CHUNK);
      for (let i = c * CHUNK; i < end; i++) put(i, own(paths[i]!));
    };
    for (;;) {
      const c = Atomics.add(ctl, 0, 1);
      if (c >= chunks) break;
      statChunk(c);
      mine[c] = 1;
    }
    // The helper's chunks: wait for each (bounded in all), or stat it here. A chunk done here after a
    // timeout is done into a copy, since the helper may still be writing the shared one.
    const redone = new Map<number, Float64Array>();
    const deadline = Date.now() + WAIT_MS;
    for (let c = 0; c < chunks; c++) {
      if (mine[c]) continue;
      const left = deadline - Date.now();
      if (Atomics.load(ctl, 1 + c) === 1 || (left > 0 && Atomics.wait(ctl, 1 + c, 0, left) !== 'timed-out')) continue;
      const copy = new Float64Array(CHUNK * FIELDS);
      const end = Math.min(n, (c + 1) * CHUNK);
      for (let i = c * CHUNK; i < end; i++) {
        const st = own(paths[i]!);
        const o = (i - c * CHUNK) * FIELDS;
        if (!st) copy[o] = MISSING;
        else copy.set([st.mode, st.uid, st.gid, st.ino, st.size, st.mtimeMs, st.ctimeMs], o);
      }
      redone.set(c, copy);
    }
    this.stop();
    return {
      get(i: number, rec: ScanStatRecord): ScanStatRecord | undefined {
        const c = Math.floor(i / CHUNK);
        const copy = redone.get(c);
        const src = copy ?? out;
        const o = copy ? (i - c * CHUNK) * FIELDS : i * FIELDS;
        const mode = src[o]!;
        // An error on the helper thread: the main thread's lstat throws it (or finds the file after all).
        if (mode === REDO) return own(paths[i]!);
        if (mode === MISSING) return undefined;
        rec.mode = mode;
        rec.uid = src[o + 1]!;
        rec.gid = src[o + 2]!;
        rec.ino = src[o + 3]!;
        rec.size = src[o + 4]!;
        rec.mtimeMs = src[o + 5]!;
        rec.ctimeMs = src[o + 6]!;
        return rec;
      },
    };
  }

  /** Ends the helper thread (idempotent). */
  stop(): void {
    const w = this.worker;
    this.worker = undefined;
    if (w) void w.terminate().catch(() => undefined);
  }
}
