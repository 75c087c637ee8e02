import { useEffect, useRef, useState } from 'react';
import type { InvokeChannel } from '../../../shared/ipc/channel-names.ts';
import type { InputOf, OutputOf } from '../../../shared/ipc/contract.ts';
import { call, IpcCallError } from '../../ipc/index.ts';

/** Refresh every 15 s while live. */
export const LIVE_MS = 15_000;

let views = 0;
/** A fresh id per mounted view: the host cancels its calls when it asks again or closes. */
export function useViewId(name: string): string {
  const ref = useRef<string | undefined>(undefined);
  ref.current ??= `${name}-${++views}-${Math.random().toString(36).slice(2, 8)}`;
  const id = ref.current;
  useEffect(() => () => void call('metrics:close', { viewId: id }).catch(() => undefined), [id]);
  return id;
}

/**
 * Calls a metrics channel, again every LIVE_MS while `live`, and whenever `key` changes. A newer
 * answer replaces an older one; a cancelled call (the view asked again) is no error.
 */
export function useMetrics<C extends InvokeChannel>(channel: C, input: InputOf<C>, key: string, live: boolean): { data: OutputOf<C> | undefined; error: string | undefined; loading: boolean } {
  const [data, setData] = useState<OutputOf<C> | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const inputRef = useRef(input);
  inputRef.current = input;
  useEffect(() => {
    let alive = true;
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      setLoading(true);
      call(channel, inputRef.current).then(
        (r) => {
          if (!alive || mine !== seq) return;
          setData(r);
          setError(undefined);
          setLoading(false);
        },
        (err: unknown) => {
          if (!alive || mine !== seq) return;
          if (err instanceof IpcCallError && err.code === 'cancelled') return;
          setError(err instanceof Error ? err.message : String(err));
          setLoading(false);
        },
      );
    };
    load();
    const timer = live ? setInterval(load, LIVE_MS) : undefined;
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [channel, key, live]);
  return { data, error, loading };
}
