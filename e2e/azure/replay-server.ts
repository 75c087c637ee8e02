import { createPublicKey, randomUUID, verify } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { API_VERSION, armTime, deploymentActive, DEPLOYMENT_FAILED, exampleDeployment, isoDuration } from './arm-bodies.ts';
import type { TestPki } from './test-ca.ts';

/**
 * A local stand-in for Entra ID and Azure Resource Manager's Deployments API, on HTTPS at
 * 127.0.0.1, for the real @azure/identity and @azure/arm-resourcesdeployments clients. Every JSON
 * body it sends is recorded with the OpenAPI definition it claims to follow (`sent`), so a test can
 * check each against the spec. Deployments run on a clock: each operation takes `ms`, one after
 * the other; a nested deployment runs its operations inside its parent's step.
 */

type Json = Record<string, unknown>;

/** One resource a template deploys; `fail` makes its operation fail with that ARM error. */
export interface OpScript {
  type: string;
  name: string;
  ms?: number;
  fail?: ErrorDetail;
  /** A nested deployment (`type` Microsoft.Resources/deployments) with its own operations. */
  nested?: OpScript[];
}

export interface ErrorDetail {
  code: string;
  message: string;
  target?: string;
  details?: ErrorDetail[];
  additionalInfo?: Array<{ type: string; info: Json }>;
}

/** What a deployment of a stack does with the parameters it was given. */
export interface StackScript {
  /** The ARM template (its `parameters` section is what exportTemplate returns and the re-run form reads). */
  template: Json;
  run(parameters: Record<string, unknown>): { ops: OpScript[]; outputs?: Json };
}

interface Run {
  sub: string;
  rg: string;
  name: string;
  started: number;
  runId: string;
  correlationId: string;
  parameters: Record<string, { value: unknown }>;
  templateLink?: { uri: string; contentVersion?: string };
  template: Json;
  ops: OpScript[];
  outputs?: Json;
  location: string;
}

interface OpState {
  op: OpScript;
  operationId: string;
  start: number;
  end: number;
  state: 'Running' | 'Succeeded' | 'Failed';
}

export interface SentBody {
  method: string;
  path: string;
  status: number;
  /** The spec definition the body follows ('DeploymentExtended', 'CloudError', ...), or 'entra' / 'imds'. */
  definition: string;
  body: unknown;
}

export interface ReplayOptions {
  pki: TestPki;
  /** Items per page of a list answer (nextLink paging). */
  pageSize?: number;
  /** The Entra tenant (directory) id tokens are issued for. */
  tenantId?: string;
}

export class AzureReplay {
  readonly sent: SentBody[] = [];
  readonly requests: Array<{ method: string; path: string; authorization?: string }> = [];
  /** Entra: app registrations that may sign in with a secret or a certificate. */
  readonly apps = new Map<string, { secret?: string; x5t?: string; publicKey?: string }>();
  /** The next token request fails like this (AADSTS codes), once. */
  failNextToken: { status: number; error: string; code: number; description: string } | undefined;
  /** Device codes waiting for a person (approve with approveDeviceCode). */
  readonly deviceCodes = new Map<string, { userCode: string; approved: boolean }>();
  readonly tenantId: string;
  private readonly stacks = new Map<string, StackScript>();
  private readonly runs = new Map<string, Run[]>();
  private readonly issued = new Set<string>();
  private server: https.Server | undefined;
  url = '';
  private readonly pageSize: number;

  constructor(private readonly opts: ReplayOptions) {
    this.pageSize = opts.pageSize ?? 2;
    this.tenantId = opts.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  }

  async start(): Promise<string> {
    this.server = https.createServer({ cert: this.opts.pki.serverCert, key: this.opts.pki.serverKey }, (req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        try {
          this.handle(req.method ?? 'GET', req.url ?? '/', req.headers, body, res);
        } catch (err) {
          this.json(res, req.method ?? 'GET', req.url ?? '/', 500, 'CloudError', { error: { code: 'InternalServerError', message: String(err) } });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The stack that a deployment `name` in resource group `rg` deploys (what a PUT there runs). */
  defineStack(rg: string, name: string, script: StackScript): void {
    this.stacks.set(`${rg.toLowerCase()}/${name}`, script);
  }

  /** A deployment that was made `agoMs` before now (finished, running or failed by the clock). */
  seed(sub: string, rg: string, name: string, parameters: Record<string, unknown>, agoMs: number, templateLink?: { uri: string; contentVersion?: string }): void {
    this.begin(sub, rg, name, Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }])), Date.now() - agoMs, templateLink);
  }

  /** A token issued elsewhere (the Azure CLI stand-in prints it) that ARM should accept. */
  acceptToken(token: string): void {
    this.issued.add(token);
  }

  approveDeviceCode(userCode: string): boolean {
    for (const d of this.deviceCodes.values()) if (d.userCode === userCode) return (d.approved = true);
    return false;
  }

  /** Whether a bearer token the ARM side got was one this server issued. */
  private authorized(header: string | undefined): boolean {
    const token = header?.replace(/^Bearer /, '');
    return !!token && this.issued.has(token);
  }

  private begin(sub: string, rg: string, name: string, parameters: Record<string, { value: unknown }>, started: number, templateLink?: Run['templateLink'], template?: Json): Run {
    const script = this.stacks.get(`${rg.toLowerCase()}/${name}`);
    if (!script) throw new Error(`no stack defined for ${rg}/${name}`);
    const plain = Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, v.value]));
    const { ops, outputs } = script.run(plain);
    const run: Run = {
      sub, rg, name, started, parameters, template: template ?? script.template, ops, location: 'westeurope',
      runId: randomUUID().replace(/-/g, '').toUpperCase().slice(0, 16),
      correlationId: randomUUID(),
      ...(templateLink ? { templateLink } : {}),
      ...(outputs ? { outputs } : {}),
    };
    const key = `${rg.toLowerCase()}/${name}`;
    this.runs.set(key, [...(this.runs.get(key) ?? []), run]);
    return run;
  }

  private latest(rg: string, name: string): Run | undefined {
    return this.runs.get(`${rg.toLowerCase()}/${name}`)?.at(-1);
  }

  // ---------------------------------------------------------------- the clock

  /** Each operation's state now; operations not started yet are left out (ARM lists only started ones). */
  private opStates(ops: OpScript[], start: number, now: number, idPrefix: string): { states: OpState[]; end: number; failed: boolean } {
    const states: OpState[] = [];
    let t = start;
    let failed = false;
    ops.forEach((op, i) => {
      if (failed) return;
      const ms = op.nested ? op.nested.reduce((a, o) => a + (o.ms ?? 400), 0) : (op.ms ?? 400);
      const operationId = `${idPrefix}${(0x1000 + i).toString(16).toUpperCase()}`;
      if (t > now) return;
      const end = t + ms;
      const nestedFailed = op.nested ? this.opStates(op.nested, t, now, `${operationId}N`).failed : false;
      const state = end > now && !nestedFailed ? 'Running' : op.fail || nestedFailed ? 'Failed' : 'Succeeded';
      states.push({ op, operationId, start: t, end, state });
      if (state === 'Failed') failed = true;
      t = end;
    });
    return { states, end: t, failed };
  }

  private runState(run: Run, now = Date.now()): { state: 'Accepted' | 'Running' | 'Succeeded' | 'Failed'; states: OpState[]; end: number } {
    const { states, end, failed } = this.opStates(run.ops, run.started, now, run.runId);
    if (failed) return { state: 'Failed', states, end: states.at(-1)!.end };
    if (now - run.started < 50) return { state: 'Accepted', states, end };
    return { state: end <= now ? 'Succeeded' : 'Running', states, end };
  }

  /** Nested deployments are runs of their own, found by name inside their parent. */
  private nestedRun(rg: string, name: string): { run: Run; ops: OpScript[]; start: number } | undefined {
    for (const runs of this.runs.values()) {
      const run = runs.at(-1)!;
      if (run.rg.toLowerCase() !== rg.toLowerCase()) continue;
      for (const s of this.opStates(run.ops, run.started, Date.now(), run.runId).states) {
        if (s.op.nested && s.op.name === name) return { run, ops: s.op.nested, start: s.start };
      }
    }
    return undefined;
  }

  // ---------------------------------------------------------------- bodies

  private deploymentId(sub: string, rg: string, name: string): string {
    return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Resources/deployments/${name}`;
  }

  private deploymentBody(run: Run, nested?: { name: string; ops: OpScript[]; start: number }): Json {
    const body = exampleDeployment();
    const now = Date.now();
    const name = nested?.name ?? run.name;
    const ops = nested?.ops ?? run.ops;
    const start = nested?.start ?? run.started;
    const { states, failed } = this.opStates(ops, start, now, nested ? `${run.runId}N` : run.runId);
    const lastEnd = states.at(-1)?.end ?? start;
    const allDone = !failed && states.length === ops.length && lastEnd <= now;
    const state = failed ? 'Failed' : allDone ? 'Succeeded' : now - start < 50 ? 'Accepted' : 'Running';
    body.name = name;
    body.id = this.deploymentId(run.sub, run.rg, name);
    const p = body.properties as Json;
    p.provisioningState = state;
    p.correlationId = run.correlationId;
    p.timestamp = armTime(state === 'Succeeded' || state === 'Failed' ? Math.min(lastEnd, now) : start);
    p.duration = isoDuration((state === 'Succeeded' || state === 'Failed' ? Math.min(lastEnd, now) : now) - start);
    p.mode = 'Incremental';
    p.parameters = nested ? {} : this.echoParameters(run);
    p.providers = providersOf(ops, run.location);
    const done = states.filter((s) => s.state === 'Succeeded' && s.op.type !== 'Microsoft.Resources/deployments');
    if (done.length) p.outputResources = done.map((s) => ({ id: resourceId(run, s.op) }));
    else delete p.outputResources;
    if (run.templateLink && !nested) p.templateLink = { uri: run.templateLink.uri, contentVersion: run.templateLink.contentVersion ?? '1.0.0.0' };
    else delete p.templateLink;
    p.templateHash = String(Math.abs(hash(JSON.stringify(run.template)))).padStart(19, '1').slice(0, 19);
    if (state === 'Succeeded' && run.outputs && !nested) p.outputs = run.outputs;
    if (failed) {
      const failedOp = states.find((s) => s.state === 'Failed')!;
      p.error = { ...DEPLOYMENT_FAILED, details: [failedOp.op.fail ?? { ...DEPLOYMENT_FAILED }] };
    }
    return body;
  }

  private echoParameters(run: Run): Json {
    const defs = (run.template.parameters ?? {}) as Record<string, { type?: string }>;
    const out: Json = {};
    for (const [k, v] of Object.entries(run.parameters)) {
      const type = typeName(defs[k]?.type ?? typeof v.value);
      out[k] = /^secure/i.test(defs[k]?.type ?? '') ? { type } : { type, value: v.value };
    }
    return out;
  }

  private operationBody(run: Run, deploymentName: string, s: OpState, now: number): Json {
    const id = `${this.deploymentId(run.sub, run.rg, deploymentName)}/operations/${s.operationId}`;
    const doneAt = Math.min(s.end, now);
    const props: Json = {
      provisioningOperation: 'Create',
      provisioningState: s.state,
      timestamp: armTime(s.state === 'Running' ? s.start : doneAt),
      duration: isoDuration(doneAt - s.start),
      serviceRequestId: `${s.operationId.toLowerCase()}-0000-4000-8000-${run.correlationId.slice(-12)}`,
      targetResource: {
        id: s.op.type === 'Microsoft.Resources/deployments' ? this.deploymentId(run.sub, run.rg, s.op.name) : resourceId(run, s.op),
        resourceType: s.op.type,
        resourceName: s.op.name,
      },
    };
    if (s.state === 'Succeeded') props.statusCode = s.op.type === 'Microsoft.Resources/deployments' ? 'OK' : 'Created';
    if (s.state === 'Failed') {
      const err = s.op.fail ?? { ...DEPLOYMENT_FAILED };
      props.statusCode = err.code === 'QuotaExceeded' || err.code === 'OperationNotAllowed' ? 'Conflict' : 'BadRequest';
      props.statusMessage = { status: 'Failed', error: err };
    }
    return { id, operationId: s.operationId, properties: props };
  }

  // ---------------------------------------------------------------- HTTP

  private json(res: import('node:http').ServerResponse, method: string, path: string, status: number, definition: string, body: unknown, headers: Record<string, string> = {}): void {
    this.sent.push({ method, path, status, definition, body });
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': randomUUID(),
      ...headers,
    });
    res.end(text);
  }

  private handle(method: string, rawUrl: string, headers: import('node:http').IncomingHttpHeaders, body: string, res: import('node:http').ServerResponse): void {
    const url = new URL(rawUrl, this.url);
    const p = url.pathname;
    this.requests.push({ method, path: p + url.search, ...(headers.authorization ? { authorization: headers.authorization } : {}) });

    // ---- Entra ID (MSAL) ----
    let m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(p);
    if (m && method === 'GET') {
      const t = m[1]!;
      return this.json(res, method, p, 200, 'entra', {
        token_endpoint: `${this.url}/${t}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${this.url}/${t}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${this.url}/${t}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${this.url}/${t}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${this.url}/${t}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${this.url}/${t}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'oid', 'tid', 'preferred_username', 'name'],
        kerberos_endpoint: `${this.url}/${t}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      });
    }
    m = /^\/([^/]+)\/oauth2\/v2\.0\/devicecode$/.exec(p);
    if (m && method === 'POST') {
      const form = new URLSearchParams(body);
      const deviceCode = randomUUID();
      const userCode = Array.from({ length: 9 }, (_, i) => 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'[(deviceCode.charCodeAt(i) * 7 + i) % 32]).join('');
      this.deviceCodes.set(deviceCode, { userCode, approved: false });
      void form;
      return this.json(res, method, p, 200, 'entra', {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: 1,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`,
      });
    }
    m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(p);
    if (m && method === 'POST') return this.token(m[1]!, new URLSearchParams(body), res, method, p);
    m = /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/.exec(p);
    if (m && method === 'GET') {
      // Interactive browser sign-in: the person signs in and Entra sends the browser back to the app's loopback address.
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      if (redirect.hostname !== 'localhost' && redirect.hostname !== '127.0.0.1') {
        res.writeHead(400).end('redirect_uri must be a loopback address');
        return;
      }
      const code = `code-${randomUUID()}`;
      this.codes.set(code, { nonce: url.searchParams.get('nonce') ?? undefined, clientId: url.searchParams.get('client_id') ?? '' });
      redirect.searchParams.set('code', code);
      const state = url.searchParams.get('state');
      if (state) redirect.searchParams.set('state', state);
      res.writeHead(302, { location: redirect.href }).end();
      return;
    }
    if (/^\/metadata\/identity\/oauth2\/token\/?$/.test(p) && method === 'GET') {
      if (headers.metadata !== 'true') return this.json(res, method, p, 400, 'imds', { error: 'invalid_request', error_description: 'Required metadata header not specified' });
      const token = this.issue();
      return this.json(res, method, p, 200, 'imds', {
        access_token: token,
        client_id: 'e6a3ed9a-0000-4000-8000-000000000001',
        expires_in: '86399',
        expires_on: String(Math.floor(Date.now() / 1000) + 86399),
        ext_expires_in: '86399',
        not_before: String(Math.floor(Date.now() / 1000)),
        resource: url.searchParams.get('resource') ?? '',
        token_type: 'Bearer',
      });
    }

    // ---- ARM ----
    if (p.startsWith('/subscriptions/')) {
      if (!this.authorized(headers.authorization)) {
        return this.json(res, method, p, 401, 'CloudError', {
          error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing or has an invalid token." },
        }, { 'www-authenticate': `Bearer authorization_uri="${this.url}/${this.tenantId}", error="invalid_token"` });
      }
      if (url.searchParams.get('api-version') !== API_VERSION) {
        return this.json(res, method, p, 400, 'CloudError', {
          error: { code: 'NoRegisteredProviderFound', message: `No registered resource provider found for location 'westeurope' and API version '${url.searchParams.get('api-version')}' for type 'deployments'. The supported api-versions are '${API_VERSION}'.` },
        });
      }
      return this.arm(method, url, body, res);
    }
    res.writeHead(404).end();
  }

  private readonly codes = new Map<string, { nonce: string | undefined; clientId: string }>();

  private issue(user?: string): string {
    const claims = { aud: 'https://management.azure.com', tid: this.tenantId, jti: randomUUID(), ...(user ? { upn: user } : {}) };
    const token = `eyJ0eXAiOiJKV1QifQ.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.replay`;
    this.issued.add(token);
    return token;
  }

  private tokenError(res: import('node:http').ServerResponse, method: string, p: string, status: number, error: string, code: number, description: string): void {
    const trace = randomUUID();
    const correlation = randomUUID();
    const ts = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
    this.json(res, method, p, status, 'entra', {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${trace} Correlation ID: ${correlation} Timestamp: ${ts}`,
      error_codes: [code],
      timestamp: ts,
      trace_id: trace,
      correlation_id: correlation,
      error_uri: `${this.url}/error?code=${code}`,
    });
  }

  private token(tenant: string, form: URLSearchParams, res: import('node:http').ServerResponse, method: string, p: string): void {
    if (this.failNextToken) {
      const f = this.failNextToken;
      this.failNextToken = undefined;
      return this.tokenError(res, method, p, f.status, f.error, f.code, f.description);
    }
    const grant = form.get('grant_type');
    const clientId = form.get('client_id') ?? '';
    let user = false;
    let nonce: string | undefined;
    if (grant === 'client_credentials') {
      const app = this.apps.get(clientId);
      if (!app) return this.tokenError(res, method, p, 400, 'unauthorized_client', 700016, `Application with identifier '${clientId}' was not found in the directory '${tenant}'.`);
      const assertion = form.get('client_assertion');
      if (assertion) {
        if (!app.publicKey || !checkAssertion(assertion, app.publicKey, app.x5t!)) {
          return this.tokenError(res, method, p, 401, 'invalid_client', 700027, 'The certificate with identifier used to sign the client assertion is not registered on application.');
        }
      } else if (form.get('client_secret') !== app.secret) {
        return this.tokenError(res, method, p, 401, 'invalid_client', 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`);
      }
    } else if (grant === 'urn:ietf:params:oauth:grant-type:device_code' || grant === 'device_code') {
      const d = this.deviceCodes.get(form.get('device_code') ?? '');
      if (!d) return this.tokenError(res, method, p, 400, 'expired_token', 70020, 'The provided value for the input parameter \'device_code\' is not valid.');
      if (!d.approved) return this.tokenError(res, method, p, 400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
      this.deviceCodes.delete(form.get('device_code')!);
      user = true;
    } else if (grant === 'authorization_code') {
      const c = this.codes.get(form.get('code') ?? '');
      if (!c) return this.tokenError(res, method, p, 400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.');
      this.codes.delete(form.get('code')!);
      nonce = c.nonce;
      user = true;
    } else if (grant === 'refresh_token') {
      user = true;
    } else {
      return this.tokenError(res, method, p, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant ?? ''}'.`);
    }
    const now = Math.floor(Date.now() / 1000);
    const out: Json = { token_type: 'Bearer', scope: form.get('scope') ?? '', expires_in: 3599, ext_expires_in: 3599, access_token: this.issue(user ? 'dana@contoso.example' : undefined) };
    if (user) {
      const oid = '00000000-0000-4000-8000-00000000c0de';
      const claims = {
        aud: clientId, iss: `${this.url}/${tenant}/v2.0`, iat: now, nbf: now, exp: now + 3600,
        name: 'Dana Consultant', oid, preferred_username: 'dana@contoso.example', sub: 'replay-sub', tid: this.tenantId, ver: '2.0',
        ...(nonce ? { nonce } : {}),
      };
      out.id_token = `${Buffer.from('{"typ":"JWT","alg":"RS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
      out.client_info = Buffer.from(JSON.stringify({ uid: oid, utid: this.tenantId })).toString('base64url');
      out.refresh_token = `refresh-${randomUUID()}`;
    }
    this.json(res, method, p, 200, 'entra', out);
  }

  private arm(method: string, url: URL, body: string, res: import('node:http').ServerResponse): void {
    const p = url.pathname;
    const base = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/(?:providers\/Microsoft\.Resources\/)?deployments/i.exec(p);
    if (!base) return this.json(res, method, p, 404, 'CloudError', { error: { code: 'NotFound', message: `No route for ${p}` } });
    const [, sub, rg] = base as unknown as [string, string, string];
    const rest = p.slice(base[0].length);
    const notFound = (name: string) =>
      this.json(res, method, p, 404, 'CloudError', { error: { code: 'DeploymentNotFound', message: `Deployment '${name}' could not be found.` } });

    // list deployments of the group
    if (rest === '' && method === 'GET') {
      const all: Json[] = [];
      for (const runs of this.runs.values()) {
        const run = runs.at(-1)!;
        if (run.sub !== sub || run.rg.toLowerCase() !== rg.toLowerCase()) continue;
        all.push(this.deploymentBody(run));
        for (const s of this.opStates(run.ops, run.started, Date.now(), run.runId).states) {
          if (s.op.nested) all.push(this.deploymentBody(run, { name: s.op.name, ops: s.op.nested, start: s.start }));
        }
      }
      all.sort((a, b) => String((b.properties as Json).timestamp).localeCompare(String((a.properties as Json).timestamp)));
      return this.page(res, method, url, all, 'DeploymentExtendedListResult');
    }
    const dm = /^\/([^/]+)(\/.*)?$/.exec(rest);
    if (!dm) return notFound('');
    const name = decodeURIComponent(dm[1]!);
    const tail = dm[2] ?? '';
    const run = this.latest(rg, name);
    const nested = run ? undefined : this.nestedRun(rg, name);

    if (tail === '' && method === 'PUT') {
      const input = JSON.parse(body || '{}') as { properties?: { parameters?: Record<string, { value: unknown }>; templateLink?: Run['templateLink']; template?: Json; mode?: string } };
      if (run && ['Accepted', 'Running'].includes(this.runState(run).state)) {
        return this.json(res, method, p, 409, 'CloudError', deploymentActive(name, run.started));
      }
      if (!this.stacks.has(`${rg.toLowerCase()}/${name}`)) {
        return this.json(res, method, p, 404, 'CloudError', { error: { code: 'ResourceGroupNotFound', message: `Resource group '${rg}' could not be found.` } });
      }
      const props = input.properties ?? {};
      const next = this.begin(sub, rg, name, props.parameters ?? {}, Date.now(), props.templateLink, props.template);
      const created = this.deploymentBody(next);
      (created.properties as Json).provisioningState = 'Accepted';
      const asyncUrl = `${this.url}${this.deploymentId(sub, rg, name)}/operationStatuses/${next.runId}?api-version=${API_VERSION}`;
      return this.json(res, method, p, run ? 200 : 201, 'DeploymentExtended', created, { 'azure-asyncoperation': asyncUrl });
    }
    const os = /^\/operationStatuses\/([^/]+)$/.exec(tail);
    if (os && method === 'GET') {
      const r = this.runs.get(`${rg.toLowerCase()}/${name}`)?.find((x) => x.runId === os[1]);
      if (!r) return notFound(name);
      const st = this.runState(r);
      const status = st.state === 'Accepted' ? 'Running' : st.state;
      const out: Json = { id: `${this.deploymentId(sub, rg, name)}/operationStatuses/${r.runId}`, name: r.runId, status, startTime: armTime(r.started) };
      if (status === 'Succeeded' || status === 'Failed') out.endTime = armTime(st.end);
      if (status === 'Failed') {
        const failed = st.states.find((s) => s.state === 'Failed')!;
        out.error = { ...DEPLOYMENT_FAILED, details: [failed.op.fail ?? DEPLOYMENT_FAILED] };
      }
      return this.json(res, method, p, 200, 'OperationStatusResult', out);
    }
    if (tail === '' && method === 'GET') {
      if (run) return this.json(res, method, p, 200, 'DeploymentExtended', this.deploymentBody(run));
      if (nested) return this.json(res, method, p, 200, 'DeploymentExtended', this.deploymentBody(nested.run, { name, ops: nested.ops, start: nested.start }));
      return notFound(name);
    }
    if (tail === '/operations' && method === 'GET') {
      const now = Date.now();
      let items: Json[];
      if (run) items = this.opStates(run.ops, run.started, now, run.runId).states.map((s) => this.operationBody(run, name, s, now));
      else if (nested) items = this.opStates(nested.ops, nested.start, now, `${nested.run.runId}N`).states.map((s) => this.operationBody(nested.run, name, s, now));
      else return notFound(name);
      // ARM lists the newest first; the tracker puts them in order.
      return this.page(res, method, url, items.reverse(), 'DeploymentOperationsListResult');
    }
    if (tail === '/exportTemplate' && method === 'POST') {
      if (!run) return notFound(name);
      return this.json(res, method, p, 200, 'DeploymentExportResult', { template: run.template });
    }
    return this.json(res, method, p, 405, 'CloudError', { error: { code: 'MethodNotAllowed', message: `${method} ${tail || '/'} is not served by the replay.` } });
  }

  private page(res: import('node:http').ServerResponse, method: string, url: URL, items: Json[], definition: string): void {
    const skip = Number(url.searchParams.get('$skiptoken') ?? '0');
    const slice = items.slice(skip, skip + this.pageSize);
    const out: Json = { value: slice };
    if (skip + this.pageSize < items.length) {
      const next = new URL(url.href.replace(/^https:\/\/[^/]+/, this.url));
      next.searchParams.set('$skiptoken', String(skip + this.pageSize));
      out.nextLink = next.href;
    }
    this.json(res, method, url.pathname, 200, definition, out);
  }
}

function resourceId(run: Run, op: OpScript): string {
  return `/subscriptions/${run.sub}/resourceGroups/${run.rg}/providers/${op.type}/${op.name}`;
}

function providersOf(ops: OpScript[], location: string): Json[] {
  const byNs = new Map<string, Set<string>>();
  for (const op of ops) {
    const [ns, ...type] = op.type.split('/');
    if (!byNs.has(ns!)) byNs.set(ns!, new Set());
    byNs.get(ns!)!.add(type.join('/'));
  }
  return [...byNs].map(([namespace, types]) => ({ namespace, resourceTypes: [...types].map((resourceType) => ({ resourceType, locations: [location] })) }));
}

function typeName(t: string): string {
  const k = t.toLowerCase();
  return k === 'int' || k === 'number' ? 'Int' : k === 'bool' || k === 'boolean' ? 'Bool' : k === 'securestring' ? 'SecureString' : k === 'array' ? 'Array' : k === 'object' ? 'Object' : 'String';
}

function hash(s: string): number {
  let h = 7;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return h;
}

/** Checks a client assertion JWT (RS256, signed with the registered certificate's key, x5t matching). */
function checkAssertion(jwt: string, publicKey: string, x5t: string): boolean {
  const [h, c, s] = jwt.split('.');
  if (!h || !c || !s) return false;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: string; x5t?: string; 'x5t#S256'?: string };
  if (header.x5t && header.x5t !== x5t) return false;
  const alg = header.alg === 'PS256' ? { key: createPublicKey(publicKey), padding: 6, saltLength: 32 } : createPublicKey(publicKey);
  return verify('sha256', Buffer.from(`${h}.${c}`), alg as Parameters<typeof verify>[2], Buffer.from(s, 'base64url'));
}
