import { useEffect, useState } from 'react';
import type { ExecRequestDto } from '../../../shared/ipc/cluster-schemas.ts';
import { allowConsent, refreshConsent, useLive } from './live-store.ts';

/** Asks the person to allow an exec credential plugin, showing exactly what would run. Nothing runs before Allow. */
export function ConsentPrompt() {
  const pending = useLive((s) => s.pending);
  const clusters = useLive((s) => s.clusters);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => void refreshConsent(), []);
  if (!pending.length) return null;
  const clusterOf = (r: ExecRequestDto) => Object.values(clusters).find((c) => c.context === r.context && (!c.kubeconfig || c.kubeconfig === r.kubeconfig))?.cluster;
  return (
    <div className="consent-list">
      {pending.map((r) => {
        const cluster = clusterOf(r);
        return (
          <section className="consent" key={`${r.kubeconfig}\n${r.context}`} role="alertdialog" aria-label={`Allow a credential plugin for ${r.context}`} data-testid={`consent-${r.context}`}>
            <b>{cluster ?? r.context} asks to run a credential plugin</b>
            <div className="live-dim">Context <span className="mono">{r.context}</span> of <span className="mono">{r.kubeconfig}</span> gets its token by running, without a shell:</div>
            <pre className="mono" data-testid="consent-command">{[r.command, ...r.args].map((a) => (/[\s"'\\]/.test(a) || a === '' ? JSON.stringify(a) : a)).join(' ')}</pre>
            {r.env.length > 0 && <div className="live-dim">with environment {r.env.map((e) => <span key={e.name} className="mono">{e.name}={e.value} </span>)}</div>}
            <div className="live-dim">Allowed once, it runs for this context of this file until you revoke it; a changed command asks again.</div>
            {error && <div className="conn-reason">{error}</div>}
            <div>
              <button
                className="btn small primary"
                disabled={busy}
                data-testid="consent-allow"
                onClick={() => {
                  setBusy(true);
                  allowConsent(r, cluster).then(() => setError(undefined), (err: unknown) => setError(err instanceof Error ? err.message : String(err))).finally(() => setBusy(false));
                }}
              >
                Allow and connect
              </button>
            </div>
          </section>
        );
      })}
    </div>
  );
}
