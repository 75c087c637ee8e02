import type { ClusterRenderDiff } from '../diff/rendered-diff.ts';

/**
 * The change report that travels next to a handoff bundle: one self-contained HTML page (inline
 * CSS, no script, no image, no link that loads anything) a reviewer on the other side opens in
 * any browser. Per commit: its id, author and time, its message, the semantic summary, the
 * changed files and the rendered diff per cluster. Every piece of text from the repository is
 * escaped, so a tenant named `<script>` shows as text. Pure: the caller gathers the data.
 */

export interface ReportCommit {
  oid: string;
  parents: string[];
  author: { name: string; email: string; timestamp: number; tz: string };
  committer?: { name: string; email: string; timestamp: number; tz: string };
  message: string;
  /** Lines of the semantic summary (`tenant acme: tier shared -> dedicated`). */
  summary: Array<{ text: string; derived?: boolean }>;
  files: Array<{ path: string; change: 'added' | 'modified' | 'deleted' }>;
  rendered: ClusterRenderDiff[];
}

export interface ChangeReport {
  /** The workspace or repository name. */
  title: string;
  branch: string;
  /** The bundle file's name, as the reviewer receives it. */
  bundleFile: string;
  /** The commits the bundle builds on (the receiver must have them). */
  prerequisites: string[];
  tip: string;
  /** When the report was made (ISO). */
  generatedAt: string;
  /** Commits oldest first. */
  commits: ReportCommit[];
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** `2026-12-01 14:03 +0100`: the author's own clock, as `git log --date=iso` shows it. */
export function formatGitTime(timestamp: number, tz: string): string {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(tz);
  const offsetMin = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  const d = new Date((timestamp + offsetMin * 60) * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${m ? tz : '+0000'}`;
}

const CSS = `
:root { color-scheme: light; --fg:#1d232b; --muted:#5a6673; --line:#d8dee5; --add:#e6f6ea; --addfg:#135c2a; --del:#fdeaea; --delfg:#8a1c1c; --hunk:#eef3fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #f6f8fa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 0; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
code, pre, .oid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px; margin: 16px 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.summary { margin: 6px 0; padding-left: 20px; }
ul.summary li.derived { color: var(--muted); }
.msg { white-space: pre-wrap; background: #f6f8fa; border-radius: 6px; padding: 8px 10px; margin: 8px 0; }
table.files { border-collapse: collapse; width: 100%; }
table.files td { border-top: 1px solid var(--line); padding: 3px 6px; }
.tag { display: inline-block; min-width: 64px; font-size: 12px; border-radius: 10px; padding: 0 8px; text-align: center; }
.tag.added { background: var(--add); color: var(--addfg); }
.tag.deleted { background: var(--del); color: var(--delfg); }
.tag.modified { background: var(--hunk); color: #1f4b8f; }
details { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; }
summary { cursor: pointer; padding: 6px 10px; font-weight: 600; }
pre.diff { margin: 0; padding: 8px 0; overflow-x: auto; border-top: 1px solid var(--line); }
pre.diff span { display: block; padding: 0 10px; white-space: pre; }
pre.diff .a { background: var(--add); color: var(--addfg); }
pre.diff .d { background: var(--del); color: var(--delfg); }
pre.diff .h { background: var(--hunk); color: var(--muted); }
.none { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print { body { background: #fff; } details { break-inside: avoid; } }
`;

function diffHtml(patch: string): string {
  const lines = patch.replace(/\n$/, '').split('\n');
  return lines
    .map((l) => {
      const cls = l.startsWith('@@') ? 'h' : l.startsWith('+++') || l.startsWith('---') ? 'h' : l.startsWith('+') ? 'a' : l.startsWith('-') ? 'd' : '';
      return `<span${cls ? ` class="${cls}"` : ''}>${escapeHtml(l) || ' '}</span>`;
    })
    .join('');
}

function objectsLine(d: ClusterRenderDiff): string {
  const parts: string[] = [];
  const fmt = (o: { kind: string; namespace?: string; name: string }) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
  if (d.objects.added.length) parts.push(`added: ${d.objects.added.map(fmt).join(', ')}`);
  if (d.objects.modified.length) parts.push(`changed: ${d.objects.modified.map(fmt).join(', ')}`);
  if (d.objects.removed.length) parts.push(`removed: ${d.objects.removed.map(fmt).join(', ')}`);
  return parts.length ? `<p>Kubernetes objects ${escapeHtml(parts.join('; '))}</p>` : '';
}

function clusterHtml(d: ClusterRenderDiff): string {
  const files = [...d.files.added, ...d.files.modified, ...d.files.removed];
  const patches = Object.entries(d.patches)
    .map(([file, patch]) => `<details open><summary><code>${escapeHtml(file)}</code></summary><pre class="diff">${diffHtml(patch)}</pre></details>`)
    .join('');
  const withoutPatch = files.filter((f) => !(f in d.patches));
  return `<section class="cluster"><h3>Cluster ${escapeHtml(d.cluster)}</h3>${objectsLine(d)}${patches}${
    withoutPatch.length ? `<p class="none">Also changed (diff not included): ${withoutPatch.map((f) => `<code>${escapeHtml(f)}</code>`).join(', ')}</p>` : ''
  }</section>`;
}

function commitHtml(c: ReportCommit, i: number, n: number): string {
  const [subject, ...rest] = c.message.replace(/\n+$/, '').split('\n');
  const body = rest.join('\n').replace(/^\n+/, '');
  const summary = c.summary.length
    ? `<ul class="summary">${c.summary.map((s) => `<li${s.derived ? ' class="derived"' : ''}>${escapeHtml(s.text)}</li>`).join('')}</ul>`
    : '<p class="none">No spec object changes (files outside the specs only).</p>';
  const files = c.files.length
    ? `<table class="files">${c.files.map((f) => `<tr><td><span class="tag ${f.change}">${f.change}</span></td><td><code>${escapeHtml(f.path)}</code></td></tr>`).join('')}</table>`
    : '<p class="none">No files changed.</p>';
  const rendered = c.rendered.length ? c.rendered.map(clusterHtml).join('') : '<p class="none">No rendered manifest changes.</p>';
  const who = (p: { name: string; email: string }) => `${escapeHtml(p.name)} &lt;${escapeHtml(p.email)}&gt;`;
  return `<article class="card" id="c-${escapeHtml(c.oid)}">
<h2>${i + 1} of ${n}: ${escapeHtml(subject ?? '')}</h2>
<dl class="facts">
<dt>Commit</dt><dd class="oid">${escapeHtml(c.oid)}</dd>
<dt>Parent</dt><dd class="oid">${c.parents.map(escapeHtml).join(', ') || 'none'}</dd>
<dt>Author</dt><dd>${who(c.author)}, ${escapeHtml(formatGitTime(c.author.timestamp, c.author.tz))}</dd>
${c.committer && (c.committer.name !== c.author.name || c.committer.timestamp !== c.author.timestamp) ? `<dt>Committer</dt><dd>${who(c.committer)}, ${escapeHtml(formatGitTime(c.committer.timestamp, c.committer.tz))}</dd>` : ''}
</dl>
${body ? `<div class="msg">${escapeHtml(body)}</div>` : ''}
<h3>What changes</h3>${summary}
<h3>Files</h3>${files}
<h3>Rendered diff per cluster</h3>${rendered}
</article>`;
}

/** The whole report as one HTML document. */
export function renderChangeReport(r: ChangeReport): string {
  const n = r.commits.length;
  const toc = r.commits
    .map((c) => `<li><a href="#c-${escapeHtml(c.oid)}"><code>${escapeHtml(c.oid.slice(0, 12))}</code></a> ${escapeHtml(c.message.split('\n')[0] ?? '')}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`Changes to ${r.title} (${r.branch})`)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(`Changes to ${r.title}`)}</h1>
<p class="meta">${n} commit${n === 1 ? '' : 's'} on branch <code>${escapeHtml(r.branch)}</code>, in the bundle <code>${escapeHtml(r.bundleFile)}</code>. Made ${escapeHtml(r.generatedAt)}.</p>
<section class="card">
<h2>How to take these commits</h2>
<dl class="facts">
<dt>Tip</dt><dd class="oid">${escapeHtml(r.tip)}</dd>
<dt>Builds on</dt><dd class="oid">${r.prerequisites.length ? r.prerequisites.map(escapeHtml).join('<br>') : 'nothing (the whole history)'}</dd>
</dl>
<pre class="msg">git bundle verify ${escapeHtml(r.bundleFile)}
git fetch ${escapeHtml(r.bundleFile)} ${escapeHtml(r.branch)}:refs/remotes/handoff/${escapeHtml(r.branch)}
git log --stat ${escapeHtml(r.branch)}..handoff/${escapeHtml(r.branch)}</pre>
<ol>${toc}</ol>
</section>
${r.commits.map((c, i) => commitHtml(c, i, n)).join('\n')}
<footer>Made by Gantry. The commit ids above are the ids git shows after the fetch.</footer>
</main>
</body>
</html>
`;
}
