import { lstatSync, type Stats } from 'node:fs';

/**
 * lstat for status scans, which stat every tracked file and every folder (30,000 calls on the
 * benchmark repository).
 *
 * Node's public `lstatSync` wraps its fs binding and then builds a `Stats` object with four `Date`
 * objects per call. In a fresh process, before the JIT has warmed up, that wrapping costs as much
 * as the system call itself: on the benchmark repository's 5,538 folders, 24-29 ms through
 * `lstatSync` against 13-14 ms through the binding (measured in fresh processes; the effect on a
 * whole status is in README.md, Benchmarks). A scan needs only a few numbers, so `ScanStat` reads them from the same binding `lstatSync` calls, into one
 * reused record.
 *
 * The binding is internal to Node. It is used only after a self-check on a real path agrees with
 * `lstatSync` field by field and a missing path gives `undefined` as `lstatSync` does; anything
 * else (no `process.binding`, another signature, other values, a throw) makes this module use
 * `lstatSync` for the rest of the process. `GANTRY_PORTABLE_STAT=1` forces `lstatSync`. Both
 * paths are tested.
 */

/** The stat numbers a status scan compares; `lstat` overwrites the same record on every call. */
export interface ScanStatRecord {
  mode: number;
  uid: number;
  gid: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

const S_IFMT = 0o170000;
export const isDirMode = (mode: number) => (mode & S_IFMT) === 0o040000;
export const isFileMode = (mode: number) => (mode & S_IFMT) === 0o100000;
export const isLinkMode = (mode: number) => (mode & S_IFMT) === 0o120000;

type BindingLstat = (path: string, bigint: boolean, req: undefined, throwIfNoEntry: boolean) => Float64Array | undefined;

/** Node's stat array: dev, mode, nlink, uid, gid, rdev, blksize, ino, size, blocks, then sec/nsec pairs for atime, mtime, ctime, birthtime. */
const F = { mode: 1, uid: 3, gid: 4, ino: 7, size: 8, mtimeSec: 12, mtimeNsec: 13, ctimeSec: 14, ctimeNsec: 15 } as const;

let chosen: BindingLstat | null | undefined;

function bindingLstat(): BindingLstat | undefined {
  try {
    const binding = (process as unknown as { binding?: (name: string) => { lstat?: unknown } }).binding?.('fs');
    return typeof binding?.lstat === 'function' ? (binding.lstat as BindingLstat) : undefined;
  } catch {
    return undefined;
  }
}

function fromStats(st: Stats, out: ScanStatRecord): ScanStatRecord {
  out.mode = st.mode;
  out.uid = st.uid;
  out.gid = st.gid;
  out.ino = st.ino;
  out.size = st.size;
  out.mtimeMs = st.mtimeMs;
  out.ctimeMs = st.ctimeMs;
  return out;
}

function fromArray(a: Float64Array, out: ScanStatRecord): ScanStatRecord {
  out.mode = a[F.mode]!;
  out.uid = a[F.uid]!;
  out.gid = a[F.gid]!;
  out.ino = a[F.ino]!;
  out.size = a[F.size]!;
  // As Node computes Stats#mtimeMs, so values compare equal whichever path produced them.
  out.mtimeMs = a[F.mtimeSec]! * 1e3 + a[F.mtimeNsec]! / 1e6;
  out.ctimeMs = a[F.ctimeSec]! * 1e3 + a[F.ctimeNsec]! / 1e6;
  return out;
}

/** Whether the binding answers like lstatSync for `existing` and for a path that does not exist. */
function agrees(fn: BindingLstat, existing: string): boolean {
  try {
    const ref = lstatSync(existing, { throwIfNoEntry: false });
    const raw = fn(existing, false, undefined, false);
    if (!ref || !(raw instanceof Float64Array) || raw.length < 16) return false;
    const got = fromArray(raw, blank());
    const want = fromStats(ref, blank());
    if ((Object.keys(want) as Array<keyof ScanStatRecord>).some((k) => got[k] !== want[k])) return false;
    return fn(`${existing}/\u0001gantry-missing`, false, undefined, false) === undefined;
  } catch {
    return false;
  }
}

const blank = (): ScanStatRecord => ({ mode: 0, uid: 0, gid: 0, ino: 0, size: 0, mtimeMs: 0, ctimeMs: 0 });

/** One scan's lstat: `lstat(path)` fills and returns the shared record, or undefined when the path does not exist. */
export class ScanStat {
  private readonly rec = blank();
  private readonly fn: BindingLstat | null;

  /** `probe`: an existing path to self-check the fast path on (the repository root). */
  constructor(probe: string, options: { fast?: boolean } = {}) {
    if (options.fast === false || process.env.GANTRY_PORTABLE_STAT === '1') this.fn = null;
    else {
      if (chosen === undefined) {
        const fn = bindingLstat();
        chosen = fn && agrees(fn, probe) ? fn : null;
      }
      this.fn = chosen;
    }
  }

  /** Whether the binding is in use (false: lstatSync). */
  get fast(): boolean {
    return this.fn !== null;
  }

  /** Undefined when nothing is there, including below a path that is now a file (ENOTDIR), as git treats it. */
  lstat(path: string): ScanStatRecord | undefined {
    try {
      if (this.fn) {
        const a = this.fn(path, false, undefined, false);
        return a === undefined ? undefined : fromArray(a, this.rec);
      }
      const st = lstatSync(path, { throwIfNoEntry: false });
      return st === undefined ? undefined : fromStats(st, this.rec);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw err;
    }
  }
}
