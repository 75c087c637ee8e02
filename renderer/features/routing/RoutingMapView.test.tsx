// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exampleFiles } from '../../../gitops/core/__fixtures__/workspace-files.ts';
import { WorkspaceModel } from '../../../gitops/core/model/workspace-model.ts';
import { liveShardsOf } from '../../../gitops/core/routing/live-join.ts';
import { healthInputOf, routingScreen } from '../../../gitops/core/routing/routing-screen.ts';
import { RoutingMapView } from './RoutingMapView.tsx';

afterEach(cleanup);

// The small example, as the host gives it: weu-1 and eus-1 fail over to shards that do not serve mistral-7b.
const model = () => WorkspaceModel.fromFiles(exampleFiles());

const weuLive = () =>
  liveShardsOf(
    {
      'aks-weu-prod': {
        'shard/weu-2': {
          health: {
            shard: 'weu-2', cluster: 'aks-weu-prod', status: 'degraded', since: '2026-12-01T03:00:00Z',
            reasons: [{ code: 'replicas-short', severity: 'degraded', text: 'llama-3-8b: 1 of 2 replicas ready' }],
            servers: [{ name: 'llama-3-8b', runtime: 'vllm', desired: 2, ready: 1, readyByZone: {} }],
            gpus: { requested: 4, spec: 16 },
          },
        },
      },
    },
    { 'aks-weu-prod': 'live' },
  );

describe('RoutingMapView', () => {
  it('shows each cluster by region with the problems in one sentence each, and the spec badge where nothing is live', () => {
    const { map, problems } = routingScreen(model());
    const open = vi.fn();
    render(<RoutingMapView map={map} problems={problems} onOpenProblem={open} />);
    const weu = screen.getByTestId('rm-cluster-aks-weu-prod');
    expect(within(weu).getByTestId('policy-aks-weu-prod-default').textContent).toBe('policy default: performance · session affinity on · probe /health every 10 s');
    expect(within(weu).getByTestId('region-aks-weu-prod-westeurope')).toBeTruthy();
    const rows = within(weu).getAllByRole('row').filter((r) => r.classList.contains('rm-shard'));
    expect(rows.map((r) => r.getAttribute('data-testid'))).toEqual(['shard-globex', 'shard-weu-1', 'shard-weu-2']);
    expect(within(weu).getByTestId('failover-weu-1').textContent).toBe('→ weu-2');
    expect(within(weu).getByTestId('source-weu-1').textContent).toBe('spec');
    const listed = within(weu).getAllByTestId('aks-weu-prod-routing-problem');
    expect(listed.map((b) => `${b.getAttribute('data-code')} ${b.getAttribute('data-shard')}`)).toEqual(['failover.capacity weu-1']);
    expect(listed[0]!.textContent).toMatch(/If shard weu-1 fails over to weu-2, tenants acme \(mistral-7b\), umbrella \(mistral-7b\) use models it does not serve/);
    fireEvent.click(listed[0]!);
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ shard: 'weu-1', code: 'failover.capacity', file: 'shards/weu-1.yaml' }));
    expect(within(screen.getByTestId('rm-cluster-aks-sdc-prod')).getByTestId('aks-sdc-prod-no-problems').textContent).toBe('No routing problems.');
  });

  it('shows live health with its badge and ready endpoints; a degraded failover target is named as a problem', () => {
    const live = weuLive();
    const health = healthInputOf([...live.values()].map((s) => ({ shard: s.shard, status: s.status, reasons: s.reasons })));
    const { map, problems } = routingScreen(model(), health);
    render(<RoutingMapView map={map} live={live} connections={{ 'aks-weu-prod': 'live' }} problems={problems} cluster="aks-weu-prod" />);
    expect(screen.queryByTestId('rm-cluster-aks-eus-prod')).toBeNull();
    expect(screen.getByTestId('health-weu-2').textContent).toBe('degraded');
    expect(screen.getByTestId('source-weu-2').textContent).toBe('live');
    expect(screen.getByTestId('endpoints-weu-2').textContent).toBe('1/2 ready');
    // weu-1 has no live report though its cluster is live: spec, and why.
    expect(screen.getByTestId('source-weu-1').textContent).toBe('spec');
    expect(screen.getByTestId('health-weu-1').getAttribute('title')).toBe('State from routing.json; no live health because the cluster does not report this shard.');
    const texts = screen.getAllByTestId('aks-weu-prod-routing-problem').map((b) => `${b.getAttribute('data-code')} ${b.getAttribute('data-shard')}`);
    expect(texts).toEqual(['failover.unavailable weu-1']);
    expect(screen.getAllByTestId('aks-weu-prod-routing-problem')[0]!.textContent).toMatch(/Shard weu-1 fails over to weu-2, which is degraded \(llama-3-8b: 1 of 2 replicas ready\)/);
  });

  it('keyboard: one Tab stop per list, arrows move, Enter opens a shard with its tenants by plan, Escape closes it', () => {
    const { map, problems } = routingScreen(model());
    const openShard = vi.fn();
    render(<RoutingMapView map={map} problems={problems} cluster="aks-weu-prod" onOpenShard={openShard} />);
    const rows = screen.getAllByRole('row').filter((r) => r.classList.contains('rm-shard'));
    expect(rows.map((r) => r.tabIndex)).toEqual([0, -1, -1]);
    rows[0]!.focus();
    fireEvent.keyDown(rows[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(rows[1]);
    expect(rows.map((r) => r.tabIndex)).toEqual([-1, 0, -1]);
    fireEvent.keyDown(rows[1]!, { key: 'End' });
    expect(document.activeElement).toBe(rows[2]);
    fireEvent.keyDown(rows[2]!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(rows[1]);
    fireEvent.keyDown(rows[1]!, { key: 'Enter' });
    expect(rows[1]!.getAttribute('aria-expanded')).toBe('true');
    const detail = screen.getByTestId('detail-weu-1');
    expect(detail.textContent).toContain('premium acme (4 GPUs, 100 ms), umbrella (2 GPUs, 100 ms)');
    expect(detail.textContent).toContain('standard hooli (1 GPU, 250 ms), initech (2 GPUs, 250 ms)');
    fireEvent.click(within(detail).getByTestId('open-weu-1'));
    expect(openShard).toHaveBeenCalledWith('weu-1');
    fireEvent.keyDown(rows[1]!, { key: 'Escape' });
    expect(screen.queryByTestId('detail-weu-1')).toBeNull();
  });

  it('test ids carry a prefix so a before and an after map can share a screen', () => {
    const { map } = routingScreen(model());
    render(
      <>
        <RoutingMapView map={map} idPrefix="before-" cluster="aks-weu-prod" highlight={['weu-1']} />
        <RoutingMapView map={map} idPrefix="after-" cluster="aks-weu-prod" />
      </>,
    );
    expect(screen.getByTestId('before-shard-weu-1').classList.contains('marked')).toBe(true);
    expect(screen.getByTestId('after-shard-weu-1').classList.contains('marked')).toBe(false);
  });
});
