// Issue 5: commit -> push -> Flux applies -> the shards run, against a real kube-apiserver,
// scheduler, controller-manager, kwok GPU nodes and the real Flux controllers (e2e/peers/).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commit, push, type Repository } from '../../gitops/node/sync/index.ts';
import { launchChromium } from '../app/helpers/browser.ts';
import { git } from '../app/helpers/git-remote.ts';
import { startServe } from '../app/helpers/serve-host.ts';
import { GantryApp, textMatches, visible } from '../pages/gantry-app.ts';
import { startFluxWorkspace } from '../support/flux-workspace.ts';
import type { GitServer } from '../support/git-server.ts';
import { kubectl, kubectlJson, peersDown, waitFor, type Peers } from '../support/peers.ts';

const CLUSTER = 'aks-weu-prod';
const AUTH = { username: 'flux', password: 'reconcile-me' };
const AUTHOR = { name: 'Gantry E2E', email: 'e2e@gantry.test' };
const repoRoot = path.resolve(__dirname, '../..');

let peers: Peers;
let server: GitServer;
let tmp: string;
let ws: string;
let repo: Repository;

type K8sList = { items: Array<{ metadata: { name: string; labels?: Record<string, string> }; spec?: Record<string, unknown>; status?: Record<string, unknown> }> };

function gantry(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/gantry.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`gantry ${args.join(' ')}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function commitAndPush(message: string): Promise<string> {
  const result = await commit(repo, { author: AUTHOR, message });
  await push(repo, { auth: AUTH });
  // What `flux reconcile source git` does: ask for a fetch now instead of at the next interval.
  kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry',
    `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`], { allowFail: true });
  return result.oid;
}

/** Waits until Flux's Kustomization reports it applied `oid`, failing fast on a reconcile error. */
async function waitApplied(oid: string): Promise<void> {
  await waitFor(`Kustomization gantry-${CLUSTER} to apply ${oid}`, () => {
    const k = kubectlJson<{ status?: { lastAppliedRevision?: string; conditions?: Array<{ type: string; status: string; message: string }> } }>(
      peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]);
    if (k.status?.lastAppliedRevision === `main@sha1:${oid}`) return true;
    const ready = k.status?.conditions?.find((c) => c.type === 'Ready');
    if (ready?.status === 'False' && /error|failed|invalid/i.test(ready.message) && !/revision/i.test(ready.message)) {
      throw new Error(`Flux reports: ${ready.message}`);
    }
    return undefined;
  }, 240_000, 2000);
}

beforeAll(async () => {
  ({ peers, server, tmp, ws, repo } = await startFluxWorkspace({ auth: AUTH, tmpPrefix: 'gantry-flux-' }));
}, 50 * 60_000);

afterAll(async () => {
  await server?.close();
  peersDown();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}, 180_000);

describe('Flux applies what Gantry commits', () => {
  it('reconciles the example workspace: tenants, quotas and model-server pods on GPU nodes', async () => {
    const oid = await commitAndPush('Add the example platform');
    // What a person applies once per cluster.
    kubectl(peers.kubeconfig, ['apply', '-f', path.join(ws, 'rendered/_bootstrap', `${CLUSTER}.yaml`)]);
    await waitApplied(oid);

    const namespaces = kubectlJson<K8sList>(peers.kubeconfig, ['get', 'namespaces', '-l', 'gantry.dev/tenant']).items;
    const onCluster = ['acme', 'cyberdyne', 'globex', 'hooli', 'initech', 'soylent', 'stark', 'tyrell', 'umbrella', 'wayne'];
    expect(namespaces.map((n) => n.metadata.name).sort()).toEqual(onCluster.map((t) => `tenant-${t}`));
    expect(namespaces.find((n) => n.metadata.name === 'tenant-acme')!.metadata.labels).toMatchObject({
      'gantry.dev/tier': 'shared', 'gantry.dev/shard': 'weu-1', 'gantry.dev/plan': 'premium',
    });
    const quota = kubectlJson<{ spec: { hard: Record<string, string> } }>(peers.kubeconfig, ['-n', 'tenant-acme', 'get', 'resourcequota', 'gantry-quota']);
    expect(quota.spec.hard).toEqual({ 'requests.nvidia.com/gpu': '4', 'requests.cpu': '32', 'requests.memory': '128Gi' });

    // The scheduler places each model server's pods on H100 nodes in the shard's zones; kwok runs them.
    const nodes = kubectlJson<K8sList>(peers.kubeconfig, ['get', 'nodes', '-l', 'gantry.dev/gpu-type=nvidia-h100']).items.map((n) => n.metadata.name);
    for (const [ns, deployment] of [['shard-weu-1', 'llama'], ['shard-weu-1', 'mistral'], ['shard-weu-2', 'llama'], ['shard-globex', 'llama']] as const) {
      const running = await waitFor(`pods of ${ns}/${deployment} running`, () => {
        const pods = kubectlJson<K8sList>(peers.kubeconfig, ['-n', ns, 'get', 'pods', '-l', `gantry.dev/model-server=${deployment}`]).items;
        const up = pods.filter((p) => p.status?.phase === 'Running');
        return up.length >= 1 ? up : undefined;
      }, 120_000);
      for (const pod of running) expect(nodes).toContain((pod.spec as { nodeName: string }).nodeName);
    }
  }, 600_000);

  it('applies a second commit that drains a shard', async () => {
    expect(gantry(['plan', 'drain-shard', 'weu-2', '--dir', ws, '--write'])).toMatch(/Move stark/);
    const oid = await commitAndPush('Drain weu-2');
    await waitApplied(oid);
    const stark = kubectlJson<{ metadata: { labels: Record<string, string> } }>(peers.kubeconfig, ['get', 'namespace', 'tenant-stark']);
    expect(stark.metadata.labels['gantry.dev/shard']).toBe('weu-1');
    const routing = kubectlJson<{ data: Record<string, string> }>(peers.kubeconfig, ['-n', 'gantry-system', 'get', 'configmap', 'gantry-routing']);
    expect(JSON.parse(routing.data['routing.json']!).shards['weu-2'].state).toBe('draining');
  }, 600_000);

  it('every rendered file of every cluster passes the API server\'s own validation (dry-run=server)', () => {
    const rendered = path.join(ws, 'rendered');
    // Namespaces for the clusters Flux does not manage here, so namespaced objects have a home.
    kubectl(peers.kubeconfig, ['create', 'namespace', 'argocd'], { allowFail: true });
    for (const cluster of readdirSync(rendered).filter((c) => c !== '_bootstrap')) {
      kubectl(peers.kubeconfig, ['apply', '-f', path.join(rendered, cluster, '_cluster')]);
    }
    for (const cluster of readdirSync(rendered).filter((c) => c !== '_bootstrap')) {
      // Server-side apply, as Flux does: strict field validation against the real schemas and CRDs.
      const r = kubectl(peers.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=gantry-e2e', '--dry-run=server', '-k', path.join(rendered, cluster)], { allowFail: true });
      expect(r.err, `cluster ${cluster}`).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/\(server dry run\)/);
    }
    const boot = kubectl(peers.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=gantry-e2e', '--dry-run=server', '-f', path.join(rendered, '_bootstrap')], { allowFail: true });
    expect(boot.err).toBe('');
    expect(boot.out).toMatch(/application.argoproj.io\/gantry-aks-sdc-prod serverside-applied \(server dry run\)/);
  }, 180_000);

  it('the restricted kubeconfig reads gantry-system but not a tenant namespace', () => {
    expect(kubectl(peers.restrictedKubeconfig, ['-n', 'gantry-system', 'get', 'configmaps']).out).toContain('gantry-routing');
    const denied = kubectl(peers.restrictedKubeconfig, ['-n', 'tenant-acme', 'get', 'resourcequotas'], { allowFail: true });
    expect(denied.code).not.toBe(0);
    expect(denied.err).toMatch(/forbidden/i);
  });

  it('the app follows a pushed commit until Flux has applied it, and shows Flux\'s error for a broken one', async () => {
    // The person's kubeconfig: the peers' cluster under the context the Cluster spec names.
    const kubeconfig = path.join(tmp, 'app-kubeconfig');
    writeFileSync(kubeconfig, readFileSync(peers.kubeconfig));
    kubectl(kubeconfig, ['config', 'rename-context', 'gantry-peers', CLUSTER]);
    // A second cluster whose user runs a real exec credential plugin (gke-gcloud-auth-plugin) nobody allowed.
    kubectl(kubeconfig, ['config', 'set-credentials', 'gcloud-user', '--exec-api-version=client.authentication.k8s.io/v1beta1', '--exec-command=gke-gcloud-auth-plugin', '--exec-interactive-mode=Never']);
    kubectl(kubeconfig, ['config', 'set-context', 'aks-eus-prod', '--cluster=gantry-peers', '--user=gcloud-user']);
    const [host, browser] = await Promise.all([
      startServe({ workspace: ws, env: { KUBECONFIG: kubeconfig, GANTRY_GIT_USERNAME: AUTH.username, GANTRY_GIT_TOKEN: AUTH.password } }),
      launchChromium(),
    ]);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
      page.setDefaultTimeout(15_000);
      const app = new GantryApp(page);
      await page.goto(host.url);
      await app.expectWorkspace();
      await app.setTenantPlan('hooli', 'premium');
      await app.openChanges();
      await app.commit('hooli: premium plan');
      await textMatches(app.aheadChip, /1 commit to push/);
      await app.push();
      await textMatches(app.aheadChip, /up to date/);

      // The panel follows the pushed commit; clusters without a context say so and are not waited for.
      const oid = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ws, encoding: 'utf8' }).stdout.trim();
      const panel = page.getByTestId('rollout-panel');
      await textMatches(panel, new RegExp(`${oid.slice(0, 7)}\\s*hooli: premium plan`));
      await textMatches(page.getByTestId('rollout-row-aks-sdc-prod').getByTestId('rollout-phase'), /not connected/);
      await textMatches(page.getByTestId('rollout-row-aks-sdc-prod').getByTestId('rollout-message'), /No context "aks-sdc-prod" in the kubeconfig/);
      const expired = page.getByTestId('rollout-row-aks-eus-prod');
      await textMatches(expired.getByTestId('rollout-phase'), /not connected/);
      // Its exec plugin is not run unasked (issue 11): the row names the command and waits for consent.
      await textMatches(expired.getByTestId('rollout-message'), /Context aks-eus-prod gets its credentials by running gke-gcloud-auth-plugin .*only after you allow it/);
      // What `flux reconcile source git` does: fetch now rather than at the next interval.
      kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`]);
      const row = page.getByTestId(`rollout-row-${CLUSTER}`);
      await textMatches(row.getByTestId('rollout-phase'), /applied/, 240_000);
      await textMatches(page.getByTestId('rollout-summary'), /^1\/\d+ applied$/);
      // Someone who pushed and moved on hears how it went.
      await visible(page.getByTestId('toast-info').filter({ hasText: `Rollout of ${oid.slice(0, 7)}: applied on ${CLUSTER} (2 not followed or not done).` }));
      await app.screenshot('17-rollout');
      // The cluster really runs it.
      const k = kubectlJson<{ status: { lastAppliedRevision: string } }>(peers.kubeconfig, ['-n', 'flux-system', 'get', 'kustomization', `gantry-${CLUSTER}`]);
      expect(k.status.lastAppliedRevision).toBe(`main@sha1:${oid}`);
      expect(kubectlJson<{ metadata: { labels: Record<string, string> } }>(peers.kubeconfig, ['get', 'namespace', 'tenant-hooli']).metadata.labels['gantry.dev/plan']).toBe('premium');

      // 3 a.m.: someone pushed a broken manifest with the git CLI. "Check clusters" shows Flux's own error.
      const kust = path.join(ws, 'rendered', CLUSTER, 'kustomization.yaml');
      const good = readFileSync(kust, 'utf8');
      writeFileSync(kust, good.replace('resources:\n', 'resources:\n  - does-not-exist.yaml\n'));
      const pushUrl = server.url('platform').replace('http://', `http://${AUTH.username}:${AUTH.password}@`);
      // Asynchronous and bounded: the Git server answering the push runs in this process.
      const gitCli = (...args: string[]) => git(['-c', 'user.name=Night Shift', '-c', 'user.email=night@example.com', ...args], ws);
      await gitCli('commit', '-qam', 'hand-edited kustomization');
      await gitCli('push', '-q', pushUrl, 'HEAD:main');
      const broken = (await gitCli('rev-parse', 'HEAD')).trim();
      await page.getByTestId('rollout-check').click();
      await textMatches(panel, new RegExp(`${broken.slice(0, 7)}\\s*hand-edited kustomization`));
      kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`]);
      await textMatches(row.getByTestId('rollout-phase'), /failed/, 240_000);
      await textMatches(row.getByTestId('rollout-message'), /does-not-exist\.yaml/);
      await textMatches(row.getByTestId('rollout-message'), new RegExp(`Still runs ${oid.slice(0, 7)}`));
      await visible(page.getByTestId('toast-error').filter({ hasText: `Rollout of ${broken.slice(0, 7)}: failed on ${CLUSTER}.` }));
      await app.screenshot('18-rollout-failed');

      // The fix goes out the same way and the row turns green.
      await gitCli('revert', '--no-edit', 'HEAD');
      await gitCli('push', '-q', pushUrl, 'HEAD:main');
      await page.getByTestId('rollout-check').click();
      kubectl(peers.kubeconfig, ['-n', 'flux-system', 'annotate', '--overwrite', 'gitrepository', 'gantry', `reconcile.fluxcd.io/requestedAt=${new Date().toISOString()}`]);
      await textMatches(row.getByTestId('rollout-phase'), /applied/, 240_000);
    } finally {
      await browser.close();
      await host.stop();
    }
  }, 400_000);
});
