import { existsSync, readFileSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { Validator } from '../../gitops/core/validate/validator.ts';
import type { WorkspaceModel } from '../../gitops/core/model/workspace-model.ts';
import { ModelRender } from '../../gitops/core/render/model-render.ts';
import { sweepTempFiles, writeFileAtomic } from '../../gitops/node/atomic-write.ts';
import { resolveInside } from '../../gitops/node/path-safety.ts';
import { changedOnDisk } from '../../gitops/node/guarded-write.ts';
import { readSpecFile, WorkspaceOpenError } from '../../gitops/node/read-workspace.ts';
import { loadWorkspace } from '../../gitops/node/workspace-io.ts';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { KIND_FOLDERS, kindOfPath, SPEC_KINDS, WORKSPACE_FILE } from '../../shared/kinds.ts';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { Delta, Snapshot } from '../../shared/ipc/schemas.ts';
import { guarded } from './background.ts';
import type { DraftStore } from './draft-store.ts';
import type { EventBus } from './event-bus.ts';
import { allRows, rowNeighbours, rowsFor } from './rows.ts';

/** An open workspace: its files on disk, the model (with unsaved editor text as drafts) and the validator. */
interface Open {
  root: string;
  validator: Validator;
  model: WorkspaceModel;
  /** Content of each spec file as last read from or written to disk, to tell our writes from external ones. */
  disk: Map<string, string>;
  /** Files whose model content is unsaved editor text. */
  drafts: Set<string>;
  watchers: Map<string, FSWatcher>;
  pending: Set<string>;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The render of `model`, kept in step with it (made on first use). */
  render?: ModelRender;
  /** The render ahead of a Git workspace, done. */
  renderedAhead?: Promise<void>;
}

/**
 * The host side of `workspace:*` and `plan:apply`: opens a folder, keeps one incremental Validator
 * over it, writes spec files atomically, and reports every change as a delta of rows and findings.
 */
export class WorkspaceService {
  private open: Open | undefined;
  private revision = 0;

  /** `drafts`: where unsaved editor text is kept so it survives a reload, a switch and a crash. */
  constructor(
    private readonly events: EventBus,
    private readonly store?: DraftStore,
  ) {}

  get root(): string | undefined {
    return this.open?.root;
  }

  /** The validator of the open workspace (the git service reads its error count before a commit). */
  current(): Open {
    if (!this.open) throw new HostError('no-workspace', 'No workspace is open; open a folder, clone a repository or create the example first.');
    return this.open;
  }

  openDir(dir: string): Snapshot {
    let loaded;
    try {
      loaded = loadWorkspace(dir);
    } catch (err) {
      if (err instanceof WorkspaceOpenError) throw new HostError(err.reason === 'not-a-workspace' ? 'not-a-workspace' : 'not-found', err.message);
      throw err;
    }
    this.close();
    const { root, model } = loaded;
    // A crash during a save can leave `.name.<pid>.<time>.tmp` beside the spec; clear it on open.
    for (const folder of ['', ...SPEC_KINDS.map((k) => KIND_FOLDERS[k])]) sweepTempFiles(path.join(root, folder));
    const disk = new Map<string, string>();
    for (const pf of model.files.values()) if (pf.text !== undefined) disk.set(pf.file, pf.text);
    this.open = { root, model, validator: new Validator(model), disk, drafts: new Set(), watchers: new Map(), pending: new Set(), timer: undefined };
    this.watch(this.open);
    if (existsSync(path.join(root, '.git'))) this.renderAhead(this.open);
    this.revision++;
    return this.snapshot();
  }

  /**
   * Renders a Git workspace ahead, a slice at a time between requests, so that the first review or
   * commit after an edit renders only what the edit touches (the large example's full render is
   * about a second of CPU). Stops when the workspace is closed or switched.
   */
  private renderAhead(o: Open): void {
    const render = (o.render ??= new ModelRender(o.model));
    const pause = this.pauseWhileOpen();
    o.renderedAhead = new Promise<void>((resolve) => setImmediate(() => (this.open === o ? render.warm(pause) : Promise.resolve()).then(resolve, resolve)));
  }

  /**
   * A pause between slices of background work on the open workspace (a render or drift's parse
   * ahead): one turn of the event loop, rejecting once that workspace is closed or another opened.
   */
  pauseWhileOpen(): () => Promise<void> {
    const o = this.open;
    return () => new Promise<void>((resolve, reject) => setImmediate(() => (o && this.open === o ? resolve() : reject(new Error('closed')))));
  }

  /** Resolves when the open workspace's render ahead (renderAhead) is done; undefined when none was started. */
  renderedAhead(): Promise<void> | undefined {
    return this.open?.renderedAhead;
  }

  createExample(dir: string, example: 'small' | 'large'): Snapshot {
    const abs = path.resolve(dir);
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory()) throw new HostError('write-failed', `${dir} exists and is not a folder.`);
      if (readdirSync(abs).some((e) => e !== '.git')) throw new HostError('write-failed', `${dir} is not empty; pick a new or empty folder for the example.`);
    }
    writeExample(abs, example);
    return this.openDir(abs);
  }

  close(): void {
    const o = this.open;
    if (!o) return;
    for (const w of o.watchers.values()) w.close();
    o.watchers.clear();
    if (o.timer) clearTimeout(o.timer);
    this.open = undefined;
  }

  snapshot(): Snapshot {
    const o = this.current();
    const ws = o.model.files.get(WORKSPACE_FILE);
    return {
      root: o.root,
      name: ws?.name && ws.name !== 'gantry' ? ws.name : path.basename(o.root),
      revision: this.revision,
      thresholds: o.model.config.thresholds,
      isGitRepo: existsSync(path.join(o.root, '.git')),
      rows: allRows(o.model),
      findings: o.validator.findings(),
      files: [...o.model.files.keys()].sort(),
    };
  }

  readFile(file: string): { file: string; content: string } {
    const o = this.current();
    assertSpecFile(file);
    const content = readSpecFile(o.root, file);
    if (typeof content === 'object' && !(content instanceof Uint8Array)) {
      throw new HostError('not-found', `${file} ${'tooLarge' in content ? 'is over the 1 MiB limit for a spec file' : content.unreadable}`);
    }
    const text = typeof content === 'string' ? content : new TextDecoder().decode(content);
    return { file, content: text };
  }

  /** Validates unsaved text of `file` as if it were saved. */
  validateDraft(file: string, content: string): Delta {
    const o = this.current();
    assertSpecFile(file);
    const before = new Set(o.model.files.keys());
    const touched = o.validator.update(file, content);
    if (o.disk.get(file) === content) {
      o.drafts.delete(file);
      this.store?.drop(o.root, file);
    } else {
      o.drafts.add(file);
      this.store?.put(o.root, file, content, o.disk.get(file) ?? null);
    }
    return this.delta(o, [file, ...touched], before);
  }

  /**
   * Saves `file`; refuses when the disk no longer holds `expected`, the text the editor loaded
   * (another program changed or deleted it). Without `expected` (the person chose to keep their
   * version) it writes regardless.
   */
  writeFile(file: string, content: string, expected?: string): Delta {
    const o = this.current();
    assertSpecFile(file);
    if (expected !== undefined) {
      const change = changedOnDisk(resolveInside(o.root, file), expected);
      if (change) {
        throw new HostError('external-change', `${file} was ${change} on disk since it was opened; reload it, or keep your version by saving again.`);
      }
    }
    return this.writeFiles([{ path: file, content }], 'write');
  }

  /** Writes several spec files (a reviewed plan), each atomically. */
  writeFiles(files: ReadonlyArray<{ path: string; content: string }>, reason: 'write' | 'plan' = 'plan'): Delta {
    const o = this.current();
    for (const f of files) assertSpecFile(f.path);
    const before = new Set(o.model.files.keys());
    const touched: string[] = [];
    for (const f of files) {
      try {
        writeFileAtomic(resolveInside(o.root, f.path), f.content);
      } catch (err) {
        throw new HostError('write-failed', `${f.path} could not be written: ${err instanceof Error ? err.message : String(err)}`);
      }
      o.disk.set(f.path, f.content);
      o.drafts.delete(f.path);
      this.store?.drop(o.root, f.path);
      touched.push(f.path, ...o.validator.update(f.path, f.content));
    }
    const delta = this.delta(o, touched, before);
    if (reason === 'plan') this.events.emit('workspace:onDidChange', { reason: 'write', files: files.map((f) => f.path), delta });
    return delta;
  }

  /**
   * The render of the open model (unsaved editor text included), brought up to date incrementally:
   * after one edit only what it touches is rendered again. Review, commit and drain use it.
   */
  renderOf(): ModelRender {
    const o = this.current();
    return (o.render ??= new ModelRender(o.model));
  }

  /** The text the model holds for `file` (draft or disk), for plan previews to restore. */
  modelText(file: string): string | undefined {
    return this.open?.model.files.get(file)?.text;
  }

  /** Number of errors in the files as saved (drafts count as they are). */
  errorCount(): number {
    return this.current().validator.report().counts.errors;
  }

  /** Files with unsaved editor text. */
  drafts(): string[] {
    return [...(this.open?.drafts ?? [])];
  }

  /**
   * The unsaved editor text kept for this workspace, with what the disk holds now: a draft whose
   * `base` differs from `disk` was made over a file that changed since (compare, keep mine, take theirs).
   */
  storedDrafts(): Array<{ file: string; text: string; base: string | null; disk: string | null; at: string }> {
    const o = this.current();
    if (!this.store) return [];
    const items = [];
    for (const [file, d] of Object.entries(this.store.list(o.root))) {
      if (!kindOfPath(file)) continue;
      // A file deleted since has no disk text; its draft is still offered.
      let disk: string | null;
      try {
        disk = this.readFile(file).content;
      } catch {
        disk = null;
      }
      if (disk === d.text) {
        this.store.drop(o.root, file);
        continue;
      }
      items.push({ file, text: d.text, base: d.base, disk, at: d.at });
    }
    return items.sort((a, b) => (a.file < b.file ? -1 : 1));
  }

  private delta(o: Open, touched: Iterable<string>, before: ReadonlySet<string>): Delta {
    this.revision++;
    const files = rowNeighbours(o.model, touched);
    const now = new Set(o.model.files.keys());
    const added = [...now].some((f) => !before.has(f));
    const removed = [...before].some((f) => !now.has(f));
    const findings = [];
    for (const f of files) findings.push(...o.validator.findingsOf(f));
    return {
      revision: this.revision,
      files: [...files].sort(),
      rows: rowsFor(o.model, files),
      findings,
      thresholds: o.model.config.thresholds,
      ...(added || removed ? { specFiles: [...now].sort() } : {}),
    };
  }

  /**
   * Follows external edits (another editor, `git pull`, the CLI) so findings stay true. Watches
   * only the root and the spec folders, one watcher per folder: rendered/ and .git can hold tens
   * of thousands of files that never matter here.
   */
  private watch(o: Open): void {
    // Watcher and timer callbacks run on the event loop: an error there is reported, not thrown.
    const onEvent = (dir: string) => guarded(`watching ${dir || 'the workspace folder'}`, (_event: string, name: string | Buffer | null) => {
      if (!name) return;
      const rel = dir ? `${dir}/${String(name)}` : String(name);
      if (!kindOfPath(rel)) {
        // A new subfolder of a spec folder gets its own watcher.
        if (dir && !rel.endsWith('.yaml')) this.watchDir(o, rel, onEvent);
        return;
      }
      o.pending.add(rel);
      if (o.timer) clearTimeout(o.timer);
      o.timer = setTimeout(guarded('reading external changes', () => this.flushExternal(o)), 80);
    });
    this.watchDir(o, '', onEvent);
    for (const kind of SPEC_KINDS) this.watchTree(o, KIND_FOLDERS[kind], onEvent);
  }

  private watchTree(o: Open, rel: string, onEvent: (dir: string) => (e: string, n: string | Buffer | null) => void): void {
    if (!this.watchDir(o, rel, onEvent)) return;
    let entries;
    try {
      entries = readdirSync(path.join(o.root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) this.watchTree(o, `${rel}/${e.name}`, onEvent);
  }

  private watchDir(o: Open, rel: string, onEvent: (dir: string) => (e: string, n: string | Buffer | null) => void): boolean {
    if (o.watchers.has(rel)) return true;
    try {
      const w = watch(path.join(o.root, rel), onEvent(rel));
      w.on('error', () => {
        w.close();
        o.watchers.delete(rel);
      });
      o.watchers.set(rel, w);
      return true;
    } catch {
      return false;
    }
  }

  private flushExternal(o: Open): void {
    if (this.open !== o) return;
    o.timer = undefined;
    const changed: string[] = [];
    const before = new Set(o.model.files.keys());
    const touched: string[] = [];
    for (const rel of o.pending) {
      const text = readText(o.root, rel);
      if (text === o.disk.get(rel)) continue;
      changed.push(rel);
      if (text === undefined) {
        o.disk.delete(rel);
        if (!o.drafts.has(rel)) touched.push(rel, ...o.validator.remove(rel));
      } else {
        o.disk.set(rel, text);
        // An unsaved draft stays what the model validates; the editor shows the conflict.
        if (!o.drafts.has(rel)) touched.push(rel, ...o.validator.update(rel, text));
      }
    }
    o.pending.clear();
    if (!changed.length) return;
    const delta = touched.length ? this.delta(o, touched, before) : undefined;
    this.events.emit('workspace:onDidChange', { reason: 'external', files: changed, ...(delta ? { delta } : {}) });
  }

  /**
   * Takes in spec files another writer just changed (a pull), now rather than when the watcher
   * reports them; the watcher's later events then find nothing new.
   */
  syncFromDisk(files: readonly string[]): void {
    const o = this.open;
    if (!o) return;
    for (const f of files) if (kindOfPath(f)) o.pending.add(f);
    if (o.timer) clearTimeout(o.timer);
    this.flushExternal(o);
  }

  /** Re-reads every spec file after the repository changed under us (pull, checkout). */
  reloadFromDisk(): Snapshot {
    const o = this.current();
    return this.openDir(o.root);
  }
}

function assertSpecFile(file: string): void {
  if (!kindOfPath(file)) throw new HostError('invalid-input', `${file} is not a spec file (gantry.yaml or a .yaml file in tenants/, shards/, pools/, clusters/ or routing/).`);
}

function readText(root: string, rel: string): string | undefined {
  try {
    return readFileSync(path.join(root, rel), 'utf8');
  } catch {
    return undefined;
  }
}
