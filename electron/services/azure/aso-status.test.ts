import { describe, expect, it } from 'vitest';
import { asoResource, sortAso } from './aso-status.ts';

// Ready conditions as ASO's condition builders make them (pkg/genruntime/conditions: MakeTrueCondition
// sets reason Succeeded and no severity; Reconciling is False/Info with its fixed message; failures are
// False with Warning or Error; Unknown has no severity).
const obj = (name: string, cond?: Record<string, unknown>, generation = 1) => ({
  apiVersion: 'resources.azure.com/v1api20200601',
  kind: 'ResourceGroup',
  metadata: { name, namespace: 'tenant-globex', generation },
  spec: { azureName: name },
  ...(cond ? { status: { conditions: [{ type: 'Ready', lastTransitionTime: '2026-12-01T15:00:00Z', ...cond }] } } : {}),
});

describe("an ASO resource's Ready condition in words", () => {
  it('maps status and severity to what the person sees', () => {
    expect(asoResource(obj('a', { status: 'True', reason: 'Succeeded', observedGeneration: 1 }))).toMatchObject({ state: 'ready', ready: 'True', reason: 'Succeeded', stale: false, group: 'resources.azure.com', version: 'v1api20200601' });
    expect(asoResource(obj('b', { status: 'False', severity: 'Info', reason: 'Reconciling' })).state).toBe('reconciling');
    expect(asoResource(obj('c', { status: 'False', severity: 'Warning', reason: 'ReferenceNotFound' })).state).toBe('warning');
    expect(asoResource(obj('d', { status: 'False', severity: 'Error', reason: 'ReconciliationFailedPermanently' })).state).toBe('error');
    expect(asoResource(obj('e', { status: 'Unknown', reason: 'Unknown' })).state).toBe('unknown');
    expect(asoResource(obj('f'))).toMatchObject({ state: 'unknown', ready: 'none' });
  });

  it('marks a condition of an older generation as stale, and sorts what needs a person first', () => {
    expect(asoResource(obj('a', { status: 'True', reason: 'Succeeded', observedGeneration: 1 }, 2)).stale).toBe(true);
    const sorted = sortAso([obj('z', { status: 'True', reason: 'Succeeded' }), obj('y'), obj('x', { status: 'False', severity: 'Error', reason: 'Failed' }), obj('w', { status: 'False', severity: 'Warning', reason: 'Failed' })].map(asoResource));
    expect(sorted.map((r) => r.name)).toEqual(['x', 'w', 'y', 'z']);
  });
});
