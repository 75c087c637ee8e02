import { ObjectStore } from './objects.ts';
import { StatusEngine } from './status.ts';
import { commonDir } from './gitdirs.ts';

/**
 * An open repository: its working tree and git folder, plus the caches the verbs share (object
 * store with pack indexes, status engine, isomorphic-git cache). Get one from openRepository,
 * cloneRepository or initRepository; pass it to every verb.
 */
export class Repository {
  /** @internal */
  readonly objects: ObjectStore;
  /** @internal isomorphic-git's cache object, shared by network calls. */
  readonly igCache: object = {};
  private engine: StatusEngine | undefined;
  /** @internal the watcher attached by watchRepository, if any. */
  watcher: { close(): void } | undefined;

  constructor(
    /** Absolute path of the working tree. */
    readonly dir: string,
    /** Absolute path of the git folder (usually `<dir>/.git`). */
    readonly gitdir: string,
  ) {
    this.objects = new ObjectStore(commonDir(gitdir));
  }

  /** @internal */
  statusEngine(): StatusEngine {
    if (!this.engine) this.engine = new StatusEngine(this);
    return this.engine;
  }

  /** Releases file handles and stops the watcher. */
  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.objects.close();
  }
}
