import { useState } from 'react';
import { signInMethods, type SignInInput } from '../../../shared/ipc/cloud-schemas.ts';
import { Icon } from '../../components/Icon.tsx';
import { useProvisioning } from './provisioning-store.ts';

const LABEL: Record<(typeof signInMethods)[number], string> = {
  cli: 'Azure CLI (az login on this machine)',
  deviceCode: 'Device code (a client\'s tenant)',
  browser: 'Browser (a client\'s tenant)',
  clientSecret: 'Service principal, secret',
  clientCertificate: 'Service principal, certificate',
  managedIdentity: 'Managed identity (jump host)',
};

/** Sign-in to Azure: the way is chosen here; credentials and tokens stay in the host. */
export function SignInPanel() {
  const { accounts, signIn, signOut, signingIn, signInError, deviceCode } = useProvisioning();
  const [input, setInput] = useState<SignInInput>({ method: 'cli' });
  const set = (patch: Partial<SignInInput>) => setInput({ ...input, ...patch });
  const needsTenant = input.method === 'clientSecret' || input.method === 'clientCertificate';
  return (
    <section className="signin" data-testid="signin-panel">
      <div className="pane-header">
        <span className="pane-title">Azure</span>
        <span className="pane-sub">{accounts.length ? `${accounts.length} sign-in${accounts.length === 1 ? '' : 's'}` : 'not signed in'}</span>
      </div>
      <ul className="accounts">
        {accounts.map((a) => (
          <li key={a.id} data-testid="account">
            <Icon name="check" size={12} /> <span className="b">{a.username ?? a.clientId ?? a.method}</span>
            <span className="pane-sub"> {LABEL[a.method]} · {a.tenantId ?? 'any tenant'}{a.cloud !== 'AzurePublicCloud' ? ` · ${a.cloud}` : ''}</span>
            <button className="btn small ghost" onClick={() => void signOut(a.id)} aria-label={`Sign out ${a.username ?? a.method}`}><Icon name="x" size={12} /></button>
          </li>
        ))}
      </ul>
      <form
        className="signin-form"
        onSubmit={(e) => {
          e.preventDefault();
          void signIn(input);
        }}
      >
        <select className="input" value={input.method} onChange={(e) => setInput({ method: e.target.value as SignInInput['method'] })} aria-label="Way to sign in" data-testid="signin-method">
          {signInMethods.map((m) => <option key={m} value={m}>{LABEL[m]}</option>)}
        </select>
        {input.method !== 'managedIdentity' && (
          <input className="input" placeholder={needsTenant ? 'Tenant id (required)' : 'Tenant id or domain (optional)'} value={input.tenantId ?? ''} onChange={(e) => set({ tenantId: e.target.value || undefined })} aria-label="Tenant id" data-testid="signin-tenant" />
        )}
        {(needsTenant || input.method === 'managedIdentity' || input.method === 'deviceCode' || input.method === 'browser') && (
          <input className="input" placeholder={needsTenant ? 'Application (client) id' : 'Client id (optional)'} value={input.clientId ?? ''} onChange={(e) => set({ clientId: e.target.value || undefined })} aria-label="Client id" data-testid="signin-client" />
        )}
        {input.method === 'clientSecret' && (
          <input className="input" type="password" placeholder="Client secret (kept in memory)" value={input.clientSecret ?? ''} onChange={(e) => set({ clientSecret: e.target.value || undefined })} aria-label="Client secret" data-testid="signin-secret" />
        )}
        {input.method === 'clientCertificate' && (
          <input className="input" placeholder="Certificate PEM file on this machine" value={input.certificatePath ?? ''} onChange={(e) => set({ certificatePath: e.target.value || undefined })} aria-label="Certificate file" />
        )}
        <button className="btn primary" disabled={signingIn} data-testid="signin-button">
          {signingIn ? <Icon name="loader" size={13} className="spin" /> : null} Sign in
        </button>
      </form>
      {deviceCode && (
        <div className="device-code" role="status" data-testid="device-code">
          <div>Open <a href={deviceCode.verificationUri} target="_blank" rel="noreferrer">{deviceCode.verificationUri}</a> and enter</div>
          <div className="code mono" data-testid="device-code-value">{deviceCode.userCode}</div>
        </div>
      )}
      {signInError && <div className="error-text" role="alert" data-testid="signin-error">{signInError}</div>}
    </section>
  );
}
