/**
 * Work the host does on its own (timer callbacks, file-watcher callbacks, the rollout follower's
 * polls) has no caller to hand an error to: thrown into the event loop it ends the host, and so
 * does a rejected promise nobody awaits. Such callbacks go through `guarded`, which reports the
 * error (a line on stderr) and carries on.
 */
export type BackgroundErrorSink = (what: string, err: unknown) => void;

const toStderr: BackgroundErrorSink = (what, err) => {
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`gantry host: ${what} failed: ${detail}\n`);
};

let sink: BackgroundErrorSink = toStderr;

/** Reports an error from background work; never throws. */
export function reportBackgroundError(what: string, err: unknown): void {
  try {
    sink(what, err);
  } catch {
    // Reporting must not become the next uncaught error.
  }
}

/** Where reports go (tests listen here); returns a function that restores the previous sink. */
export function onBackgroundError(next: BackgroundErrorSink): () => void {
  const before = sink;
  sink = next;
  return () => {
    sink = before;
  };
}

/** `fn` as a timer or watcher callback: what it throws, or the promise it returns rejects with, is reported. */
export function guarded<A extends unknown[]>(what: string, fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) r.catch((err: unknown) => reportBackgroundError(what, err));
    } catch (err) {
      reportBackgroundError(what, err);
    }
  };
}
