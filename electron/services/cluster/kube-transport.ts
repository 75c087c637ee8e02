import http from 'node:http';
import https from 'node:https';

/** The API answered with an HTTP error; `message` is the Status message in the API's own words. */
export class KubeHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
  }
}

/** How to reach one cluster as one user: the server URL, a TLS agent and the auth headers. */
export interface KubeAuth {
  server: string;
  agent: http.Agent;
  headers: Record<string, string>;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Plain requests to a Kubernetes API through the TLS agent and headers client-node's KubeConfig
 * builds (applyToHTTPSOptions), with the body kept as JSON: lists of 50,000 pods are not run
 * through client-node's model classes. Every request is bounded (timeout or abort signal).
 */
export class KubeTransport {
  constructor(private readonly auth: () => Promise<KubeAuth>) {}

  async json<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
    return parseJson<T>(await this.text(path, opts), path);
  }

  /** The body of a successful answer as text, unparsed (a list page whose head is read before the rest); an HTTP error throws. */
  async text(path: string, opts: RequestOptions = {}): Promise<string> {
    const res = await this.open(path, opts);
    const text = await readAll(res, opts);
    if (res.statusCode !== 200 && res.statusCode !== 201) throw statusError(res.statusCode ?? 0, text);
    return text;
  }

  /**
   * A watch: calls `onLine` with every JSON line of the response as it arrives; resolves when the
   * server ends the stream, rejects on an HTTP error or a broken connection. `onOpen` runs once the
   * response headers arrived.
   */
  async stream(path: string, onLine: (obj: unknown) => void, signal: AbortSignal, onOpen?: () => void): Promise<void> {
    const res = await this.open(path, { signal });
    if (res.statusCode !== 200) throw statusError(res.statusCode ?? 0, await readAll(res, { signal, timeoutMs: 10_000 }));
    onOpen?.();
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      res.setEncoding('utf8');
      const abort = () => {
        res.destroy();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (!line) continue;
          let obj: unknown;
          try {
            obj = JSON.parse(line);
          } catch {
            continue;
          }
          onLine(obj);
        }
      });
      res.on('end', () => {
        signal.removeEventListener('abort', abort);
        resolve();
      });
      res.on('error', (err) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      });
      res.on('aborted', () => reject(new Error('the API closed the watch connection')));
    });
  }

  private async open(path: string, opts: RequestOptions): Promise<http.IncomingMessage> {
    const auth = await this.auth();
    const url = new URL(auth.server.replace(/\/+$/, '') + path);
    const mod = url.protocol === 'http:' ? http : https;
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    return await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = mod.request(url, {
        method: opts.method ?? 'GET',
        agent: auth.agent,
        headers: { ...auth.headers, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      });
      let timer: NodeJS.Timeout | undefined;
      const fail = (err: Error) => {
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      if (opts.timeoutMs) {
        timer = setTimeout(() => fail(new Error(`no answer from ${url.host} within ${opts.timeoutMs! / 1000} s`)), opts.timeoutMs);
        timer.unref?.();
      }
      const onAbort = () => fail(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      req.on('response', (res) => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve(res);
      });
      req.on('error', (err) => {
        opts.signal?.removeEventListener('abort', onAbort);
        fail(err);
      });
      req.end(body);
    });
  }
}

function readAll(res: http.IncomingMessage, opts: RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      res.destroy();
      reject(opts.signal?.reason instanceof Error ? opts.signal.reason : new Error('aborted'));
    };
    if (opts.timeoutMs) {
      timer = setTimeout(() => {
        res.destroy();
        reject(new Error(`the API did not finish its answer within ${opts.timeoutMs! / 1000} s`));
      }, opts.timeoutMs);
      timer.unref?.();
    }
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** `text` as JSON; an answer that is not JSON is a clear error naming the request. */
export function parseJson<T = unknown>(text: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new KubeHttpError(200, `The API answered ${path} with something that is not JSON.`);
  }
}

function statusError(code: number, text: string): KubeHttpError {
  let message = '';
  let reason: string | undefined;
  try {
    const s = JSON.parse(text) as { message?: unknown; reason?: unknown };
    if (typeof s.message === 'string') message = s.message;
    if (typeof s.reason === 'string') reason = s.reason;
  } catch {
    message = text.trim().slice(0, 300);
  }
  return new KubeHttpError(code, message || `HTTP ${code} ${http.STATUS_CODES[code] ?? ''}`.trim(), reason);
}
