// npm run bench:core — the workspace core on the large example (5,000 tenants, 500 shards,
// 50 pools, 10 clusters). One line per figure: `<figure>: <value> <unit> (budget <value> <unit>)`.
// Always exits 0; the budgets are ARCHITECTURE.md's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeExample } from '../gitops/cli/commands/init.ts';
import { editYamlText } from '../gitops/core/edit/yaml-edit.ts';
import { Renderer } from '../gitops/core/render/renderer.ts';
import { Validator } from '../gitops/core/validate/validator.ts';
import { loadWorkspace } from '../gitops/node/workspace-io.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const line = (figure: string, value: number | string, unit: string, budget: string) =>
  console.log(`${figure}: ${typeof value === 'number' ? value.toFixed(value < 10 ? 2 : 0) : value} ${unit} (budget ${budget})`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = mkdtempSync(path.join(os.tmpdir(), 'gantry-bench-core-'));
try {
  let t0 = performance.now();
  writeExample(dir, 'large');
  line('generate large workspace (specs and rendered)', performance.now() - t0, 'ms', 'none');

  // `gantry validate` as a user runs it: a fresh process, wall time and peak RSS.
  const cli = path.join(root, 'bin/gantry.mjs');
  spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  const runs: number[] = [];
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, cli, 'validate', dir], { encoding: 'utf8' });
    const [wall, kb] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    runs.push(wall! * 1000);
    rss = Math.max(rss, kb! / 1024);
    if (r.status !== 0) console.error(`validate exited ${r.status}: ${r.stdout.slice(-300)}`);
  }
  line('gantry validate (fresh process, wall)', median(runs), 'ms', '1500 ms');
  line('gantry validate peak RSS', rss, 'MB', 'none');

  // In-process figures.
  t0 = performance.now();
  const { model } = loadWorkspace(dir);
  const load = performance.now() - t0;
  t0 = performance.now();
  const validator = new Validator(model);
  const validate = performance.now() - t0;
  line('load (read + parse + schema) in process', load, 'ms', 'none');
  line('validate rules, full, in process', validate, 'ms', 'none');

  const renderer = new Renderer(model);
  t0 = performance.now();
  const files = renderer.renderAll();
  line(`render, full (${files.size} files) in process`, performance.now() - t0, 'ms', 'none');

  const tenantFile = 'tenants/tenant-00042.yaml';
  const shardFile = model.list('Shard')[7]!.file;
  const original = readFileSync(path.join(dir, tenantFile), 'utf8');
  const edits: number[] = [];
  const shardEdits: number[] = [];
  const rerenders: number[] = [];
  for (let i = 0; i < 20; i++) {
    const text = editYamlText(original, [{ op: 'set', path: 'spec.quotas.gpus', value: i % 3 }]);
    t0 = performance.now();
    validator.update(tenantFile, text);
    validator.findings();
    edits.push(performance.now() - t0);
    t0 = performance.now();
    renderer.rerenderTenant('tenant-00042');
    rerenders.push(performance.now() - t0);
    const shardText = readFileSync(path.join(dir, shardFile), 'utf8');
    t0 = performance.now();
    validator.update(shardFile, editYamlText(shardText, [{ op: 'set', path: 'spec.capacity.gpus', value: 16 + (i % 2) }]));
    validator.findings();
    shardEdits.push(performance.now() - t0);
  }
  line('incremental re-validate after one tenant edit (median of 20)', median(edits), 'ms', '20 ms');
  line('incremental re-validate after one shard edit (median of 20)', median(shardEdits), 'ms', '20 ms');
  line('incremental re-render of one tenant (median of 20)', median(rerenders), 'ms', '50 ms');
  line('process RSS after the in-process runs', process.memoryUsage().rss / 1048576, 'MB', 'none');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
