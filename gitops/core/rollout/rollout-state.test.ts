import fc from 'fast-check';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argoApplicationState, commitOfRevision, fluxKustomizationState, type RolloutState } from './rollout-state.ts';

// Real upstream fixtures, next to the repository (like gitops/core/load/fast-yaml.test.ts does). Found
// by walking up, so the tests also run from a copy of the tree (Stryker's sandbox in .stryker-tmp-*/).
function fixturesDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared/fixtures/flux'))) return path.join(dir, 'shared/fixtures/');
    if (path.dirname(dir) === dir) throw new Error('shared/fixtures not found above this test');
  }
}
const FIXTURES = fixturesDir();

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
    ['trailing path after a branch/oid', `main/${OID}/x`],
    ['41 hex after a branch', `main/${OID}0`],
    ['words before sha1:', `notsha1:${OID}`],
    ['a space inside the branch', `a branch/${OID}`],
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

  it('a different commit is still progressing, and says which commit is applied (with the last verdict)', () => {
    expect(fluxKustomizationState(podinfo(), OTHER)).toStrictEqual({ ...appliedPodinfo, phase: 'progressing' });
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
    expect(fluxKustomizationState(suspended, OTHER)).toStrictEqual({ phase: 'suspended', appliedCommit: OID });
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

  it.each(['DependencyNotReady', 'HealthCheckCanceled', 'Progressing', 'ProgressingWithRetry'])('Ready=False for %s is only waiting: progressing', (reason) => {
    const waiting = ks({ lastAppliedRevision: `main@sha1:${B}`, lastAttemptedRevision: `main@sha1:${C}`, conditions: [cond('Ready', 'False', reason, 'waiting')] });
    expect(fluxKustomizationState(waiting, C, history)).toStrictEqual({ phase: 'progressing', appliedCommit: B, message: 'waiting', since: T });
  });

  it('Ready=False without a reason is a failure', () => {
    const noReason = ks({ lastAttemptedRevision: `main@sha1:${C}`, conditions: [{ type: 'Ready', status: 'False', message: 'it broke' }] });
    expect(fluxKustomizationState(noReason, C)).toStrictEqual({ phase: 'failed', message: 'it broke' });
  });

  it('only a revision the controller reported is offered to isAncestor', () => {
    const asked: unknown[][] = [];
    const everything = (a: string, b: string) => {
      asked.push([a, b]);
      return true;
    };
    const fresh = ks({ conditions: [cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')] });
    expect(fluxKustomizationState(fresh, C, { isAncestor: everything })).toStrictEqual({ phase: 'progressing', message: 'Reconciliation in progress', since: T });
    expect(asked).toEqual([]);
  });

  it('status with only lastAppliedRevision: applied for it, progressing (no message) for another commit', () => {
    const bare = ks({ lastAppliedRevision: `main@sha1:${C}` });
    expect(fluxKustomizationState(bare, C)).toStrictEqual({ phase: 'applied', appliedCommit: C });
    expect(fluxKustomizationState(bare, D)).toStrictEqual({ phase: 'progressing', appliedCommit: C });
  });

  it('Ready=True with no message and no revision: progressing, naming no commit', () => {
    expect(fluxKustomizationState(ks({ conditions: [{ type: 'Ready', status: 'True' }] }), C)).toStrictEqual({ phase: 'progressing' });
    expect(fluxKustomizationState(ks({ conditions: [{ type: 'Reconciling', status: 'True' }] }), C)).toStrictEqual({ phase: 'progressing' });
  });

  it('Stalled at the applied revision with no attempted revision is failed', () => {
    const stalled = ks({ lastAppliedRevision: `main@sha1:${C}`, conditions: [cond('Stalled', 'True', 'InvalidPath', 'path not found')] });
    expect(fluxKustomizationState(stalled, C)).toStrictEqual({ phase: 'failed', appliedCommit: C, message: 'path not found', since: T });
  });

  it('Ready=Unknown, nothing reconciling: progressing with the Ready message', () => {
    const unknownReady = ks({ lastAppliedRevision: `main@sha1:${B}`, conditions: [cond('Reconciling', 'False', 'Done', 'idle'), cond('Ready', 'Unknown', 'Progressing', 'Reconciliation in progress')] });
    expect(fluxKustomizationState(unknownReady, C)).toStrictEqual({ phase: 'progressing', appliedCommit: B, message: 'Reconciliation in progress', since: T });
  });

  it.each<[string, string]>([
    ['in quotes and brackets', `Applied revision ('main@sha1:${C}').`],
    ['after two spaces', `Applied revision:  "main/${C}",`],
    ['bare, in quotes and brackets', `Applied revision ("${C}");`],
  ])('reads the revision in a Ready message %s', (_, message) => {
    const ready = ks({ conditions: [cond('Ready', 'True', 'ReconciliationSucceeded', message)] });
    expect(fluxKustomizationState(ready, C)).toStrictEqual({ phase: 'applied', appliedCommit: C, message, since: T });
  });

  it('punctuation inside a word of the message does not make it a commit', () => {
    for (const word of [`${C.slice(0, 20)},${C.slice(20)}`, `${C.slice(0, 20)}'${C.slice(20)}`, `main@sha1:${C.slice(0, 20)}.${C.slice(20)}`]) {
      const ready = ks({ conditions: [cond('Ready', 'True', 'ReconciliationSucceeded', `Applied revision: ${word}`)] });
      expect(fluxKustomizationState(ready, C).appliedCommit, word).toBeUndefined();
    }
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
    ['Progressing health', { health: { status: 'Progressing', message: 'rolling out', lastTransitionTime: 'T2' } }, { phase: 'progressing', message: 'rolling out', since: 'T2' }],
    ['Healthy after a finished operation', { health: { status: 'Healthy' }, operationState: { phase: 'Succeeded', message: 'done' } }, { phase: 'unknown' }],
    ['an error condition', { sync: { status: 'Unknown' }, conditions: [{ type: 'ComparisonError', message: 'repo not found', lastTransitionTime: 'T3' }] }, { phase: 'failed', message: 'repo not found', since: 'T3' }],
  ])('naming no commit, %s is taken at face value', (_, status, expected) => {
    expect(argoApplicationState({ status }, REV)).toStrictEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string, RolloutState]>([
    ['an operation without a phase says nothing', { operationState: { syncResult: { revision: B } } }, B, { phase: 'unknown' }],
    ['a target without a sync status is on its way', { sync: { revision: B } }, A, { phase: 'progressing' }],
    ['history alone says what is live', { history: [{ revision: B }] }, B, { phase: 'unknown', appliedCommit: B }],
    ['a newer target, healthy, not synced yet', { sync: { status: 'OutOfSync', revision: C }, health: { status: 'Healthy' } }, B, { phase: 'progressing' }],
    ['out of sync with no target named, history elsewhere', { sync: { status: 'OutOfSync' }, health: { status: 'Healthy' }, history: [{ revision: B }] }, C, { phase: 'progressing', appliedCommit: B }],
    ['a failed sync of an unrelated commit', { operationState: { phase: 'Failed', message: 'boom', syncResult: { revision: C } } }, B, { phase: 'progressing' }],
  ])('hand-made status: %s', (_, status, commit, expected) => {
    expect(argoApplicationState({ status }, commit)).toStrictEqual(expected);
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
      const app = later(syncedTo(B, { status: 'Suspended', message: 'Rollout is paused', lastTransitionTime: '2024-03-06T09:05:00Z' }));
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'suspended', appliedCommit: B, message: 'Rollout is paused', since: '2024-03-06T09:05:00Z' });
    });

    it('synced to our commit, unknown health, a sync of it still running: progressing with the operation', () => {
      const msg = 'waiting for healthy state of apps/Deployment/test-lla';
      const app = later((s) => {
        opAt('Running', B, msg)(s);
        s.operationState!.syncResult = { revisions: [B, OTHER] };
        syncedTo(B, { status: 'Unknown' })(s);
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: B, message: msg, since: '2024-03-06T09:00:00Z' });
    });

    it('synced to our commit, unknown health, its sync finished: unknown', () => {
      const app = later((s) => {
        opAt('Succeeded', B, 'successfully synced (all tasks run)')(s);
        syncedTo(B, { status: 'Unknown' })(s);
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'unknown', appliedCommit: B });
    });

    it('healthy while a re-sync runs: applied, without the running operation\'s message', () => {
      const app = later((s) => {
        opAt('Running', B, 'syncing')(s);
        syncedTo(B, { status: 'Healthy' })(s);
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'applied', appliedCommit: B });
    });

    it('healthy with an empty health time: the sync\'s finish time', () => {
      const app = later((s) => {
        opAt('Succeeded', B, 'successfully synced (all tasks run)')(s);
        syncedTo(B, { status: 'Healthy', lastTransitionTime: '' })(s);
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'applied', appliedCommit: B, message: 'successfully synced (all tasks run)', since: '2024-03-06T09:01:00Z' });
    });

    it('a failed sync with an empty finish time is dated by its start', () => {
      const app = later((s) => {
        opAt('Failed', B, 'one or more objects failed to apply')(s);
        s.operationState!.finishedAt = '';
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'failed', appliedCommit: REV, message: 'one or more objects failed to apply', since: '2024-03-06T09:00:00Z' });
    });

    it('multi-source: a failed sync that includes our commit is failed', () => {
      const app = later((s) => {
        opAt('Failed', B, 'one or more objects failed to apply')(s);
        s.operationState!.syncResult = { revisions: [B, OTHER] };
      });
      expect(argoApplicationState(app, B).phase).toBe('failed');
    });

    it('multi-source: a retry under way outranks the error condition', () => {
      const app = later((s) => {
        opAt('Running', B, 'Retrying attempt #2')(s);
        s.operationState!.syncResult = { revisions: [B, OTHER] };
        s.sync = { ...s.sync, revisions: [B, OTHER] };
        (s as Record<string, unknown>).conditions = [{ type: 'SyncError', message: 'Failed sync attempt' }];
      });
      expect(argoApplicationState(app, B)).toMatchObject({ phase: 'progressing', message: 'Retrying attempt #2' });
    });

    it('multi-source: manifests that do not build for a target holding our commit are failed', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'Unknown', revision: undefined, revisions: [B, OTHER] };
        (s as Record<string, unknown>).conditions = [{ type: 'ComparisonError', message: 'kustomize build failed' }];
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'failed', appliedCommit: REV, message: 'kustomize build failed' });
    });

    it('an error condition about a newer target does not fail our commit', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'Unknown', revision: C };
        (s as Record<string, unknown>).conditions = [{ type: 'ComparisonError', message: 'kustomize build failed' }];
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: REV });
    });

    it('a warning condition is not a failure', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'OutOfSync', revision: B };
        (s as Record<string, unknown>).conditions = [{ type: 'SharedResourceWarning', message: 'Deployment/test-lla is part of other applications' }];
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: REV });
    });

    it('a sync of our commit that only says what it was asked for (no result yet) is followed', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'OutOfSync', revision: B };
        s.operationState = { phase: 'Running', message: 'syncing', startedAt: 'T0', operation: { sync: { revision: B } } };
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: REV, message: 'syncing', since: 'T0' });
    });

    it('a sync under way of another commit: progressing, with what Argo is doing', () => {
      const app = later(opAt('Running', C, 'syncing'));
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: REV, message: 'syncing', since: '2024-03-06T09:00:00Z' });
    });

    it('a sync that failed before it had a result is blamed on the commit it was asked for', () => {
      const app = later((s) => {
        s.sync = { ...s.sync, status: 'OutOfSync', revision: B };
        s.operationState = { phase: 'Failed', message: 'ComparisonError: rpc error', startedAt: 'T0', finishedAt: 'T1', operation: { sync: { revision: B } } };
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'failed', appliedCommit: REV, message: 'ComparisonError: rpc error', since: 'T1' });
    });

    it('a finished sync of our commit that is not what is live now: progressing, without the old message', () => {
      const app = later((s) => {
        opAt('Succeeded', B, 'successfully synced (all tasks run)')(s);
        s.sync = { ...s.sync, status: 'Synced', revision: C };
      });
      expect(argoApplicationState(app, B)).toStrictEqual({ phase: 'progressing', appliedCommit: C });
    });

    it('a Terminating operation at our commit is still progressing', () => {
      expect(argoApplicationState(later(opAt('Terminating', B, 'terminating')), B)).toStrictEqual({ phase: 'progressing', appliedCommit: REV, message: 'terminating', since: '2024-03-06T09:00:00Z' });
    });

    it('a finished sync of another commit while Synced elsewhere: progressing, without its message', () => {
      const app = later((s) => {
        opAt('Succeeded', B, 'successfully synced (all tasks run)')(s);
        s.sync = { ...s.sync, status: 'Synced', revision: C };
      });
      expect(argoApplicationState(app, D)).toStrictEqual({ phase: 'progressing', appliedCommit: C });
    });

    it('Synced to a non-commit with a non-commit operation: the history says what is live', () => {
      const app = later((s) => {
        s.operationState!.syncResult = { revision: '1.2.3' };
        s.operationState!.operation = { sync: { revision: '1.2.3' } };
      });
      expect(argoApplicationState(app, REV)).toMatchObject({ phase: 'applied', appliedCommit: REV });
    });

    it('a commit argument that is not a commit id is unknown, and says what is live', () => {
      expect(argoApplicationState(velero(), 'main')).toStrictEqual({ phase: 'unknown', appliedCommit: REV });
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

  // toStrictEqual: fields nobody reported are left out, not sent as undefined.
  it.each(odd.map((o) => [JSON.stringify(o) ?? String(o), o]))('%s is unknown', (_, o) => {
    expect(fluxKustomizationState(o, C)).toStrictEqual({ phase: 'unknown' });
    expect(argoApplicationState(o, C)).toStrictEqual({ phase: 'unknown' });
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
