import { parseInstant, parseLabelValues, parseRange, parseScrapeIntervals, PromAnswerError, type Series } from '../../../gitops/core/metrics/prom-result.ts';

/** Why a Prometheus could not answer, in the cluster service's words. */
export type PromFailure = 'unreachable' | 'unauthorized' | 'cancelled' | 'query';

export class PromError extends Error {
  constructor(
    readonly kind: PromFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PromError';
  }

  /** The IPC envelope's error code (the dispatcher reads `code`). */
  get code(): 'cancelled' | 'network' | 'auth-failed' | 'internal' {
    return this.kind === 'cancelled' ? 'cancelled' : this.kind === 'unreachable' ? 'network' : this.kind === 'unauthorized' ? 'auth-failed' : 'internal';
  }
}

/** At most this many queries in flight per Prometheus (its query engine runs 20 by default; leave it room for others). */
export const MAX_IN_FLIGHT = 4;
/** A query that takes longer is abandoned (Prometheus's own default timeout is 2 minutes). */
export const REQUEST_TIMEOUT_MS = 15_000;

/** A counting semaphore: bounded concurrency, waiters served in order, a cancelled waiter leaves the line. */
class Gate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async run<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      await new Promise<void>((resolve, reject) => {
        const go = () => {
          signal?.removeEventListener('abort', stop);
          resolve();
        };
        const stop = () => {
          const i = this.waiting.indexOf(go);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new PromError('cancelled', 'The view closed before the query ran.'));
        };
        if (signal?.aborted) return stop();
        signal?.addEventListener('abort', stop, { once: true });
        this.waiting.push(go);
      });
    }
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  get inFlight(): number {
    return this.running;
  }
}

/**
 * Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`, label values, targets) at one
 * base URL: bounded concurrency, a timeout per request, cancellation through an AbortSignal, and
 * failures sorted into the cluster service's words.
 */
export class PromClient {
  private readonly gate = new Gate(MAX_IN_FLIGHT);
  /** Requests sent (not answered from a cache), for the benchmark and the board's figure. */
  sent = 0;

  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get inFlight(): number {
    return this.gate.inFlight;
  }

  private async get(path: string, params: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return this.gate.run(signal, async () => {
      const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
      this.sent++;
      let res: Response;
      try {
        res = await this.fetchImpl(url, { signal: both, headers: { accept: 'application/json' }, redirect: 'error' });
      } catch (err) {
        if (signal?.aborted) throw new PromError('cancelled', 'The view closed before Prometheus answered.');
        if (timeout.aborted) throw new PromError('unreachable', `Prometheus at ${this.baseUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : err instanceof Error ? `: ${err.message}` : '';
        throw new PromError('unreachable', `Cannot reach Prometheus at ${this.baseUrl}${cause}`);
      }
      if (res.status === 401 || res.status === 403) {
        // Through the API server's service proxy the refusal is the API server's, with its reason in a Status body.
        const why = statusMessage(await res.text().catch(() => ''));
        throw new PromError('unauthorized', why ? `${this.baseUrl} refused Gantry (HTTP ${res.status}): ${why}` : `Prometheus at ${this.baseUrl} refused Gantry (HTTP ${res.status}); it needs credentials Gantry does not send.`);
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        if (signal?.aborted) throw new PromError('cancelled', 'The view closed before Prometheus answered.');
        throw new PromError('unreachable', `${this.baseUrl} answered HTTP ${res.status} with something that is not Prometheus's JSON API.`);
      }
      // 400 and 422 carry the API's error body (a bad query); other statuses mean no Prometheus answered.
      if (!res.ok && res.status !== 400 && res.status !== 422) {
        const why = typeof (body as { message?: unknown })?.message === 'string' ? `: ${(body as { message: string }).message}` : '.';
        throw new PromError('unreachable', `Prometheus at ${this.baseUrl} answered HTTP ${res.status}${why}`);
      }
      return body;
    });
  }

  private wrap<T>(f: () => T): T {
    try {
      return f();
    } catch (err) {
      if (err instanceof PromAnswerError) throw new PromError(err.errorType === 'shape' ? 'unreachable' : 'query', err.message);
      throw err;
    }
  }

  async instant(expr: string, time: number, signal?: AbortSignal): Promise<Series[]> {
    const body = await this.get('/api/v1/query', { query: expr, time: String(time) }, signal);
    return this.wrap(() => parseInstant(body));
  }

  async range(expr: string, start: number, end: number, step: number, signal?: AbortSignal): Promise<Series[]> {
    const body = await this.get('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }, signal);
    return this.wrap(() => parseRange(body));
  }

  async metricNames(signal?: AbortSignal): Promise<string[]> {
    const body = await this.get('/api/v1/label/__name__/values', {}, signal);
    return this.wrap(() => parseLabelValues(body));
  }

  /** The shortest scrape interval of the active targets, undefined when Prometheus does not say. */
  async scrapeInterval(signal?: AbortSignal): Promise<number | undefined> {
    const body = await this.get('/api/v1/targets', { state: 'active' }, signal);
    const all = this.wrap(() => parseScrapeIntervals(body));
    return all.length ? Math.min(...all) : undefined;
  }
}

/** The message of a Kubernetes Status body (what the API server says when it refuses), if the text is one. */
function statusMessage(text: string): string | undefined {
  try {
    const m = (JSON.parse(text) as { kind?: unknown; message?: unknown }).message;
    return typeof m === 'string' && m ? m : undefined;
  } catch {
    return undefined;
  }
}
