import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes a file so that a crash leaves either the old or the new content, never a mix:
 * a temp file beside it, fsync, rename over the target, fsync of the folder. `durable: false`
 * skips the fsyncs (still atomic against other processes) for regenerable bulk output like rendered/.
 */
export function writeFileAtomic(file: string, content: string | Uint8Array, opts: { durable?: boolean } = {}): void {
  const durable = opts.durable ?? true;
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    if (durable) fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  try {
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  if (durable) fsyncDir(dir);
}

/** `.<name>.<pid>.<base-36 time>.tmp`: the temp file writeFileAtomic leaves behind when a crash cuts it short. */
const TEMP_NAME = /^\.(.+)\.(\d+)\.([0-9a-z]+)\.tmp$/;

/**
 * Removes the temp files of atomic writes that a crash left in `dir` (not its subfolders): those
 * whose writer process is gone, or that are older than ten minutes. Only names of exactly that
 * shape are touched. Returns the names removed.
 */
export function sweepTempFiles(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    const started = parseInt(m[3]!, 36);
    const stale = now - started > 10 * 60_000 || !processAlive(pid);
    const abs = path.join(dir, name);
    if (!stale || !lstatSync(abs, { throwIfNoEntry: false })?.isFile()) continue;
    rmSync(abs, { force: true });
    removed.push(name);
  }
  return removed;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (and Windows) do not allow fsync on a directory; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
