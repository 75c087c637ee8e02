import os from 'node:os';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';

/** An exec credential plugin as a kubeconfig user names it (client.authentication.k8s.io). */
export interface ExecSpec {
  command: string;
  args: string[];
  env: Array<{ name: string; value: string }>;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo: boolean;
  interactiveMode?: string;
}

/** One context of the merged kubeconfig, with the file each of its parts came from. */
export interface KubeContextEntry {
  name: string;
  /** The file that defines the context (the first one, as kubectl merges). */
  file: string;
  cluster?: Cluster;
  user?: User;
  /** The file that defines the context's user: consent to its exec plugin is kept under this file. */
  userFile?: string;
  namespace?: string;
  exec?: ExecSpec;
  /** A legacy auth-provider (azure, gcp, oidc): not run by Gantry. */
  authProvider?: string;
}

export interface LoadedKubeconfig {
  files: string[];
  contexts: KubeContextEntry[];
  /** Files that could not be read or parsed, with why. */
  problems: string[];
}

/**
 * The files kubectl reads: every entry of KUBECONFIG (path-list separator, empty entries skipped),
 * or ~/.kube/config when KUBECONFIG is unset or empty.
 */
export function kubeconfigFiles(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  const list = (env.KUBECONFIG ?? '').split(path.delimiter).filter(Boolean);
  const files = list.length ? list : [path.join(home, '.kube', 'config')];
  return [...new Set(files.map((f) => path.resolve(f)))];
}

/**
 * Loads and merges the files as kubectl does: the first file that names a context, cluster or user
 * wins; relative certificate paths resolve against their own file's folder (client-node's loadFromFile).
 */
export function loadKubeconfigs(files: string[]): LoadedKubeconfig {
  const contexts = new Map<string, { ctx: Context; file: string }>();
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, { user: User; file: string }>();
  const problems: string[] = [];
  for (const file of files) {
    const kc = new KubeConfig();
    try {
      kc.loadFromFile(file, { onInvalidEntry: 'filter' });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      // A missing ~/.kube/config is ordinary: no clusters, no problem to report.
      if (e.code !== 'ENOENT') problems.push(`${file}: ${e.message}`);
      continue;
    }
    for (const c of kc.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, { ctx: c, file });
    for (const c of kc.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.getUsers()) if (!users.has(u.name)) users.set(u.name, { user: u, file });
  }
  const out: KubeContextEntry[] = [];
  for (const [name, { ctx, file }] of contexts) {
    const u = users.get(ctx.user);
    const entry: KubeContextEntry = { name, file, cluster: clusters.get(ctx.cluster), user: u?.user, userFile: u?.file };
    if (ctx.namespace) entry.namespace = ctx.namespace;
    const exec = u ? execSpecOf(u.user) : undefined;
    if (exec) entry.exec = exec;
    if (u?.user.authProvider) entry.authProvider = String((u.user.authProvider as { name?: unknown }).name ?? 'unknown');
    out.push(entry);
  }
  return { files, contexts: out, problems };
}

function execSpecOf(user: User): ExecSpec | undefined {
  const raw = user.exec as Record<string, unknown> | null | undefined;
  if (!raw || typeof raw !== 'object') return undefined;
  const env = Array.isArray(raw.env)
    ? (raw.env as Array<Record<string, unknown>>).filter((e) => e && typeof e.name === 'string').map((e) => ({ name: String(e.name), value: String(e.value ?? '') }))
    : [];
  const spec: ExecSpec = {
    command: typeof raw.command === 'string' ? raw.command : '',
    args: Array.isArray(raw.args) ? raw.args.map(String) : [],
    env,
    apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : 'client.authentication.k8s.io/v1beta1',
    provideClusterInfo: raw.provideClusterInfo === true,
  };
  if (typeof raw.installHint === 'string') spec.installHint = raw.installHint;
  if (typeof raw.interactiveMode === 'string') spec.interactiveMode = raw.interactiveMode;
  return spec;
}

/** Credentials an exec plugin returned, put in the user's place of a one-context KubeConfig. */
export interface IssuedCredential {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
}

/**
 * A KubeConfig holding only this context, with the exec plugin (and any auth-provider) taken out:
 * client-node then never spawns a plugin itself; the issued credential, if any, stands in its place.
 */
export function contextKubeConfig(entry: KubeContextEntry, issued?: IssuedCredential): KubeConfig {
  if (!entry.cluster) throw new Error(`Context ${entry.name} names cluster that is not in the kubeconfig.`);
  const base = entry.user ?? { name: `${entry.name}-anonymous` };
  const user: User = {
    name: base.name,
    ...(base.certData ? { certData: base.certData } : {}),
    ...(base.certFile ? { certFile: base.certFile } : {}),
    ...(base.keyData ? { keyData: base.keyData } : {}),
    ...(base.keyFile ? { keyFile: base.keyFile } : {}),
    ...(base.token ? { token: base.token } : {}),
    ...(base.username ? { username: base.username, password: base.password } : {}),
    ...(base.impersonateUser ? { impersonateUser: base.impersonateUser } : {}),
    ...(issued?.token ? { token: issued.token } : {}),
    ...(issued?.clientCertificateData ? { certData: Buffer.from(issued.clientCertificateData).toString('base64'), certFile: undefined } : {}),
    ...(issued?.clientKeyData ? { keyData: Buffer.from(issued.clientKeyData).toString('base64'), keyFile: undefined } : {}),
  };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [entry.cluster],
    users: [user],
    contexts: [{ name: entry.name, cluster: entry.cluster.name, user: user.name, ...(entry.namespace ? { namespace: entry.namespace } : {}) }],
    currentContext: entry.name,
  });
  return kc;
}
