/**
 * Sign-in failures in plain words. Entra ID puts an AADSTS code in its error description; the
 * Azure SDK passes it on in the error message. Pure: the host hands over the error's text.
 */
export interface SignInProblem {
  kind: 'expired' | 'consent' | 'conditional-access' | 'wrong-secret' | 'wrong-certificate' | 'unknown-app' | 'no-network' | 'cli-login' | 'cli-missing' | 'mfa' | 'cancelled' | 'other';
  /** AADSTS code when Entra gave one. */
  code: string | undefined;
  message: string;
}

const AADSTS: Array<[RegExp, SignInProblem['kind'], string]> = [
  [/AADSTS(700082|700084|50173|70043|50133)\b/, 'expired', 'Your sign-in has expired. Sign in again (for the Azure CLI: `az login`).'],
  [/AADSTS(65001|65004|650057)\b/, 'consent', "The app has not been granted consent in this Azure tenant. Ask the tenant's admin to consent to it (or sign in with an account that may), then sign in again."],
  [/AADSTS(53003|53000|53001|530003|50158)\b/, 'conditional-access', "A conditional-access policy of this Azure tenant blocked the sign-in (device, location or app rules). Sign in from a device or network the policy allows, or ask the tenant's admin."],
  [/AADSTS(50076|50079)\b/, 'mfa', 'This tenant asks for multi-factor authentication: sign in interactively (device code or browser).'],
  [/AADSTS7000215\b/, 'wrong-secret', "The service principal's client secret is wrong: use the secret's value (not its id), or a secret that has not expired."],
  [/AADSTS7000222\b/, 'wrong-secret', "The service principal's client secret has expired: create a new one."],
  [/AADSTS(700027|700024|7000274)\b/, 'wrong-certificate', 'The certificate is not registered on the app (or has expired): upload its public part to the app registration.'],
  [/AADSTS(700016|90002)\b/, 'unknown-app', 'No such application (client id) or tenant in this Azure directory: check the client id and tenant id.'],
];

export function explainSignIn(message: string): SignInProblem {
  const code = /AADSTS(\d+)/.exec(message)?.[1];
  for (const [re, kind, text] of AADSTS) if (re.test(message)) return { kind, code: code ? `AADSTS${code}` : undefined, message: text };
  if (/endpoints_resolution_error|network_error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|ECONNRESET|EAI_AGAIN|ENETUNREACH|network|getaddrinfo|socket hang up|fetch failed/i.test(message)) {
    return { kind: 'no-network', code: undefined, message: 'Azure cannot be reached from this machine (no network, a proxy, or a firewall). Check the connection and try again.' };
  }
  if (/az login|Please run 'az login'/i.test(message)) return { kind: 'cli-login', code, message: 'The Azure CLI is not signed in (or its sign-in expired): run `az login` in a terminal, then try again.' };
  if (/Azure CLI could not be found|az: not found|not recognized/i.test(message)) {
    return { kind: 'cli-missing', code: undefined, message: 'The Azure CLI (`az`) is not installed or not on PATH. Install it, or choose another way to sign in.' };
  }
  if (/abort|cancel/i.test(message)) return { kind: 'cancelled', code: undefined, message: 'Sign-in was cancelled.' };
  return { kind: 'other', code: code ? `AADSTS${code}` : undefined, message: firstSentence(message) };
}

function firstSentence(s: string): string {
  const line = s.split('\n')[0] ?? s;
  // Entra appends trace and correlation ids; keep what a person reads.
  return line.replace(/\s*Trace ID:.*$/, '').slice(0, 400);
}
