import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from './arm-records.ts';
import { durationMs, formatDuration } from './arm-records.ts';
import { buildTimeline, failedOnly } from './timeline.ts';

const op = (id: string, state: string, type: string, name: string, end: string, duration: string, error?: { code: string; message: string }) => ({
  operationId: id, provisioningState: state, provisioningOperation: 'Create', timestamp: end, duration,
  targetResource: { resourceType: type, resourceName: name, id: `/x/${name}` }, ...(error ? { error } : {}),
});

describe('the step timeline of a deployment', () => {
  const nested: DeploymentRecord = {
    name: 'observability', id: '/d/observability', provisioningState: 'Succeeded',
    operations: [op('N2', 'Succeeded', 'Microsoft.Insights/components', 'appi', '2026-12-01T10:00:09Z', 'PT2S'), op('N1', 'Succeeded', 'Microsoft.OperationalInsights/workspaces', 'log', '2026-12-01T10:00:07Z', 'PT2S')],
  };
  const root: DeploymentRecord = {
    name: 'gantry-stack', id: '/d/gantry-stack', provisioningState: 'Failed', correlationId: 'c-1', timestamp: '2026-12-01T10:00:12Z', duration: 'PT12S',
    error: { code: 'DeploymentFailed', message: 'At least one resource deployment operation failed.' },
    // ARM lists newest first; the timeline orders by start (timestamp minus duration).
    operations: [
      op('A4', 'Failed', 'Microsoft.ContainerService/managedClusters', 'aks', '2026-12-01T10:00:12Z', 'PT3S', { code: 'QuotaExceeded', message: 'exceeding approved standardNCADSH100v5Family Cores quota. Location: westeurope, Current Limit: 80, Current Usage: 0, Additional Required: 160' }),
      op('A3', 'Succeeded', 'Microsoft.Resources/deployments', 'observability', '2026-12-01T10:00:09Z', 'PT4S'),
      op('A1', 'Succeeded', 'Microsoft.Storage/storageAccounts', 'st', '2026-12-01T10:00:03Z', 'PT3S'),
      op('A2', 'Succeeded', 'Microsoft.Search/searchServices', 'srch', '2026-12-01T10:00:05Z', 'PT2S'),
    ],
  };

  it('orders operations by start, follows a nested deployment one level deeper, and explains the failure', () => {
    const t = buildTimeline(root, new Map([[root.name, root], [nested.name, nested]]));
    expect(t.steps.map((s) => `${s.depth}:${s.resourceName}:${s.state}`)).toEqual(['0:st:succeeded', '0:srch:succeeded', '0:observability:succeeded', '1:log:succeeded', '1:appi:succeeded', '0:aks:failed']);
    expect(t.steps[0]!.start).toBe('2026-12-01T10:00:00.000Z');
    expect(t.steps[5]!.durationMs).toBe(3000);
    expect(t.steps[5]!.explanation?.summary).toBe("The subscription's CPU quota for standardNCADSH100v5Family in westeurope is too small for this step (limit 80, 160 more cores needed).");
    expect(t.counts).toEqual({ pending: 0, running: 0, succeeded: 5, failed: 1, canceled: 0 });
    expect(t.correlationId).toBe('c-1');
    expect(failedOnly(t.steps).map((s) => s.resourceName)).toEqual(['aks']);
  });

  it('shows resources of the template no operation has reached as pending while the deployment runs', () => {
    const running: DeploymentRecord = { ...root, provisioningState: 'Running', error: undefined, operations: [op('A1', 'Running', 'Microsoft.Storage/storageAccounts', 'st', '2026-12-01T10:00:00Z', 'PT1S')] };
    const t = buildTimeline(running, new Map(), [
      { type: 'Microsoft.Storage/storageAccounts', name: 'st' },
      { type: 'Microsoft.Search/searchServices', name: "[concat('srch-', parameters('tenant'))]" },
    ]);
    expect(t.steps.map((s) => [s.resourceType, s.resourceName, s.state])).toEqual([
      ['Microsoft.Storage/storageAccounts', 'st', 'running'],
      ['Microsoft.Search/searchServices', '', 'pending'],
    ]);
    // A running operation's timestamp is its start.
    expect(t.steps[0]!.start).toBe('2026-12-01T10:00:00.000Z');
  });

  it('does not loop on a deployment that names itself', () => {
    const self: DeploymentRecord = { name: 'loop', id: '/d/loop', provisioningState: 'Succeeded', operations: [op('L', 'Succeeded', 'Microsoft.Resources/deployments', 'loop', '2026-12-01T10:00:00Z', 'PT1S')] };
    expect(buildTimeline(self, new Map([['loop', self]])).steps).toHaveLength(1);
  });

  it('reads ARM durations', () => {
    expect([durationMs('PT22.8356799S'), durationMs('PT1M5.5S'), durationMs('P1DT2H'), durationMs('PT'), durationMs('soon')]).toEqual([22836, 65500, 93_600_000, undefined, undefined]);
    expect([formatDuration(180), formatDuration(4200), formatDuration(65_500), formatDuration(3_720_000)]).toEqual(['180 ms', '4.2 s', '1 min 6 s', '1 h 2 min']);
  });
});
