import os from 'node:os';
import path from 'node:path';
import { HostError } from '../../shared/ipc/envelope.ts';
import type { AppInfo } from '../../shared/ipc/schemas.ts';
import { cloudHost } from './azure/cloud-handlers.ts';
import { guarded, reportBackgroundError } from './background.ts';
import type { CredentialStore } from './credentials.ts';
import { createDispatcher, type Dispatch, type Handlers } from './dispatcher.ts';
import { EventBus } from './event-bus.ts';
import type { GitService } from './git-service.ts';
import { Operations } from './operations.ts';
import { PlanService } from './plan-service.ts';
import { DraftStore } from './draft-store.ts';
import { RecentStore } from './recent-store.ts';
import type { ClusterService } from './cluster/cluster-service.ts';
import type { MetricsService } from './metrics/metrics-service.ts';
import type { RolloutService } from './rollout-service.ts';
import { WorkspaceService } from './workspace-service.ts';
import { healthInputOf, routingScreen } from '../../gitops/core/routing/routing-screen.ts';

export interface HostOptions {
  mode: AppInfo['mode'];
  version: string;
  /** Where recent.json and other small state live (Electron: userData; browser mode: GANTRY_DATA_DIR or ~/.config/gantry). */
  dataDir: string;
  credentials: CredentialStore;
  /** A native folder picker (Electron only). */
  pickFolder?: (title?: string) => Promise<string | null>;
  /** Opened at start (`serve --workspace DIR`). */
  initialWorkspace?: string;
  envToken?: boolean;
  /** The origins GANTRY_GIT_TOKEN serves for clones (GANTRY_GIT_TOKEN_ORIGIN); none: only the workspace's remote. */
  envTokenOrigins?: string[];
  /** Parent folder suggested for new clones and examples. */
  defaultParentDir?: string;
}

/** The host: every service, one dispatcher over the contract, and the event bus the transports forward. */
export interface Host {
  dispatch: Dispatch;
  events: EventBus;
  workspace: WorkspaceService;
  dispose(): void;
}

export function createHost(opts: HostOptions): Host {
  const events = new EventBus();
  const ops = new Operations(events);
  const workspace = new WorkspaceService(events, new DraftStore(opts.dataDir));
  const plans = new PlanService(workspace);
  const cloud = cloudHost({ workspace, events, dataDir: opts.dataDir });
  const recent = new RecentStore(opts.dataDir);
  // The Git layer (isomorphic-git) loads on first use, off the path to the first painted workspace.
  let gitService: Promise<GitService> | undefined;
  const git = () =>
    (gitService ??= import('./git-service.ts').then(({ GitService: G }) => new G({ workspace, ops, events, credentials: opts.credentials })));
  // The history screen reads the Git service's repository: loaded with it on first use.
  let historyLoad: Promise<import('./history-service.ts').HistoryService> | undefined;
  const history = () =>
    (historyLoad ??= import('./history-service.ts').then(({ HistoryService: H }) => new H({ repository: async () => (await git()).repository() })));
  // The air-gapped handoff (bundles out and back): loaded with the Git layer on first use.
  let handoffLoad: Promise<import('./handoff-service.ts').HandoffService> | undefined;
  const handoff = () => (handoffLoad ??= Promise.all([git(), import('./handoff-service.ts')]).then(([g, { HandoffService: H }]) => new H({ git: g, workspace, ops })));
  // Live monitoring (cluster/): loaded when a screen first asks; it connects only the clusters a view opens.
  let clusterService: ClusterService | undefined;
  let clusterLoad: Promise<ClusterService> | undefined;
  const model = () => (workspace.root ? workspace.current().model : undefined);
  const clusters = () =>
    (clusterLoad ??= Promise.all([import('./cluster/cluster-service.ts'), import('./cluster/workspace-clusters.ts')]).then(
      ([{ ClusterService: C }, w]) =>
        (clusterService = new C({
          dataDir: opts.dataDir,
          clusters: () => w.clusterSpecs(model()),
          liveSpec: () => w.liveSpecOfWorkspace(model()),
          namespacesOf: (c) => w.namespacesOn(model(), c),
          rendered: (c) => w.renderedInputsOf(workspace.root ? workspace.renderOf() : undefined)(c),
          prepareRendered: (c) => {
            if (workspace.root) void w.prepareRenderedOf(workspace.renderOf(), c, workspace.renderedAhead(), workspace.pauseWhileOpen());
          },
          commits: async () => (workspace.root ? (await import('./cluster/workspace-history.ts')).recentCommits(workspace.root) : []),
          emitDelta: (d) => events.emit('cluster:onDelta', d),
          emitConnection: (c) => events.emit('cluster:onConnection', c),
          emitNotice: (n) => events.emit('cluster:onNotice', n),
        })),
    ));
  // Drift reads the workspace's render and the timeline its commits: the live views follow their changes.
  events.subscribe((event) => {
    if (event === 'workspace:onDidChange' || event === 'git:onDidChange') clusterService?.inputsChanged();
  });
  // Following rollouts needs @kubernetes/client-node: loaded on first use too.
  let rolloutService: RolloutService | undefined;
  let rolloutLoad: Promise<RolloutService> | undefined;
  const rollouts = () =>
    (rolloutLoad ??= Promise.all([import('./rollout-service.ts'), import('./kube-client.ts'), clusters()]).then(
      ([{ RolloutService: R }, { KubeControllerReader }, c]) =>
        (rolloutService = new R({
          workspace,
          events,
          git,
          // Exec plugins only with consent; a cluster the service watches answers from its watch, not a GET.
          reader: new KubeControllerReader({ consent: c.consent, exec: c.exec, watched: (ctx, ref) => c.watchedController(ctx, ref) }),
        })),
    ));
  // The drain-and-fail-over flow (issue 15): loaded on first use, with the rollout follower and cluster consent.
  let drainLoad: Promise<import('./drain-service.ts').DrainService> | undefined;
  const drains = () =>
    (drainLoad ??= import('./drain-service.ts').then(
      ({ DrainService, KubePlacementReader }) =>
        new DrainService({
          workspace,
          git,
          follow: async (commit) => (await rollouts()).start(commit),
          reader: async () => {
            const c = await clusters();
            return new KubePlacementReader({ consent: c.consent, exec: c.exec });
          },
        }),
    ));
  // Metrics (each cluster's Prometheus): loaded when the metrics view first asks.
  let metricsService: MetricsService | undefined;
  let metricsLoad: Promise<MetricsService> | undefined;
  const metrics = () =>
    (metricsLoad ??= Promise.all([import('./metrics/metrics-service.ts'), import('../../gitops/core/metrics/inputs.ts'), import('./metrics/in-cluster.ts'), import('../../gitops/core/metrics/hpa-live.ts'), clusters()]).then(
      // A Cluster without prometheusUrl: its in-cluster Prometheus through the API server, with the cluster service's consent and credentials;
      // the HPAs of the clusters live monitoring has connected.
      ([{ MetricsService: M }, { metricsInputs }, { InClusterPrometheus: P }, { hpaFromLive }, c]) =>
        (metricsService = new M({ model: () => metricsInputs(workspace.current().model), inCluster: new P({ consent: c.consent, exec: c.exec }), hpa: hpaFromLive(() => c.state) })),
    ));
  // Warming up runs on its own: a failed load is reported here and again to the first git call.
  const warm = setTimeout(guarded('loading the Git layer', git), 1500);
  warm.unref?.();
  const defaultParentDir = opts.defaultParentDir ?? path.join(os.homedir(), 'gantry');

  const opened = <T extends { root: string; name: string }>(snap: T): T => {
    rolloutService?.forget();
    clusterService?.forgetAll();
    recent.add(snap.root, snap.name);
    events.emit('workspace:onDidChange', { reason: 'open', files: [] });
    return snap;
  };

  if (opts.initialWorkspace) opened(workspace.openDir(opts.initialWorkspace));

  const handlers: Handlers = {
    'app:info': () => ({
      mode: opts.mode,
      version: opts.version,
      platform: process.platform,
      ...(workspace.root ? { initialWorkspace: workspace.root } : {}),
      envToken: opts.envToken ?? false,
      ...(opts.envToken && opts.envTokenOrigins?.length ? { envTokenOrigins: opts.envTokenOrigins } : {}),
      defaultParentDir,
    }),
    'app:pickFolder': async ({ title }) => {
      if (!opts.pickFolder) throw new HostError('not-supported', 'Browser mode has no folder picker; type the folder path.');
      return { dir: await opts.pickFolder(title) };
    },
    'workspace:recent': () => ({ items: recent.list() }),
    'workspace:open': ({ dir }) => opened(workspace.openDir(dir)),
    'workspace:createExample': ({ dir, example }) => opened(workspace.createExample(dir, example)),
    'workspace:close': () => {
      rolloutService?.forget();
      clusterService?.forgetAll();
      workspace.close();
      return { closed: true };
    },
    'workspace:snapshot': () => workspace.snapshot(),
    'workspace:readFile': ({ file }) => workspace.readFile(file),
    'workspace:writeFile': ({ file, content, expected }) => workspace.writeFile(file, content, expected),
    'workspace:validate': ({ file, content }) => workspace.validateDraft(file, content),
    'workspace:drafts': () => ({ items: workspace.storedDrafts() }),
    'workspace:routingMap': ({ health }) => routingScreen(workspace.current().model, health ? healthInputOf(health) : undefined),
    'plan:addTenant': (input) => plans.addTenant(input),
    'plan:drainShard': ({ shard }) => plans.drainShard(shard),
    'plan:apply': ({ files }) => workspace.writeFiles(files),
    'plan:drainPreview': async ({ shard, partial, health }) => (await drains()).preview(shard, partial ?? false, health),
    'plan:drainApply': async ({ opId, shard, partial, health }) => (await drains()).apply(opId, shard, partial ?? false, health),
    'plan:drainUndo': async ({ opId, commit }) => (await drains()).undo(opId, commit),
    ...cloud.handlers,
    'git:clone': async (input) => opened(await (await git()).clone(input)),
    'git:status': async () => (await git()).status(),
    'git:init': async () => (await git()).init(),
    'git:setRemote': async ({ url, allowPlainHttp }) => (await git()).setRemote(url, allowPlainHttp ?? false),
    'git:diff': async ({ path: file }) => (await git()).diff(file),
    'git:review': async () => (await git()).review(),
    'git:commit': async ({ message }) => (await git()).commit(message),
    'git:push': async ({ opId }) => (await git()).push(opId),
    'git:fetch': async ({ opId }) => (await git()).fetch(opId),
    'git:pull': async ({ opId }) => (await git()).pull(opId),
    'git:setAside': async () => (await git()).setAside(),
    'git:branchState': async () => (await git()).branchState(),
    'git:discard': async ({ paths }) => (await git()).discard(paths),
    'git:branches': async () => (await git()).branches(),
    'git:createBranch': async ({ name }) => (await git()).createBranch(name),
    'git:switchBranch': async ({ name }) => (await git()).switchBranch(name),
    'git:deleteBranch': async ({ name, force }) => (await git()).deleteBranch(name, force ?? false),
    'git:exportBundle': async (input) => (await handoff()).exportBundle(input),
    'git:previewBundle': async (input) => (await handoff()).previewBundle(input),
    'git:importBundle': async (input) => (await handoff()).importBundle(input),
    'git:revert': async ({ commit, trailers }) => (await git()).revert(commit, trailers ?? []),
    'git:history': async (input) => (await history()).page(input),
    'git:commitDiff': async ({ oid }) => (await history()).commit(oid),
    'cluster:followRollout': async ({ commit }) => (await rollouts()).start(commit),
    'cluster:rollout': () => rolloutService?.snapshot() ?? null,
    'cluster:list': async () => (await clusters()).list(),
    'cluster:connect': async ({ cluster }) => (await clusters()).connect(cluster),
    'cluster:disconnect': async ({ cluster }) => ({ disconnected: (await clusters()).disconnect(cluster) }),
    'cluster:subscribe': async ({ view }) => {
      const c = await clusters();
      await c.prepare(view);
      return c.subscribe(view);
    },
    'cluster:unsubscribe': async ({ subscription }) => ({ unsubscribed: (await clusters()).unsubscribe(subscription) }),
    'cluster:snapshot': async ({ subscription }) => (await clusters()).snapshot(subscription),
    'cluster:consentList': async () => (await clusters()).consentList(),
    'cluster:consentAllow': async (req) => (await clusters()).consentAllow(req),
    'cluster:consentRevoke': async ({ kubeconfig, context }) => ({ revoked: (await clusters()).consentRevoke(kubeconfig, context) }),
    'cluster:placement': async () => (await drains()).placement(),
    'metrics:board': async (input) => (await metrics()).board(input),
    'metrics:chart': async (input) => (await metrics()).chart(input),
    'metrics:gpus': async (input) => (await metrics()).gpus(input),
    'metrics:sla': async (input) => (await metrics()).sla(input),
    'metrics:close': ({ viewId }) => metricsService?.close(viewId) ?? { cancelled: 0 },
    'op:cancel': ({ opId }) => ({ cancelled: ops.cancel(opId) }),
  };

  return {
    dispatch: createDispatcher(handlers),
    events,
    workspace,
    dispose() {
      cloud.dispose();
      clearTimeout(warm);
      metricsService?.dispose();
      ops.cancelAll();
      rolloutService?.forget();
      clusterService?.dispose();
      gitService?.then((g) => g.dispose()).catch((err: unknown) => reportBackgroundError('closing the Git layer', err));
      workspace.close();
    },
  };
}
