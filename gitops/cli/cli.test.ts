import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(__dirname, '../..');
const bin = path.join(repo, 'bin/gantry.mjs');
let tmp: string;
let example: string;

/** Runs the real `gantry` command as a user would. */
function gantry(args: string[], cwd = tmp) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function copyExample(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(example, dir, { recursive: true });
  return dir;
}

function setLine(file: string, from: string, to: string) {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(() => {
  spawnSync(process.execPath, [path.join(repo, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  tmp = mkdtempSync(path.join(os.tmpdir(), 'gantry-cli-'));
  example = path.join(tmp, 'example');
  const r = gantry(['init', example, '--example', 'small']);
  expect(r.code, r.err).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('gantry validate', () => {
  it('a clean workspace exits 0 and says so', () => {
    const r = gantry(['validate', example]);
    expect(r.code).toBe(0);
    // The example's weu-1 and eus-1 fail over to shards that do not serve mistral-7b (failover.capacity).
    expect(r.out).toContain('0 errors, 2 warnings in 36 objects.');
    expect(gantry(['validate'], example).code).toBe(0);
  });

  it('reports each planted mistake with its code, file and path, and exits 1', () => {
    const ws = copyExample('planted');
    setLine(path.join(ws, 'tenants/acme.yaml'), 'shard: weu-1', 'shard: weu-9');
    setLine(path.join(ws, 'tenants/initech.yaml'), 'region: westeurope', 'region: eastus');
    setLine(path.join(ws, 'shards/weu-2.yaml'), 'failoverShard: weu-1', 'failoverShard: weu-2');
    setLine(path.join(ws, 'pools/search-eus-1.yaml'), 'limit: 20', 'limit: 5');
    setLine(path.join(ws, 'tenants/hooli.yaml'), 'name: hooli', 'name: hooli-inc');
    writeFileSync(path.join(ws, 'tenants/broken.yaml'), 'spec: [oops\n');
    const r = gantry(['validate', ws, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    const got = report.findings.map((f: { code: string; file: string; path: string }) => `${f.code} ${f.file} ${f.path}`);
    expect(got).toEqual(expect.arrayContaining([
      'ref.missing tenants/acme.yaml spec.placement.shard',
      'placement.region tenants/initech.yaml spec.region',
      'failover.self shards/weu-2.yaml spec.routing.failoverShard',
      'pool.limit.exceeded pools/search-eus-1.yaml spec.limit',
      'name.mismatch tenants/hooli.yaml metadata.name',
      'yaml.syntax tenants/broken.yaml ',
    ]));
    for (const f of report.findings) expect(Object.keys(f)).toEqual(expect.arrayContaining(['code', 'severity', 'file', 'path', 'message']));
    expect(report.counts.errors).toBe(report.findings.filter((f: { severity: string }) => f.severity === 'error').length);
    expect(report.counts.objects.Tenant).toBe(21);
    const text = gantry(['validate', ws]);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/tenants\/acme\.yaml:\d+:\d+ +error +ref\.missing +Tenant acme is placed on shard weu-9/);
  });

  it('warnings alone exit 0', () => {
    const ws = copyExample('warn');
    setLine(path.join(ws, 'shards/eus-1.yaml'), 'state: active', 'state: cordoned');
    const r = gantry(['validate', ws, '--format', 'json']);
    expect(r.code).toBe(0);
    // 4 tenants on a cordoned shard, eus-2 failing over to it, and the example's two failover.capacity.
    expect(JSON.parse(r.out).findings.map((f: { code: string }) => f.code).sort()).toEqual([
      'failover.capacity', 'failover.capacity', 'failover.unavailable', 'placement.state', 'placement.state', 'placement.state', 'placement.state',
    ]);
  });

  it('a missing directory, a file, a folder without gantry.yaml, or bad usage exit 2 with a clear message', () => {
    const missing = gantry(['validate', path.join(tmp, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope: no such directory/);
    const file = gantry(['validate', path.join(example, 'gantry.yaml')]);
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/is not a directory/);
    mkdirSync(path.join(tmp, 'empty'), { recursive: true });
    const notWs = gantry(['validate', path.join(tmp, 'empty')]);
    expect(notWs.code).toBe(2);
    expect(notWs.err).toMatch(/not a Gantry workspace: it has no gantry.yaml/);
    expect(gantry(['validate', example, '--format', 'xml']).code).toBe(2);
    expect(gantry(['validate', example, '--frobnicate']).code).toBe(2);
    expect(gantry(['frobnicate']).code).toBe(2);
  });
});

describe('gantry validate on hostile files', () => {
  /** Raw terminal controls: C0 but the line break, DEL, C1. */
  const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/;

  it('a tenant file nested 100,000 levels deep is a yaml.syntax finding, not a stack trace', () => {
    const ws = copyExample('deep');
    writeFileSync(path.join(ws, 'tenants/deep.yaml'), '['.repeat(100_000));
    writeFileSync(path.join(ws, 'tenants/deep-map.yaml'), `apiVersion: platform.gantry.dev/v1alpha1\nspec: ${'{a: '.repeat(100_000)}\n`);
    const json = gantry(['validate', ws, '--format', 'json']);
    expect(json.code, json.err).toBe(1);
    expect(json.err).toBe('');
    const report = JSON.parse(json.out);
    const deep = report.findings.filter((f: { file: string }) => f.file.startsWith('tenants/deep'));
    expect(deep).toEqual([
      expect.objectContaining({ code: 'yaml.syntax', file: 'tenants/deep-map.yaml', line: 2, column: 403, message: expect.stringMatching(/nested deeper than 100 levels/) }),
      expect.objectContaining({ code: 'yaml.syntax', file: 'tenants/deep.yaml', line: 1, column: 101, message: expect.stringMatching(/nested deeper than 100 levels/) }),
    ]);
    const text = gantry(['validate', ws]);
    expect(text.code).toBe(1);
    expect(text.err).not.toMatch(/RangeError|Maximum call stack|\n\s+at /);
    expect(text.err).toBe('');
    expect(text.out).toMatch(/tenants\/deep\.yaml:1:101 +error +yaml\.syntax +tenants\/deep\.yaml is nested deeper than 100 levels/);
  });

  it('terminal control characters in file names and quoted content are shown escaped', () => {
    const ws = copyExample('controls');
    const acme = readFileSync(path.join(ws, 'tenants/acme.yaml'), 'utf8');
    writeFileSync(path.join(ws, 'tenants/\x1b[31mred.yaml'), acme);
    writeFileSync(path.join(ws, 'tenants/\x9b2Jclear\rx.yaml'), acme);
    // "\e" is YAML's escape for ESC: the name.mismatch message quotes metadata.name as written.
    writeFileSync(path.join(ws, 'tenants/titled.yaml'), acme.replace('name: acme', 'name: "\\e]0;pwned\\a"'));
    const text = gantry(['validate', ws]);
    expect(text.code).toBe(1);
    expect(text.out).not.toMatch(CONTROLS);
    expect(text.err).not.toMatch(CONTROLS);
    expect(text.out).toContain('tenants/\\x1b[31mred.yaml');
    expect(text.out).toContain('tenants/\\u009b2Jclear\\x0dx.yaml');
    expect(text.out).toContain('metadata.name is "\\x1b]0;pwned\\x07"');
    // JSON keeps the real names: JSON.stringify escapes C0, the CLI escapes C1 as JSON does.
    const json = gantry(['validate', ws, '--format', 'json']);
    expect(json.out).not.toMatch(CONTROLS);
    const files = new Set(JSON.parse(json.out).findings.map((f: { file: string }) => f.file));
    expect(files).toContain('tenants/\x1b[31mred.yaml');
    expect(files).toContain('tenants/\x9b2Jclear\rx.yaml');
    expect(files).toContain('tenants/titled.yaml');
  });
});

describe('gantry render', () => {
  it('is deterministic, and --check finds stale output without writing', () => {
    const ws = copyExample('render');
    const before = readFileSync(path.join(ws, 'rendered/aks-weu-prod/kustomization.yaml'), 'utf8');
    const r = gantry(['render', ws]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/0 added, 0 changed, 0 removed/);
    expect(readFileSync(path.join(ws, 'rendered/aks-weu-prod/kustomization.yaml'), 'utf8')).toBe(before);
    expect(gantry(['render', ws, '--check']).code).toBe(0);

    setLine(path.join(ws, 'tenants/acme.yaml'), 'gpus: 4', 'gpus: 5');
    const quota = path.join(ws, 'rendered/aks-weu-prod/tenant-acme/resourcequota-gantry-quota.yaml');
    const mtime = statSync(quota).mtimeMs;
    const check = gantry(['render', ws, '--check']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('rendered/aks-weu-prod/tenant-acme/resourcequota-gantry-quota.yaml differs');
    expect(statSync(quota).mtimeMs).toBe(mtime);
    const stale = gantry(['validate', ws, '--check-rendered', '--format', 'json']);
    expect(stale.code).toBe(1);
    expect(JSON.parse(stale.out).findings.map((f: { code: string; file: string }) => `${f.code} ${f.file}`)).toContain('rendered.stale rendered/aks-weu-prod/tenant-acme/resourcequota-gantry-quota.yaml');

    expect(gantry(['render', ws]).code).toBe(0);
    expect(readFileSync(quota, 'utf8')).toContain('requests.nvidia.com/gpu: "5"');
    expect(gantry(['validate', ws, '--check-rendered']).code).toBe(0);
  });

  it('refuses to render a workspace with errors and writes nothing', () => {
    const ws = copyExample('render-bad');
    setLine(path.join(ws, 'tenants/acme.yaml'), 'gpus: 4', 'gpus: 40');
    const r = gantry(['render', ws]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not rendering: the workspace has 1 error/);
    expect(gantry(['render', ws, '--check']).code).toBe(1);
  });

  it('removes files a spec no longer renders', () => {
    const ws = copyExample('render-rm');
    rmSync(path.join(ws, 'tenants/wonka.yaml'));
    expect(gantry(['render', ws]).out).toMatch(/3 removed/);
    expect(() => statSync(path.join(ws, 'rendered/aks-sdc-prod/tenant-wonka'))).toThrow();
  });
});

describe('gantry init and plan', () => {
  it('init refuses a non-empty directory', () => {
    const r = gantry(['init', example]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not empty/);
  });

  it('plan add-tenant prints JSON and --write applies it, rendered included', () => {
    const ws = copyExample('plan');
    const args = ['plan', 'add-tenant', 'newco', '--tier', 'shared', '--region', 'westeurope', '--gpus', '2', '--model', 'llama-3-8b', '--dir', ws];
    const dry = gantry([...args, '--format', 'json']);
    expect(dry.code, dry.err).toBe(0);
    const plan = JSON.parse(dry.out);
    expect(plan.files).toEqual([{ path: 'tenants/newco.yaml', action: 'create', content: expect.stringContaining('shard: weu-2') }]);
    expect(plan.notes.length).toBeGreaterThan(0);
    expect(() => statSync(path.join(ws, 'tenants/newco.yaml'))).toThrow();
    expect(gantry([...args, '--write']).code).toBe(0);
    expect(readFileSync(path.join(ws, 'tenants/newco.yaml'), 'utf8')).toBe(plan.files[0].content);
    expect(gantry(['validate', ws, '--check-rendered']).code).toBe(0);
    expect(statSync(path.join(ws, 'rendered/aks-weu-prod/tenant-newco/resourcequota-gantry-quota.yaml')).isFile()).toBe(true);
  });

  it('plan add-tenant exits 1 when no shard fits, 2 on bad usage', () => {
    const r = gantry(['plan', 'add-tenant', 'huge', '--tier', 'shared', '--region', 'westeurope', '--gpus', '64', '--dir', example]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/No shard fits tenant huge/);
    expect(gantry(['plan', 'add-tenant', 'x', '--tier', 'gold', '--region', 'w', '--gpus', '1', '--dir', example]).code).toBe(2);
    expect(gantry(['plan', 'add-tenant', 'x', '--tier', 'shared', '--region', 'w', '--gpus', 'two', '--dir', example]).code).toBe(2);
  });

  it('plan drain-shard --write moves tenants and keeps the workspace valid', () => {
    const ws = copyExample('drain');
    const r = gantry(['plan', 'drain-shard', 'weu-2', '--dir', ws, '--write']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Move stark \(4 GPUs\) to weu-1/);
    expect(readFileSync(path.join(ws, 'shards/weu-2.yaml'), 'utf8')).toMatch(/state: draining/);
    expect(gantry(['validate', ws, '--check-rendered']).code).toBe(0);
    const tooBig = copyExample('drain-big');
    setLine(path.join(tooBig, 'tenants/stark.yaml'), 'gpus: 4', 'gpus: 8');
    const fail = gantry(['plan', 'drain-shard', 'weu-2', '--dir', tooBig]);
    expect(fail.code).toBe(1);
    expect(fail.err).toMatch(/Cannot drain shard weu-2/);
    expect(readFileSync(path.join(tooBig, 'shards/weu-2.yaml'), 'utf8')).toMatch(/state: active/);
  });

  it('plan drain-shard --partial (an addition) moves what fits and says why each other tenant stays', () => {
    const ws = copyExample('drain-partial');
    setLine(path.join(ws, 'tenants/stark.yaml'), 'gpus: 4', 'gpus: 12');
    const r = gantry(['plan', 'drain-shard', 'weu-2', '--partial', '--dir', ws, '--write']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/stark \(12 GPUs, [^)]*\) stays on weu-2: the shards that serve its models have too few GPUs free after the other moves \(weu-1 \d+\)\./);
    expect(r.out).toMatch(/Partial drain: 4 of 5 tenants move; 1 stay on weu-2/);
    expect(readFileSync(path.join(ws, 'shards/weu-2.yaml'), 'utf8')).toMatch(/state: draining/);
    expect(readFileSync(path.join(ws, 'tenants/stark.yaml'), 'utf8')).toMatch(/shard: weu-2/);
    for (const t of ['cyberdyne', 'soylent', 'tyrell', 'wayne']) expect(readFileSync(path.join(ws, `tenants/${t}.yaml`), 'utf8')).toMatch(/shard: weu-1/);
    const v = gantry(['validate', ws, '--check-rendered', '--format', 'json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.out).findings.filter((f: { code: string }) => f.code === 'placement.state').map((f: { file: string }) => f.file)).toEqual(['tenants/stark.yaml']);
    const json = gantry(['plan', 'drain-shard', 'weu-2', '--partial', '--format', 'json', '--dir', copyExample('drain-partial-json')]);
    expect(Object.keys(JSON.parse(json.out))).toEqual(['files', 'notes']);
  });
});
