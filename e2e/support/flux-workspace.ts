/**
 * The start-up the e2e files against the peers share: a Git repository Flux reads from, holding the
 * small example, and a kubeconfig as a person has one (its context named like the Cluster spec).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { editYamlText } from '../../gitops/core/edit/yaml-edit.ts';
import { cloneRepository, type Repository } from '../../gitops/node/sync/index.ts';
import { startGitServer, type GitServer } from './git-server.ts';
import { kubectl, peersUp, type Peers } from './peers.ts';

export interface FluxWorkspace {
  peers: Peers;
  /** The test Git server, with the one user `auth`. */
  server: GitServer;
  /** A new temp folder holding `ws` and whatever else the test writes (the caller removes it). */
  tmp: string;
  /** The URL of repository `platform` on the server, the one Flux follows. */
  url: string;
  /** The clone of `platform` (through Gantry's git layer) with the small example written in it, not committed yet. */
  ws: string;
  repo: Repository;
}

/**
 * Starts (or reuses) the peers and the test Git server with user `auth`, creates repository `platform`
 * (a README only), clones it to `<tmp>/ws` and writes the small example there with the clusters
 * pointing at it, `spec.git.secretRef: gantry-git-auth`, and that Secret (the user and password) in
 * flux-system. Nothing is committed or applied to the cluster yet.
 */
export async function startFluxWorkspace(opts: { auth: { username: string; password: string }; tmpPrefix: string }): Promise<FluxWorkspace> {
  const { auth } = opts;
  const peers = peersUp();
  const server = await startGitServer({ users: { [auth.username]: auth.password } });
  const tmp = mkdtempSync(path.join(os.tmpdir(), opts.tmpPrefix));
  const seed = path.join(tmp, 'seed');
  mkdirSync(seed);
  writeFileSync(path.join(seed, 'README.md'), '# Platform tenants\n');
  const url = await server.createRepo('platform', { fromDir: seed });
  const ws = path.join(tmp, 'ws');
  const repo = await cloneRepository({ url, dir: ws, auth });
  // The example workspace, pointing the clusters at this server with a credentials Secret.
  writeExample(ws, 'small', url);
  const gantryYaml = path.join(ws, 'gantry.yaml');
  writeFileSync(gantryYaml, editYamlText(readFileSync(gantryYaml, 'utf8'), [{ op: 'set', path: 'spec.git.secretRef', value: 'gantry-git-auth' }]));
  const secret = kubectl(peers.kubeconfig, ['-n', 'flux-system', 'create', 'secret', 'generic', 'gantry-git-auth',
    `--from-literal=username=${auth.username}`, `--from-literal=password=${auth.password}`, '--dry-run=client', '-o', 'yaml']).out;
  kubectl(peers.kubeconfig, ['apply', '-f', '-'], { input: secret });
  return { peers, server, tmp, url, ws, repo };
}

/**
 * A copy of kubeconfig `from` at `to` whose context `context` (default: its current one) is renamed
 * `cluster`, as a person's kubeconfig names the context after the cluster Gantry's spec names.
 */
export function kubeconfigForCluster(from: string, to: string, cluster: string, context?: string): string {
  writeFileSync(to, readFileSync(from));
  const ctx = context ?? kubectl(to, ['config', 'current-context']).out.trim();
  kubectl(to, ['config', 'rename-context', ctx, cluster]);
  return to;
}
