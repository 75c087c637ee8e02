import { describe, expect, it } from 'vitest';
import { pickPromService, proxyBase, type ServiceLike } from './prom-service.ts';

const svc = (namespace: string, name: string, labels: Record<string, string>, ports: Array<{ name?: string; port: number }>): ServiceLike => ({ metadata: { name, namespace, labels }, spec: { ports } });

describe('the in-cluster Prometheus Service', () => {
  // The operator's Service as `kubectl describe service prometheus-operated` shows it (operated-prometheus=true, port web 9090).
  const operated = svc('monitoring', 'prometheus-operated', { 'operated-prometheus': 'true' }, [{ name: 'web', port: 9090 }]);
  const community = svc('prom', 'prometheus-server', { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/component': 'server' }, [{ name: 'http', port: 80 }]);
  const alertmanager = svc('prom', 'prometheus-alertmanager', { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/component': 'alertmanager' }, [{ name: 'http', port: 9093 }]);

  it("prefers the operator's Service, then the community chart's server (not its alertmanager)", () => {
    expect(pickPromService([[operated], [community]])).toEqual({ namespace: 'monitoring', name: 'prometheus-operated', port: 'web' });
    expect(pickPromService([[], [alertmanager, community]])).toEqual({ namespace: 'prom', name: 'prometheus-server', port: 'http' });
    expect(pickPromService([[], [alertmanager]])).toBeUndefined();
    expect(pickPromService([[], []])).toBeUndefined();
  });

  it('takes the namespace monitoring first among several, and a port by number when it has no name', () => {
    const other = svc('team-a', 'prometheus-operated', { 'operated-prometheus': 'true' }, [{ port: 9090 }]);
    expect(pickPromService([[other, operated]])?.namespace).toBe('monitoring');
    expect(pickPromService([[other]])).toEqual({ namespace: 'team-a', name: 'prometheus-operated', port: '9090' });
  });

  it('builds the service proxy path the API server answers', () => {
    expect(proxyBase('https://127.0.0.1:6443/', { namespace: 'monitoring', name: 'prometheus-operated', port: 'web' })).toBe('https://127.0.0.1:6443/api/v1/namespaces/monitoring/services/prometheus-operated:web/proxy');
  });
});
