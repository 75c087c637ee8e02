import { describe, expect, it } from 'vitest';
import { clusterSpec } from '../schema/specs.ts';

const base = { region: 'westeurope', provider: 'aks', gitops: 'flux' } as const;

describe('Cluster spec.prometheusUrl (addition to SPEC-FORMAT)', () => {
  it('is optional and takes an http(s) URL with a path', () => {
    expect(clusterSpec.safeParse(base).success).toBe(true);
    expect(clusterSpec.parse({ ...base, prometheusUrl: 'https://prom.example.com/prometheus' }).prometheusUrl).toBe('https://prom.example.com/prometheus');
    expect(clusterSpec.safeParse({ ...base, prometheusUrl: 'http://127.0.0.1:9090' }).success).toBe(true);
  });
  it('refuses other schemes, credentials in the URL, queries and fragments', () => {
    for (const bad of ['ftp://prom:9090', 'prom:9090', 'http://user:pw@prom:9090', 'http://prom:9090/?x=1', 'http://prom:9090/#a', '']) {
      const r = clusterSpec.safeParse({ ...base, prometheusUrl: bad });
      expect(r.success, bad).toBe(false);
    }
  });
});
