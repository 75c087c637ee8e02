import { describe, expect, it } from 'vitest';
import { capturedState } from './__fixtures__/load.ts';
import { gpuCapacity } from './gpu-capacity.ts';

const AKS = { provider: 'aks' as const, region: 'westeurope' };

describe('GPU capacity of the captured cluster (6 H100 and 2 A100 nodes of 8 GPUs; one NotReady, one cordoned)', () => {
  const cap = gpuCapacity(capturedState().clusters['aks-weu-prod'], AKS);

  it('allocatable counts only nodes that take pods; requested and free follow; the 9-GPU pod waits', () => {
    expect({ allocatable: cap.allocatable, requested: cap.requested, free: cap.free, unavailable: cap.unavailable, pending: cap.pending }).toEqual({
      allocatable: 48, requested: 6, free: 42, unavailable: 16, pending: 9,
    });
  });

  it('by GPU type and by spec zone (node labels westeurope-N mapped to N)', () => {
    expect(cap.byType).toEqual({
      'nvidia-h100': { allocatable: 32, requested: 5, free: 27, unavailable: 16 },
      'nvidia-a100': { allocatable: 16, requested: 1, free: 15, unavailable: 0 },
    });
    expect(cap.byZone).toEqual({
      '1': { allocatable: 24, requested: 6, free: 18, unavailable: 0 },
      '2': { allocatable: 16, requested: 0, free: 16, unavailable: 8 },
      '3': { allocatable: 8, requested: 0, free: 8, unavailable: 8 },
    });
  });

  it('per tenant namespace: quota used against hard, as the quota controller counts it', () => {
    expect(cap.tenants.find((t) => t.tenant === 'acme')).toEqual({ namespace: 'tenant-acme', tenant: 'acme', used: 1, hard: 4 });
    expect(cap.tenants.map((t) => t.tenant)).toEqual(['acme', 'cyberdyne', 'globex', 'hooli', 'initech', 'soylent', 'stark', 'tyrell', 'umbrella', 'wayne']);
  });

  it('a cluster not connected has nothing', () => {
    expect(gpuCapacity(undefined, AKS)).toEqual({ allocatable: 0, requested: 0, free: 0, unavailable: 0, pending: 0, byType: {}, byZone: {}, tenants: [] });
  });
});
