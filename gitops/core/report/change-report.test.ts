import { describe, expect, it } from 'vitest';
import { escapeHtml, formatGitTime, renderChangeReport, type ChangeReport } from './change-report.ts';

const HOSTILE = '<script>alert(1)</script>';

function report(): ChangeReport {
  return {
    title: 'platform',
    branch: 'main',
    bundleFile: 'main-2026-12-01.bundle',
    prerequisites: ['a'.repeat(40)],
    tip: 'b'.repeat(40),
    generatedAt: '2026-12-01T16:00:00Z',
    commits: [
      {
        oid: 'b'.repeat(40),
        parents: ['a'.repeat(40)],
        author: { name: 'Alice <admin>', email: 'alice@example.com', timestamp: 1764604800, tz: '+0100' },
        message: `Add tenant ${HOSTILE}\n\nGantry-Change: add-tenant\nGantry-Tenants: ${HOSTILE}\n`,
        summary: [{ text: `tenant ${HOSTILE}: added (tier shared, 2 GPUs)` }, { text: 'shard weu-1: placed GPUs 4 -> 6', derived: true }],
        files: [{ path: `tenants/${HOSTILE}.yaml`, change: 'added' }],
        rendered: [
          {
            cluster: 'aks-weu-prod',
            files: { added: [], removed: [], modified: ['rendered/aks-weu-prod/routing.yaml'] },
            objects: { added: [], removed: [], modified: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'gantry', name: 'routing' }] },
            patches: { 'rendered/aks-weu-prod/routing.yaml': `--- a/x\n+++ b/x\n@@ -1,1 +1,2 @@\n a: 1\n+tenant: "${HOSTILE}"\n` },
          },
        ],
      },
    ],
  };
}

describe('change report', () => {
  it('shows hostile names as text: no tag from the repository reaches the page', () => {
    const html = renderChangeReport(report());
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Alice &lt;admin&gt;');
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });

  it('is self-contained: inline CSS, a policy that loads nothing, no external reference', () => {
    const html = renderChangeReport(report());
    expect(html).toMatch(/<style>[\s\S]+<\/style>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/\b(?:src|href)="(?!#)/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('carries commit ids, author and time on the author clock, the summary and the rendered diff per cluster', () => {
    const html = renderChangeReport(report());
    expect(html).toContain('b'.repeat(40));
    expect(html).toContain('2025-12-01 17:00 +0100');
    expect(html).toContain('placed GPUs 4 -&gt; 6');
    expect(html).toContain('Cluster aks-weu-prod');
    expect(html).toMatch(/<span class="a">\+tenant: &quot;&lt;script&gt;/);
    expect(html).toContain('git fetch main-2026-12-01.bundle main:refs/remotes/handoff/main');
    expect(formatGitTime(0, '-0230')).toBe('1969-12-31 21:30 -0230');
  });
});
