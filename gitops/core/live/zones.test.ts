import { describe, expect, it } from 'vitest';
import { nodeZoneLabel, specZoneOf, type ZoneCluster } from './zones.ts';

const aks: ZoneCluster = { provider: 'aks', region: 'westeurope' };
const eks: ZoneCluster = { provider: 'eks', region: 'us-east-1' };
const gke: ZoneCluster = { provider: 'gke', region: 'us-central1' };

describe('zones as the providers label their nodes', () => {
  it('AKS: spec zone "1" is the node label westeurope-1, and back', () => {
    expect(['1', '2', '3'].map((z) => nodeZoneLabel(aks, z))).toEqual(['westeurope-1', 'westeurope-2', 'westeurope-3']);
    expect(specZoneOf(aks, 'westeurope-2')).toBe('2');
    expect(specZoneOf(aks, 'westeurope-2', ['1', '2', '3'])).toBe('2');
    // A zone already written in AKS's form stays; a node outside any zone (AKS labels it "0") is in no spec zone.
    expect(nodeZoneLabel(aks, 'westeurope-3')).toBe('westeurope-3');
    expect(specZoneOf(aks, 'westeurope-3', ['westeurope-3'])).toBe('westeurope-3');
    expect(specZoneOf(aks, '0', ['1', '2', '3'])).toBeUndefined();
    // Another region's node is not in this cluster's zone 1.
    expect(specZoneOf(aks, 'northeurope-1', ['1'])).toBeUndefined();
  });

  it('EKS and GKE: zone names as written (us-east-1a, us-central1-a)', () => {
    expect(nodeZoneLabel(eks, 'us-east-1a')).toBe('us-east-1a');
    expect(specZoneOf(gke, 'us-central1-a', ['us-central1-a', 'us-central1-b'])).toBe('us-central1-a');
    expect(specZoneOf(eks, 'us-east-1c', ['us-east-1a'])).toBeUndefined();
  });

  it('a Cluster\'s zoneLabels map wins, both ways', () => {
    const mapped: ZoneCluster = { ...eks, zoneLabels: { '1': 'use1-az1', '2': 'use1-az2' } };
    expect(nodeZoneLabel(mapped, '1')).toBe('use1-az1');
    expect(nodeZoneLabel(mapped, '3')).toBe('3');
    expect(specZoneOf(mapped, 'use1-az2')).toBe('2');
    expect(specZoneOf(mapped, 'use1-az2', ['1', '2'])).toBe('2');
  });

  it('specZoneOf undoes nodeZoneLabel for every provider', () => {
    for (const c of [aks, eks, gke, { provider: 'onprem', region: 'dc1' } as ZoneCluster, { ...aks, zoneLabels: { x: 'weu-x' } }]) {
      for (const z of ['1', '2', 'x', 'a-b']) {
        expect(specZoneOf(c, nodeZoneLabel(c, z), [z]), `${c.provider} ${z}`).toBe(z);
        expect(specZoneOf(c, nodeZoneLabel(c, z)), `${c.provider} ${z}`).toBe(z);
      }
    }
  });
});
