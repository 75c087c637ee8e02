import { describe, expect, it } from 'vitest';
import type { AnyKind } from '../../../shared/kinds.ts';
import { suggestCommitMessage } from './commit-message.ts';
import type { SemanticChange } from './semantic.ts';

const NOUN: Record<AnyKind, string> = { Tenant: 'tenant', Shard: 'shard', ResourcePool: 'pool', Cluster: 'cluster', RoutingPolicy: 'routing policy', Workspace: 'workspace' };
const line = (kind: AnyKind, name: string, change: string, derived = false): SemanticChange => ({
  kind,
  name,
  change,
  ...(derived ? { derived } : {}),
  text: `${NOUN[kind]} ${name}: ${change}`,
});

describe('suggestCommitMessage subject', () => {
  it('is the one line of a one-line summary, with no body', () => {
    expect(suggestCommitMessage([line('Tenant', 'acme', 'plan standard -> premium')])).toBe('tenant acme: plan standard -> premium');
  });

  it('is the one edit when the rest are its consequences, and the body lists every line', () => {
    expect(suggestCommitMessage([line('Tenant', 'acme', 'GPUs 1 -> 2'), line('Shard', 'weu-1', 'GPUs placed 1/16 -> 2/16', true)])).toBe(
      'tenant acme: GPUs 1 -> 2\n\n- tenant acme: GPUs 1 -> 2\n- shard weu-1: GPUs placed 1/16 -> 2/16\n',
    );
  });

  it('names the objects of derived lines when nothing else changed', () => {
    const msg = suggestCommitMessage([line('Shard', 'weu-1', 'GPUs placed 1/16 -> 2/16', true), line('ResourcePool', 'blob-1', 'tenants 1/5 -> 2/5', true)]);
    expect(msg.split('\n')[0]).toBe('Update shard weu-1; pool blob-1');
  });

  it('says how many more changes one object has when they do not fit in 72 characters', () => {
    const changes = ['moved weu-1 -> weu-2', 'plan standard -> premium', 'GPUs 2 -> 4', 'region westeurope -> eastus', 'models a -> b'];
    const subject = suggestCommitMessage(changes.map((c) => line('Tenant', 'initech', c))).split('\n')[0]!;
    expect(subject).toBe('tenant initech: moved weu-1 -> weu-2 and 4 more changes');
  });

  it('joins the changes of one object when they fit exactly in 72 characters', () => {
    const a = 'x'.repeat(30);
    const b = 'y'.repeat(72 - 'tenant t: '.length - 30 - 2);
    const subject = suggestCommitMessage([line('Tenant', 't', a), line('Tenant', 't', b)]).split('\n')[0]!;
    expect(subject).toBe(`tenant t: ${a}, ${b}`);
    expect(subject).toHaveLength(72);
  });

  it('counts the objects per kind when their names do not fit', () => {
    const tenants = Array.from({ length: 12 }, (_, i) => line('Tenant', `tenant-number-${i}`, 'plan free -> standard'));
    const subject = suggestCommitMessage([...tenants, line('Shard', 'weu-1', 'state active -> draining'), line('RoutingPolicy', 'default', 'method a -> b')]).split('\n')[0]!;
    expect(subject).toBe('Update 12 tenants, 1 shard, 1 routing policy');
  });

  it('names one object per kind in the singular and several in the plural', () => {
    const subject = suggestCommitMessage([line('Cluster', 'c1', 'provider aks -> eks'), line('RoutingPolicy', 'p1', 'method a -> b'), line('RoutingPolicy', 'p2', 'method a -> b')]).split('\n')[0]!;
    expect(subject).toBe('Update cluster c1; routing policies p1, p2');
  });

  it('cuts a subject still over 72 characters to 72, ending in ...', () => {
    const long = line('Tenant', 'acme', `displayName ${'a'.repeat(40)} -> ${'b'.repeat(40)}`);
    const subject = suggestCommitMessage([long]);
    expect(subject).toBe(`${long.text.slice(0, 69)}...`);
    expect(subject).toHaveLength(72);
    const counts = suggestCommitMessage(
      (['Tenant', 'Shard', 'ResourcePool', 'Cluster', 'RoutingPolicy', 'Workspace'] as AnyKind[]).flatMap((k) =>
        Array.from({ length: 11 }, (_, i) => line(k, `${k.toLowerCase()}-with-a-long-name-${i}`, 'x 1 -> 2')),
      ),
    ).split('\n')[0]!;
    expect(counts).toBe('Update 11 tenants, 11 shards, 11 pools, 11 clusters, 11 routing polic...');
  });

  it('keeps the names of several objects when they fit exactly in 72 characters', () => {
    const x = 'a'.repeat(30);
    const y = 'b'.repeat(72 - 'Update tenants '.length - 30 - 2);
    const subject = suggestCommitMessage([line('Tenant', x, 'plan a -> b'), line('Tenant', y, 'plan a -> b')]).split('\n')[0]!;
    expect(subject).toBe(`Update tenants ${x}, ${y}`);
    expect(subject).toHaveLength(72);
  });

  it('names the workspace like any other object', () => {
    const msg = suggestCommitMessage([line('Tenant', 'acme', 'plan a -> b'), line('Workspace', 'demo-platform', 'thresholds.poolPercent 70 -> 80')]);
    expect(msg.split('\n')[0]).toBe('Update tenant acme; workspace demo-platform');
    const many = Array.from({ length: 9 }, (_, i) => line('Tenant', `a-tenant-with-a-long-name-${i}`, 'plan a -> b'));
    expect(suggestCommitMessage([...many, line('Workspace', 'demo-platform', 'x 1 -> 2')]).split('\n')[0]).toBe('Update 9 tenants, 1 workspace');
  });

  it('keeps a subject of exactly 72 characters whole', () => {
    const c = line('Tenant', 'acme', 'x'.repeat(72 - 'tenant acme: '.length));
    expect(suggestCommitMessage([c])).toBe(c.text);
  });
});
