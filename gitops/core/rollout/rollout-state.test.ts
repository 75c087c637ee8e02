import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argoApplicationState, commitOfRevision, fluxKustomizationState, type RolloutState } from './rollout-state.ts';

// Real upstream fixtures, next to the repository (like gitops/core/load/fast-yaml.test.ts does).
const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));

function fixtureText(rel: string): string {
  return readFileSync(FIXTURES + rel, 'utf8');
}

/** The documents of a flux CLI test template, with `{{ .fluxns }}` and friends filled in. */
function fluxTemplate(rel: string): unknown[] {
  const text = fixtureText(rel).replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_, name: string) => (name === 'fluxns' ? 'flux-system' : name));
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors).toEqual([]);
    return doc.toJS() as unknown;
  });
}

interface Obj {
  kind?: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
}

function pick(docs: unknown[], kind: string, name: string): Obj {
  const found = docs.find((d) => (d as Obj).kind === kind && (d as Obj).metadata?.name === name);
  expect(found, `${kind}/${name}`).toBeDefined();
  return structuredClone(found) as Obj;
}

function argoExample(name: string): Obj {
  return parse(fixtureText(`argocd/examples/${name}`)) as Obj;
}

/** isAncestor for a straight history: each commit is an ancestor of the ones after it. */
function linear(...history: string[]): (a: string, b: string) => boolean {
  return (a, b) => history.includes(a) && history.indexOf(a) < history.indexOf(b);
}

const hex = (c: string) => c.repeat(40);
const [A, B, C, D, E] = ['a', 'b', 'c', 'd', 'e'].map(hex) as [string, string, string, string, string];
const OTHER = '0123456789abcdef0123456789abcdef01234567';

describe('commitOfRevision', () => {
  const OID = '696f056df216eea4f9401adbee0ff744d4df390f';
  it.each<[string, unknown]>([
    ['Flux v1 branch', `main@sha1:${OID}`],
    ['Flux v1 tag (kustomize-controller docs, history)', `v1.0.1@sha1:${OID}`],
    ['Flux v1 full ref', `refs/heads/main@sha1:${OID}`],
    ['Flux v1beta branch', `main/${OID}`],
    ['Flux v1beta branch with a slash', `feature/login/${OID}`],
    ['pinned commit', `sha1:${OID}`],
    ['bare oid (Argo CD)', OID],
    ['upper-case hex', OID.toUpperCase()],
    ['upper-case hex after a branch', `main@sha1:${OID.toUpperCase()}`],
  ])('%s -> the oid', (_, revision) => {
    expect(commitOfRevision(revision)).toBe(OID);
  });

  it.each<[string, unknown]>([
    ['sha256 digest with a tag', `latest@sha256:${'f'.repeat(64)}`],
    ['sha256 digest', `sha256:${'f'.repeat(64)}`],
    ['39 hex', OID.slice(1)],
    ['41 hex', `${OID}0`],
    ['leading space', ` ${OID}`],
    ['trailing newline', `${OID}\n`],
    ['no oid after sha1:', 'main@sha1:'],
    ['trailing path after the oid', `main@sha1:${OID}/x`],
    ['a branch name', 'main'],
    ['a chart version', '6.3.5'],
    ['HEAD', 'HEAD'],
    ["Argo's test data", 'rev1'],
    ['not hex', 'g'.repeat(40)],
    ['empty', ''],
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['an object', { revision: OID }],
    ['an array', [OID]],
  ])('%s -> undefined', (_, revision) => {
    expect(commitOfRevision(revision)).toBeUndefined();
  });
});

describe('fluxKustomizationState on the flux CLI fixtures', () => {
  const OID = '696f056df216eea4f9401adbee0ff744d4df390f';
  const podinfo = () => pick(fluxTemplate('flux/examples/flux2_testdata_get_kustomization_only.yaml.tmpl'), 'Kustomization', 'podinfo');
  const appliedPodinfo: RolloutState = {
    phase: 'applied',
    appliedCommit: OID,
    message: `Applied revision: main@sha1:${OID}`,
    since: '2021-08-01T04:52:56Z',
  };

  it('a Ready Kustomization has applied its own revision', () => {
    expect(fluxKustomizationState(podinfo(), OID)).toEqual(appliedPodinfo);
  });

  it('accepts the commit in revision form or in upper case', () => {
    expect(fluxKustomizationState(podinfo(), `main@sha1:${OID}`).phase).toBe('applied');
    expect(fluxKustomizationState(podinfo(), OID.toUpperCase()).phase).toBe('applied');
  });

  it('a different commit is still progressing, and says which commit is applied', () => {
    expect(fluxKustomizationState(podinfo(), OTHER)).toMatchObject({ phase: 'progressing', appliedCommit: OID });
  });

  it('a commit the applied revision contains is applied', () => {
    const calls: [string, string][] = [];
    const isAncestor = (a: string, b: string) => {
      calls.push([a, b]);
      return a === OTHER && b === OID;
    };
    expect(fluxKustomizationState(podinfo(), OTHER, { isAncestor })).toEqual(appliedPodinfo);
    expect(calls).toContainEqual([OTHER, OID]);
  });

  it('asks isAncestor(ours, theirs), not the other way round', () => {
    const isAncestor = (a: string, b: string) => a === OID && b === OTHER;
    expect(fluxKustomizationState(podinfo(), OTHER, { isAncestor }).phase).toBe('progressing');
  });

  it('an isAncestor that throws counts as "no"', () => {
    const isAncestor = () => {
      throw new Error('git is gone');
    };
    expect(fluxKustomizationState(podinfo(), OTHER, { isAncestor }).phase).toBe('progressing');
    expect(fluxKustomizationState(podinfo(), OID, { isAncestor }).phase).toBe('applied');
  });

  it('reads the infrastructure Kustomization of the HelmRelease trace', () => {
    const infra = pick(fluxTemplate('flux/examples/flux2_testdata_trace_helmrelease.yaml.tmpl'), 'Kustomization', 'infrastructure');
    expect(fluxKustomizationState(infra, OID)).toEqual(appliedPodinfo);
  });

  it('without lastAppliedRevision, takes the revision from the Ready message', () => {
    const infra = pick(fluxTemplate('flux/examples/flux2_testdata_trace_deployment.yaml.tmpl'), 'Kustomization', 'infrastructure');
    expect(infra.status?.lastAppliedRevision).toBeUndefined();
    expect(fluxKustomizationState(infra, OID)).toEqual(appliedPodinfo);
    expect(fluxKustomizationState(infra, OTHER)).toMatchObject({ phase: 'progressing', appliedCommit: OID });
  });

  it('a suspended Kustomization is suspended for a commit it has not applied, applied for one it has', () => {
    const suspended = podinfo();
    suspended.spec = { ...suspended.spec, suspend: true };
    expect(fluxKustomizationState(suspended, OTHER)).toEqual({ phase: 'suspended', appliedCommit: OID });
    expect(fluxKustomizationState(suspended, OID).phase).toBe('applied');
    expect(fluxKustomizationState({ spec: { suspend: true } }, OID)).toEqual({ phase: 'suspended' });
  });

  it('objects without a status are unknown', () => {
    const docs = fluxTemplate('flux/examples/flux2_testdata_trace_deployment.yaml.tmpl');
    expect(fluxKustomizationState(pick(docs, 'Namespace', 'flux-system'), OID)).toEqual({ phase: 'unknown' });
    expect(fluxKustomizationState(pick(docs, 'GitRepository', 'flux-system'), OID)).toEqual({ phase: 'unknown' });
    const fresh = podinfo();
    delete fresh.status;
    expect(fluxKustomizationState(fresh, OID)).toEqual({ phase: 'unknown' });
  });
});

describe('fluxKustomizationState on the kustomize-controller docs', () => {
  const docs = fixtureText('flux/docs/kustomize-controller_spec_v1_kustomizations.md');

  // The `kubectl describe` output under "Describe the Kustomization", as JSON.
  const REV = '67e2c98a60dc92283531412a9e604dd4bae005a9';
  const pathNotFound = 'kustomization path not found: stat /tmp/kustomization-1464362706/invalid: no such file or directory';
  const fetching = `Fetching manifests for revision master/${REV} with a timeout of 4m30s`;
  const described = {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    status: {
      conditions: [
        { lastTransitionTime: '2023-03-29T06:09:32Z', message: fetching, observedGeneration: 3, reason: 'ProgressingWithRetry', status: 'True', type: 'Reconciling' },
        { lastTransitionTime: '2023-03-29T06:09:32Z', message: pathNotFound, observedGeneration: 3, reason: 'ArtifactFailed', status: 'False', type: 'Ready' },
      ],
      lastAppliedRevision: `master/${REV}`,
      lastAttemptedRevision: `master/${REV}`,
      observedGeneration: 2,
    },
  };

  it('the transcription matches the docs', () => {
    for (const s of [pathNotFound, fetching, `Last Applied Revision:    master/${REV}`, 'Reason:                ArtifactFailed']) expect(docs).toContain(s);
  });

  it('a failing attempt at the applied revision is failed, with the controller message', () => {
    expect(fluxKustomizationState(described, REV)).toEqual({ phase: 'failed', appliedCommit: REV, message: pathNotFound, since: '2023-03-29T06:09:32Z' });
  });

  it('an older commit contained in that revision is failed too', () => {
    expect(fluxKustomizationState(described, OTHER, { isAncestor: linear(OTHER, REV) }).phase).toBe('failed');
  });

  it('a commit the controller has not tried is progressing, and says what is in the way', () => {
    expect(fluxKustomizationState(described, OTHER)).toEqual({ phase: 'progressing', appliedCommit: REV, message: pathNotFound, since: '2023-03-29T06:09:32Z' });
  });

  it('the Ready example (no lastAppliedRevision shown) is applied', () => {
    const message = 'Applied revision: master@sha1:450796ddb2ab6724ee1cc32a4be56da032d1cca0';
    expect(docs).toContain(`Message:               ${message}`);
    const ready = { status: { conditions: [{ lastTransitionTime: '2023-03-07T11:14:41Z', message, reason: 'ReconciliationSucceeded', status: 'True', type: 'Ready' }] } };
    expect(fluxKustomizationState(ready, '450796ddb2ab6724ee1cc32a4be56da032d1cca0')).toEqual({
      phase: 'applied',
      appliedCommit: '450796ddb2ab6724ee1cc32a4be56da032d1cca0',
      message,
      since: '2023-03-07T11:14:41Z',
    });
  });
});

describe('fluxKustomizationState decisions', () => {
  const T = '2026-01-10T10:00:00Z';
  const cond = (type: string, status: string, reason: string, message: string) => ({ type, status, reason, message, lastTransitionTime: T });
  const ks = (status: Record<string, unknown>) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', spec: {}, status });
  const history = { isAncestor: linear(A, B, C, D, E) };

  const buildFailed = 'kustomize build failed: accumulating resources: missing file deploy.yaml';
  const newerBuildFailed = ks({
    lastAppliedRevision: `main@sha1:${C}`,
    lastAttemptedRevision: `main@sha1:${D}`,
    conditions: [cond('Ready', 'False', 'BuildFailed', buildFailed)],
  });

  it('a commit whose attempt failed is failed', () => {
    expect(fluxKustomizationState(newerBuildFailed, D, history)).toEqual({ phase: 'failed', appliedCommit: C, message: buildFailed, since: T });
  });

  it('an unapplied commit under a failed descendant is failed', () => {
    const between = ks({ ...newerBuildFailed.status, lastAttemptedRevision: `main@sha1:${E}` });
    expect(fluxKustomizationState(between, D, history).phase).toBe('failed');
  });

  it('a commit applied before a newer attempt failed stays applied', () => {
    expect(fluxKustomizationState(newerBuildFailed, C, history)).toEqual({ phase: 'applied', appliedCommit: C });
    expect(fluxKustomizationState(newerBuildFailed, B, history).phase).toBe('applied');
  });

  it('Stalled=True is failed with the Stalled message', () => {
    const stalled = ks({
      lastAppliedRevision: `main@sha1:${C}`,
      lastAttemptedRevision: `main@sha1:${C}`,
      conditions: [
        cond('Ready', 'False', 'InvalidCELExpression', 'ready: invalid expression'),
        cond('Stalled', 'True', 'InvalidCELExpression', 'Reconciliation failed terminally due to configuration error: invalid expression'),
      ],
    });
    expect(fluxKustomizationState(stalled, C)).toMatchObject({ phase: 'failed', message: 'Reconciliation failed terminally due to configuration error: invalid expression' });
  });

  it('a failure with no revision to blame (source missing) blocks our commit', () => {
    const noSource = ks({ conditions: [cond('Ready', 'False', 'ArtifactFailed', "GitRepository.source.toolkit.fluxcd.io \"podinfo\" not found")] });
    expect(fluxKustomizationState(noSource, C)).toEqual({ phase: 'failed', message: 'GitRepository.source.toolkit.fluxcd.io "podinfo" not found', since: T });
  });

  it('a failure at an older revision leaves a newer commit progressing', () => {
    const older = ks({
      lastAppliedRevision: `main@sha1:${A}`,
      lastAttemptedRevision: `main@sha1:${B}`,
      conditions: [cond('Ready', 'False', 'HealthCheckFailed', 'timeout waiting for: [Deployment/default/podinfo status: InProgress]')],
    });
    expect(fluxKustomizationState(older, C, history)).toMatchObject({ phase: 'progressing', appliedCommit: A });
  });

  it('an unknown Ready=False reason counts as a failure', () => {
    const odd = ks({ lastAttemptedRevision: `main@sha1:${C}`, conditions: [cond('Ready', 'False', 'SomethingNew', 'it broke')] });
    expect(fluxKustomizationState(odd, C).phase).toBe('failed');
  });

  it('waiting for a dependency is progressing, with the reason', () => {
    const waiting = ks({
      lastAppliedRevision: `main@sha1:${B}`,
      conditions: [cond('Ready', 'False', 'DependencyNotReady', "dependency 'flux-system/infra' is not ready")],
    });
    expect(fluxKustomizationState(waiting, C, history)).toEqual({ phase: 'progressing', appliedCommit: B, message: "dependency 'flux-system/infra' is not ready", since: T });
    expect(fluxKustomizationState(waiting, B, history).phase).toBe('applied');
  });

  it('a reconcile under way names the revision it is working on', () => {
    const fetchingD = `Fetching manifests for revision main@sha1:${D} with a timeout of 5m0s`;
    const busy = ks({
      lastAppliedRevision: `main@sha1:${C}`,
      lastAttemptedRevision: `main@sha1:${C}`,
      conditions: [cond('Reconciling', 'True', 'Progressing', fetchingD), cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')],
    });
    expect(fluxKustomizationState(busy, D, history)).toEqual({ phase: 'progressing', appliedCommit: C, message: fetchingD, since: T });
    // Re-reconciling does not take back an applied commit.
    expect(fluxKustomizationState(busy, C, history)).toEqual({ phase: 'applied', appliedCommit: C });
  });

  it('a failure before lastAttemptedRevision moves is blamed on the revision Reconciling names', () => {
    const retrying = ks({
      lastAppliedRevision: `main@sha1:${C}`,
      lastAttemptedRevision: `main@sha1:${C}`,
      conditions: [
        cond('Reconciling', 'True', 'ProgressingWithRetry', `Fetching manifests for revision main@sha1:${D} with a timeout of 5m0s`),
        cond('Ready', 'False', 'ArtifactFailed', 'kustomization path not found'),
      ],
    });
    expect(fluxKustomizationState(retrying, D, history)).toMatchObject({ phase: 'failed', message: 'kustomization path not found' });
    expect(fluxKustomizationState(retrying, C, history).phase).toBe('applied');
  });

  it('a commit argument that is not a commit id is unknown', () => {
    expect(fluxKustomizationState(newerBuildFailed, 'main')).toEqual({ phase: 'unknown', appliedCommit: C });
  });
});

describe('argoApplicationState on the Argo CD fixtures', () => {
  const REV = 'ea8759964626a583667a2bfd08f334ec2070040a';
  const velero = () => argoExample('application-with-status_controller-testdata-diff-cache.yaml');
  const history = { isAncestor: linear(A, REV, B, C) };

  it('a synced, healthy application has applied the revision it last synced', () => {
    expect(argoApplicationState(velero(), REV)).toEqual({
      phase: 'applied',
      appliedCommit: REV,
      message: 'successfully synced (all tasks run)',
      since: '2024-03-05T07:33:04Z',
    });
  });

  it('a different commit is progressing', () => {
    expect(argoApplicationState(velero(), OTHER)).toEqual({ phase: 'progressing', appliedCommit: REV });
  });

  it('a commit the synced revision contains is applied', () => {
    expect(argoApplicationState(velero(), A, history).phase).toBe('applied');
    expect(argoApplicationState(velero(), B, history).phase).toBe('progressing');
  });

  it('the degraded example is failed (it carries no message)', () => {
    expect(argoApplicationState(argoExample('gitops-engine_health_application-degraded.yaml'), REV)).toEqual({ phase: 'failed' });
  });

  it('the healthy example names no commit, so it cannot vouch for ours', () => {
    expect(argoApplicationState(argoExample('gitops-engine_health_application-healthy.yaml'), REV)).toEqual({ phase: 'unknown' });
  });

  it.each<[string, Record<string, unknown>, RolloutState]>([
    ['a failed operation', { operationState: { phase: 'Failed', message: 'ComparisonError: repo not found', startedAt: 'T0', finishedAt: 'T1' } }, { phase: 'failed', message: 'ComparisonError: repo not found', since: 'T1' }],
    ['Missing health', { health: { status: 'Missing' } }, { phase: 'progressing' }],
    ['Suspended health', { health: { status: 'Suspended', message: 'paused' } }, { phase: 'suspended', message: 'paused' }],
    ['an operation under way', { operationState: { phase: 'Running', message: 'syncing', startedAt: 'T0' } }, { phase: 'progressing', message: 'syncing', since: 'T0' }],
  ])('naming no commit, %s is taken at face value', (_, status, expected) => {
    expect(argoApplicationState({ status }, REV)).toEqual(expected);
  });

  it('the spec reference has no status', () => {
    expect(argoApplicationState(argoExample('application-spec-reference_docs-operator-manual.yaml'), REV)).toEqual({ phase: 'unknown' });
  });

  describe('the same application, further on', () => {
    type Status = Record<string, Record<string, unknown>>;
    const later = (patch: (status: Status) => void) => {
      const app = velero();
      patch(app.status as Status);
      return app;
    };
    const opAt = (phase: string, rev: string, message: string) => (s: Status) => {
      s.operationState = { ...s.operationState, phase, message, startedAt: '2024-03-06T09:00:00Z', finishedAt: phase === 'Running' ? undefined : '2024-03-06T09:01:00Z' };
      s.operationState!.syncResult = { ...(s.operationState!.syncResult as object), revision: rev };
      s.sync = { ...s.sync, status: 'OutOfSync', revision: rev };
    };

    it('a sync of our commit that failed is failed, with the operation message', () => {
      const msg = 'one or more objects failed to apply, reason: Deployment.apps "test-lla" is invalid';
      const app = later(opAt('Failed', B, msg));
      expect(argoApplicationState(app, B, history)).toEqual({ phase: 'failed', appliedCommit: REV, message: msg, since: '2024-03-06T09:01:00Z' });
      expect(argoApplicationState(app, C, history).phase).toBe('progressing');
      // Our commit was live before the newer sync failed: still applied.
      expect(argoApplicationState(app, REV, history)).toEqual({ phase: 'applied', appliedCommit: REV });
    });

    it('an operation that ended in Error is failed', () => {
      expect(argoApplicationState(later(opAt('Error', B, 'rpc error: code = Unknown')), B).phase).toBe('failed');
    });

    it('a sync under way is progressing, with the operation message', () => {
      const msg = 'waiting for healthy state of apps/Deployment/test-lla';
      expect(argoApplicationState(later(opAt('Running', B, msg)), B)).toEqual({ phase: 'progressing', appliedCommit: REV, message: msg, since: '2024-03-06T09:00:00Z' });
    });

    it('a retry under way outranks the error condition the previous attempt left', () => {
      const msg = 'Retrying attempt #2 at 9:00AM: one or more objects failed to apply';
      const app = later((s) => {
        opAt('Running', B, msg)(s);
        (s as Record<string, unknown>).conditions = [{ type: 'SyncError', message: `Failed sync attempt to ${B}: one or more objects failed to apply` }];
      });
      expect(argoApplicationState(app, B)).toMatchObject({ phase: 'progressing', message: msg });
    });

    const syncedTo = (rev: string, health: Record<string, string>) => (s: Status) => {
      s.sync = { ...s.sync, status: 'Synced', revision: rev };
      s.health = health;
    };

    it('synced to our commit but Degraded is failed, with the health message', () => {
      const app = later(syncedTo(B, { status: 'Degraded', message: 'Deployment "test-lla" exceeded its progress deadline', lastTransitionTime: '2024-03-06T09:05:00Z' }));
      expect(argoApplicationState(app, B)).toEqual({
        phase: 'failed',
        appliedCommit: B,
        message: 'Deployment "test-lla" exceeded its progress deadline',
        since: '2024-03-06T09:05:00Z',
      });
    });

    it('synced to our commit and still rolling out is progressing', () => {
      const app = later(syncedTo(B, { status: 'Progressing', message: 'Waiting for rollout to finish: 0 of 1 updated replicas are available...' }));
      expect(argoApplicationState(app, B)).toMatchObject({ phase: 'progressing', appliedCommit: B, message: 'Waiting for rollout to finish: 0 of 1 updated replicas are available...' });
    });

    it('synced to our commit with a paused rollout is suspended', () => {
      expect(argoApplicationState(later(syncedTo(B, { status: 'Suspended' })), B).phase).toBe('suspended');
    });

    it('synced to our commit with resources still Missing is progressing', () => {
      expect(argoApplicationState(later(syncedTo(B, { status: 'Missing' })), B)).toEqual({ phase: 'progressing', appliedCommit: B });
    });

    it('synced to our commit with unknown health is unknown', () => {
      expect(argoApplicationState(later(syncedTo(B, { status: 'Unknown' })), B)).toEqual({ phase: 'unknown', appliedCommit: B });
    });

    it('manifests that do not build for our commit are failed, with the condition message', () => {
      const msg = 'Failed to load target state: failed to generate manifest for source 1 of 1: rpc error: kustomize build failed';
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'Unknown', revision: B };
        (s as Record<string, unknown>).conditions = [{ type: 'ComparisonError', message: msg, lastTransitionTime: '2024-03-06T09:02:00Z' }];
      });
      expect(argoApplicationState(app, B)).toEqual({ phase: 'failed', appliedCommit: REV, message: msg, since: '2024-03-06T09:02:00Z' });
      expect(argoApplicationState(app, REV).phase).toBe('applied');
    });

    it('Synced to a non-commit ("rev1"): the last successful sync, then the history, say what is live', () => {
      const newerOp = later((s) => {
        s.operationState!.syncResult = { ...(s.operationState!.syncResult as object), revision: B };
      });
      expect(argoApplicationState(newerOp, B)).toMatchObject({ phase: 'applied', appliedCommit: B });
      const noHistory = later((s) => {
        delete s.history;
      });
      expect(argoApplicationState(noHistory, REV)).toMatchObject({ phase: 'applied', appliedCommit: REV });
      const neither = later((s) => {
        delete s.history;
        delete s.operationState;
      });
      expect(argoApplicationState(neither, REV)).toEqual({ phase: 'unknown' });
    });

    it('multi-source: any source revision may hold our commit', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'Synced', revision: undefined, revisions: ['1.2.3', B] };
      });
      expect(argoApplicationState(app, B)).toMatchObject({ phase: 'applied', appliedCommit: B });
    });
  });
});

describe('odd shapes never throw', () => {
  const odd: unknown[] = [
    null,
    undefined,
    'Kustomization',
    42,
    true,
    [],
    [{ status: {} }],
    {},
    { status: null },
    { status: 'Ready' },
    { status: [] },
    { status: {} },
    { spec: null, status: { lastAppliedRevision: 7, lastAttemptedRevision: ['x'] } },
    { status: { conditions: 'Ready' } },
    { status: { conditions: [null, 7, 'Ready', { type: 3 }, {}, []] } },
    { status: { sync: [], health: 'Healthy', operationState: { syncResult: null, operation: 5 }, history: {} } },
    { status: { history: [null, 'x'], sync: { revisions: 'abc' } } },
  ];

  it.each(odd.map((o) => [JSON.stringify(o) ?? String(o), o]))('%s is unknown', (_, o) => {
    expect(fluxKustomizationState(o, C)).toEqual({ phase: 'unknown' });
    expect(argoApplicationState(o, C)).toEqual({ phase: 'unknown' });
  });

  const PHASES = ['applied', 'progressing', 'failed', 'suspended', 'unknown'];
  const vocab = fc.constantFrom<unknown>(
    'True', 'False', 'Unknown', 'Ready', 'Stalled', 'Reconciling', 'BuildFailed', 'DependencyNotReady',
    'Synced', 'OutOfSync', 'Healthy', 'Degraded', 'Progressing', 'Suspended', 'Missing', 'Running', 'Succeeded', 'Failed', 'Error', 'ComparisonError',
    C, D, `main@sha1:${C}`, `main/${D}`, `Applied revision: main@sha1:${C}`, 'Fetching manifests for revision main/' + D, '', null, 0, true,
  );
  const key = fc.constantFrom(
    'status', 'spec', 'suspend', 'conditions', 'type', 'reason', 'message', 'lastTransitionTime', 'lastAppliedRevision', 'lastAttemptedRevision',
    'sync', 'revision', 'revisions', 'health', 'operationState', 'phase', 'syncResult', 'operation', 'history', 'startedAt', 'finishedAt',
  );
  const shapes = fc.oneof(fc.anything(), fc.anything({ key, values: [vocab], maxDepth: 5 }));

  it('random input gives a well-formed state', () => {
    fc.assert(
      fc.property(shapes, fc.constantFrom(C, D, 'junk'), fc.boolean(), (obj, commit, ancestors) => {
        const opts = ancestors ? { isAncestor: linear(A, B, C, D, E) } : undefined;
        for (const s of [fluxKustomizationState(obj, commit, opts), argoApplicationState(obj, commit, opts)]) {
          expect(PHASES).toContain(s.phase);
          if (s.appliedCommit !== undefined) expect(s.appliedCommit).toMatch(/^[0-9a-f]{40}$/);
          for (const v of [s.message, s.since]) if (v !== undefined) expect(typeof v).toBe('string');
        }
      }),
      { numRuns: 500 },
    );
  });
});
