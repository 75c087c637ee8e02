import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { argoApplicationState, fluxKustomizationState } from '../rollout/rollout-state.ts';
import { capturedState, flux, type K8s } from './__fixtures__/load.ts';
import { project } from './projections.ts';
import type { ApplicationView, KustomizationView } from './projection-types.ts';
import { clusterReconciliation, reconciliationTimeline } from './reconciliation.ts';
import { applyWatchEvent, EMPTY_STATE } from './watch-state.ts';

/** A file of the upstream fixtures in ../shared/fixtures, found by walking up (as rollout-state.test.ts does). */
function sharedFixture(rel: string): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared/fixtures/flux'))) return readFileSync(path.join(dir, 'shared/fixtures', rel), 'utf8');
    if (path.dirname(dir) === dir) throw new Error('shared/fixtures not found');
  }
}
const argoExample = (name: string) => parse(sharedFixture(`argocd/examples/${name}`)) as K8s;

const OLD = '692066b49a58c777601fe148f93ffe85c10f5039';
const NEW = 'b3d1ac4031439ed3faa502650577f22b9901ad26';
const C = 'aks-weu-prod';
const at = (file: string) => capturedState(C, undefined, file).clusters[C];

describe('per cluster: the commit it runs, what it fetched, and the controller\'s verdict (real Flux)', () => {
  it('applied', () => {
    expect(clusterReconciliation(at('flux-applied.json'), C, 'flux')).toEqual({
      gitops: 'flux', found: true, running: OLD, fetched: OLD, attempted: OLD, phase: 'applied',
      message: `Applied revision: main@sha1:${OLD}`, since: '2026-12-01T13:10:05Z',
    });
  });

  it('a fetched commit that does not build: still runs the old one, failed with kustomize\'s message', () => {
    const r = clusterReconciliation(at('flux-build-failed.json'), C, 'flux');
    expect(r).toMatchObject({ running: OLD, fetched: NEW, attempted: NEW, phase: 'failed' });
    expect(r.message).toMatch(/^kustomize build failed: accumulating resources: .*missing-file\.yaml/);
    expect(r).not.toHaveProperty('fetchError');
  });

  it('the Git server gone: source-controller\'s own message', () => {
    expect(clusterReconciliation(at('flux-source-unreachable.json'), C, 'flux').fetchError?.message).toMatch(/^failed to checkout and determine revision: .*connection refused$/);
  });

  it('no controller object: missing', () => {
    expect(clusterReconciliation(undefined, C, 'flux')).toEqual({ gitops: 'flux', found: false, phase: 'missing' });
  });

  it('Argo CD: Git\'s target revision and its verdict', () => {
    const app = { ...argoExample('gitops-engine_health_application-degraded.yaml'), metadata: { name: 'gantry-aks-sdc-prod', namespace: 'argocd', uid: 'u1' } };
    (app as unknown as { status: Record<string, unknown> }).status.sync = { status: 'Synced', revision: NEW };
    const s = applyWatchEvent(EMPTY_STATE, { cluster: 'aks-sdc-prod', kind: 'Application', type: 'RELIST', objects: [app] }).state;
    expect(clusterReconciliation(s.clusters['aks-sdc-prod'], 'aks-sdc-prod', 'argocd')).toMatchObject({ gitops: 'argocd', found: true, running: NEW, fetched: NEW, phase: 'failed' });
  });
});

describe('the timeline: the last commits and where each stands per cluster', () => {
  it('the broken commit failed on the cluster, the one before it is applied there, an unconnected cluster is unknown', () => {
    const rows = reconciliationTimeline(
      [{ oid: NEW, subject: 'break it' }, { oid: OLD, subject: 'Add the example platform' }],
      { [C]: { gitops: 'flux', live: at('flux-build-failed.json') }, 'aks-eus-prod': { gitops: 'flux', live: undefined } },
    );
    expect(rows.map((r) => [r.commit.subject, r.clusters[C]!.phase, r.clusters['aks-eus-prod']!.phase])).toEqual([
      ['break it', 'failed', 'unknown'],
      ['Add the example platform', 'applied', 'unknown'],
    ]);
  });
});

describe('the projections keep everything rollout-state.ts reads (one implementation of the verdicts)', () => {
  const commits = [OLD, NEW, 'f'.repeat(40)];
  it('Flux: the same verdict from the projection as from the whole object', () => {
    for (const file of ['flux-applied.json', 'flux-build-failed.json', 'flux-source-unreachable.json']) {
      const k = flux(file).find((o) => o.kind === 'Kustomization')!;
      const view = project('Kustomization', k) as KustomizationView;
      for (const c of commits) expect(fluxKustomizationState(view.controller, c), `${file} ${c}`).toEqual(fluxKustomizationState(k, c));
    }
  });
  it('Argo CD: the same verdict from the projection as from the whole object', () => {
    const app = argoExample('application-with-status_controller-testdata-diff-cache.yaml');
    const view = project('Application', app) as ApplicationView;
    for (const c of ['ea8759964626a583667a2bfd08f334ec2070040a', ...commits]) expect(argoApplicationState(view.controller, c)).toEqual(argoApplicationState(app, c));
  });
});
