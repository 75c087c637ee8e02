import { describe, expect, it } from 'vitest';
import type { ControllerRef } from '../../../gitops/core/render/cluster-objects.ts';
import { controllerResourceOf, isControllerResource, WatchedControllers } from './watched-controllers.ts';

const ref = (plural: string, kind: string): ControllerRef => ({ gitops: plural === 'applications' ? 'argocd' : 'flux', group: 'x', version: 'v1', plural, kind, namespace: 'n', name: 'apps' });

const ks = (name: string, rev: string) => ({ kind: 'Kustomization', metadata: { namespace: 'flux-system', name }, status: { lastAppliedRevision: rev } });

describe('watched controllers: what the rollout follower reads from a watch', () => {
  it('keeps each event, forgets a deleted one, and after a relist holds exactly the listed objects of that resource', () => {
    const w = new WatchedControllers();
    w.event('c', 'Kustomization', 'ADDED', ks('apps', 'main@sha1:a'));
    w.event('c', 'Kustomization', 'ADDED', ks('infra', 'main@sha1:a'));
    w.event('c', 'Application', 'ADDED', { kind: 'Application', metadata: { namespace: 'argocd', name: 'apps' } });
    w.event('c', 'Kustomization', 'MODIFIED', ks('apps', 'main@sha1:b'));
    expect(w.get('c', 'Kustomization', 'flux-system', 'apps')?.status).toEqual({ lastAppliedRevision: 'main@sha1:b' });
    w.event('c', 'Kustomization', 'DELETED', ks('infra', 'main@sha1:a'));
    expect(w.get('c', 'Kustomization', 'flux-system', 'infra')).toBeUndefined();
    // A relist after a watch gap: infra came back, apps is gone; the Application is untouched.
    w.relisted('c', 'Kustomization', [ks('infra', 'main@sha1:c')]);
    expect(w.get('c', 'Kustomization', 'flux-system', 'apps')).toBeUndefined();
    expect(w.get('c', 'Kustomization', 'flux-system', 'infra')?.status).toEqual({ lastAppliedRevision: 'main@sha1:c' });
    expect(w.get('c', 'Application', 'argocd', 'apps')).toBeDefined();
    // Another cluster's objects are its own; a disconnected cluster keeps nothing.
    expect(w.get('d', 'Kustomization', 'flux-system', 'infra')).toBeUndefined();
    w.drop('c');
    expect(w.get('c', 'Kustomization', 'flux-system', 'infra')).toBeUndefined();
  });

  it('keeps Flux Kustomizations and Argo CD Applications only', () => {
    expect(isControllerResource('Kustomization')).toBe(true);
    expect(isControllerResource('Application')).toBe(true);
    expect(isControllerResource('Pod')).toBe(false);
    expect(controllerResourceOf(ref('kustomizations', 'Kustomization'))).toBe('Kustomization');
    expect(controllerResourceOf(ref('applications', 'Application'))).toBe('Application');
    expect(controllerResourceOf(ref('gitrepositories', 'GitRepository'))).toBeUndefined();
  });
});
