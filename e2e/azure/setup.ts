import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { AzureReplay } from './replay-server.ts';
import { SUBSCRIPTION } from './stacks.ts';
import { makeTestPki, type TestPki } from './test-ca.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export const SP_SECRET_APP = '11111111-2222-4333-8444-555555555555';
export const SP_CERT_APP = '66666666-7777-4888-9999-000000000000';
export const SP_SECRET = 'gantry~replay~secret';

export interface AzureTestBed {
  pki: TestPki;
  replay: AzureReplay;
  /** The file the `az` stand-in reads its state from. */
  azState: string;
  setAz(state: { mode?: 'ok' | 'expired' | 'logged-out' }): void;
  /** Environment for a host process that talks to the replay. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
}

/** The test CA, the replay (Entra + ARM) with two service principals, and the `az` stand-in. */
export async function startAzureTestBed(opts: { pageSize?: number } = {}): Promise<AzureTestBed> {
  const pki = makeTestPki();
  const replay = new AzureReplay({ pki, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) });
  await replay.start();
  replay.apps.set(SP_SECRET_APP, { secret: SP_SECRET });
  replay.apps.set(SP_CERT_APP, { x5t: pki.clientX5t, publicKey: pki.clientPublicKey });
  const azState = path.join(pki.dir, 'az-state.json');
  // Real `az` tokens are JWTs for Resource Manager naming the directory (tid) and the user.
  const claims = { aud: 'https://management.core.windows.net/', tid: replay.tenantId, upn: 'dana@contoso.example', iat: Math.floor(Date.now() / 1000) };
  const cliToken = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.cli-signature`;
  replay.acceptToken(cliToken);
  const setAz = (s: { mode?: string }) =>
    writeFileSync(azState, JSON.stringify({ mode: s.mode ?? 'ok', token: cliToken, tenant: replay.tenantId, subscription: SUBSCRIPTION }));
  setAz({ mode: 'ok' });
  return {
    pki,
    replay,
    azState,
    setAz,
    env: (extra = {}) => ({
      ...process.env,
      NODE_EXTRA_CA_CERTS: pki.caFile,
      GANTRY_AZURE_AUTHORITY_HOST: replay.url,
      GANTRY_AZURE_RESOURCE_MANAGER: replay.url,
      AZURE_POD_IDENTITY_AUTHORITY_HOST: replay.url,
      PATH: `${path.join(here, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
      FAKE_AZ_STATE: azState,
      GANTRY_AZURE_POLL_MS: '250',
      ...extra,
    }),
  };
}

/** The small example with `spec.azure` (subscription and Entra tenant of the replay) in gantry.yaml. */
export function azureWorkspace(replay: AzureReplay): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'gantry-azure-ws-')), 'demo');
  writeExample(dir, 'small');
  const f = path.join(dir, 'gantry.yaml');
  writeFileSync(f, `${readFileSync(f, 'utf8')}  # Where dedicated tenants' stacks are deployed (rg-gantry-<tenant> unless a tenant names one).\n  azure: { subscriptionId: ${SUBSCRIPTION}, tenantId: ${replay.tenantId} }\n`);
  return dir;
}
