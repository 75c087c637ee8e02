/**
 * Why the Git layer keeps its own ignore rules, config, refs, log and merge-base instead of
 * isomorphic-git's (part of `npm run bench:git`). For each, the same work three ways in one run:
 * Gantry's code, stock isomorphic-git, and the git CLI; plus, for ignore rules and config, how often
 * each disagrees with git on a corpus of real-world lines (a missing feature is a reason too).
 * One line per figure: `<figure>: <value> <unit> (budget <value> <unit>)`; exits 0 always.
 */
import { spawnSync } from 'node:child_process';
import fs, { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as git from 'isomorphic-git';

const here = path.dirname(fileURLToPath(import.meta.url));
const ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };

function gitCli(dir: string, args: string[], input?: string): string {
  const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', input, maxBuffer: 256 * 1024 * 1024, env: ENV });
  if (r.status !== 0 && !(args[0] === 'check-ignore' && r.status === 1)) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function line(figure: string, value: number, unit: string, budget?: number): void {
  const v = Number.isInteger(value) || value >= 100 ? Math.round(value).toString() : value.toFixed(2);
  process.stdout.write(`${figure}: ${v} ${unit} (budget ${budget === undefined ? 'none' : `${budget} ${unit}`})\n`);
}

async function timed<T>(fn: () => Promise<T> | T, runs = 5): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, value };
}

/** A repository with `n` commits on main and a side branch of `side` commits forked half-way, made with fast-import. */
function historyRepo(dir: string, n: number, side: number): void {
  mkdirSync(dir, { recursive: true });
  gitCli(dir, ['init', '-q', '-b', 'main']);
  const parts: string[] = [];
  const commit = (ref: string, mark: number, from: number | undefined, i: number) => {
    const msg = `tenant t${i}: latency ${200 + (i % 50)}\n`;
    parts.push(`commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.com> ${1_700_000_000 + mark * 60} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`);
    if (from) parts.push(`from :${from}\n`);
    const body = `apiVersion: platform.gantry.dev/v1alpha1\nkind: Tenant\nmetadata:\n  name: t${i % 200}\nspec:\n  latencyTargetMs: ${200 + i}\n`;
    parts.push(`M 100644 inline tenants/t${i % 200}.yaml\ndata ${Buffer.byteLength(body)}\n${body}\n`);
  };
  for (let i = 1; i <= n; i++) commit('refs/heads/main', i, i > 1 ? i - 1 : undefined, i);
  for (let j = 1; j <= side; j++) commit('refs/heads/side', n + j, j === 1 ? Math.floor(n / 2) : n + j - 1, n + j);
  gitCli(dir, ['fast-import', '--quiet'], parts.join(''));
  gitCli(dir, ['checkout', '-q', 'main']);
  gitCli(dir, ['gc', '-q']);
}

/** gitignore lines people write, with paths to test; the git CLI is the reference. */
const IGNORE_LINES = [
  '*.log', '!keep.log', 'build/', '/root-only.txt', 'docs/**/draft-*.md', '**/tmp', 'a/**/b', '[[:digit:]]*.csv', '[[:alpha:]]x.bin',
  'space\\ ', 'tab\t', '\\#hash', '\\!bang', '[a-c]?.dat', '[!z]q.dat', '*.swp', '.env*', 'node_modules', 'secret[', 'trail\\', '*.o\\',
  'dir/*/leaf', 'x/', '!x/keep', 'deep/**', 'lead/**/', 'foo.*', '?.one', '**', '!**/*.yaml',
];
const IGNORE_PATHS = [
  'app.log', 'keep.log', 'sub/keep.log', 'build/out.js', 'src/build/x', 'root-only.txt', 'sub/root-only.txt', 'docs/a/b/draft-1.md', 'docs/draft-2.md',
  'x/tmp', 'tmp', 'a/b', 'a/q/r/b', '1data.csv', 'data.csv', 'ax.bin', '1x.bin', 'space ', 'space', 'tab', 'tab\t', '#hash', '!bang', 'ab.dat',
  'zq.dat', 'aq.dat', 'f.swp', '.env.local', 'node_modules/x/index.js', 'secret[', 'secret', 'trail\\', 'trail', 'm.o', 'dir/q/leaf', 'dir/leaf',
  'x/keep', 'x/other', 'deep/a/b', 'lead/z/f', 'foo.txt', 'a.one', 'tenants/acme.yaml',
];

async function ignoreFigures(work: string): Promise<void> {
  const { IgnoreRules } = await import('../gitops/node/git/ignore.ts');
  const { GitConfig } = await import('../gitops/node/git/config.ts');
  // One repository per line (each line alone), so a disagreement names the line that causes it.
  let oursWrong = 0;
  let igWrong = 0;
  const igWrongLines = new Set<string>();
  const oursWrongLines = new Set<string>();
  let cases = 0;
  for (const [i, ruleLine] of IGNORE_LINES.entries()) {
    const dir = path.join(work, `ignore-${i}`);
    mkdirSync(dir, { recursive: true });
    gitCli(dir, ['init', '-q']);
    writeFileSync(path.join(dir, '.gitignore'), `${ruleLine}\n`);
    const gitSays = new Set(gitCli(dir, ['check-ignore', '--no-index', '--stdin', '-z'], IGNORE_PATHS.join('\0')).split('\0').filter(Boolean));
    const ours = new IgnoreRules(dir, path.join(dir, '.git'), new GitConfig());
    for (const p of IGNORE_PATHS) {
      cases++;
      const expected = gitSays.has(p);
      if (ours.isIgnored(p, false) !== expected) {
        oursWrong++;
        oursWrongLines.add(ruleLine);
      }
      let theirs: boolean;
      try {
        theirs = await git.isIgnored({ fs, dir, filepath: p });
      } catch {
        theirs = !expected;
      }
      if (theirs !== expected) {
        igWrong++;
        igWrongLines.add(ruleLine);
      }
    }
  }
  line(`ignore rules disagreeing with git check-ignore, ${cases} path x line cases: Gantry`, oursWrong, 'cases', 0);
  line(`ignore rules disagreeing with git check-ignore, ${cases} path x line cases: isomorphic-git isIgnored`, igWrong, 'cases');
  process.stdout.write(`# isomorphic-git gets these lines wrong: ${[...igWrongLines].map((l) => JSON.stringify(l)).join(' ')}\n`);
  if (oursWrongLines.size) process.stdout.write(`# Gantry gets these lines wrong: ${[...oursWrongLines].map((l) => JSON.stringify(l)).join(' ')}\n`);

  // Speed on the large workspace: every tracked path checked against the rules git would read.
  const big = path.join(work, 'ignore-speed');
  const { writeExample } = await import('../gitops/cli/commands/init.ts');
  writeExample(big, 'large');
  gitCli(big, ['init', '-q']);
  writeFileSync(path.join(big, '.gitignore'), `${IGNORE_LINES.filter((l) => l !== '**' && !l.startsWith('!')).join('\n')}\n`);
  const files = gitCli(big, ['ls-files', '-o', '--exclude-standard']).split('\n').filter(Boolean);
  const sample = files.slice(0, 2000);
  const ours = await timed(() => {
    const rules = new IgnoreRules(big, path.join(big, '.git'), new GitConfig());
    return files.filter((p) => rules.isIgnored(p, false)).length;
  });
  const iso = await timed(async () => {
    let n = 0;
    for (const p of sample) if (await git.isIgnored({ fs, dir: big, filepath: p })) n++;
    return n;
  }, 1);
  const cli = await timed(() => gitCli(big, ['check-ignore', '--no-index', '--stdin'], files.join('\n')).length);
  line(`ignore check of ${files.length} paths: Gantry`, ours.ms, 'ms');
  line(`ignore check of ${files.length} paths: isomorphic-git isIgnored (measured on ${sample.length}, scaled)`, (iso.ms * files.length) / sample.length, 'ms');
  line(`ignore check of ${files.length} paths: git check-ignore --stdin (wall)`, cli.ms, 'ms');
}

async function historyFigures(work: string): Promise<void> {
  const dir = path.join(work, 'history');
  const n = 2000;
  historyRepo(dir, n, 300);
  const { openRepository } = await import('../gitops/node/git/open.ts');
  const { log } = await import('../gitops/node/git/log.ts');
  const { mergeBase } = await import('../gitops/node/git/commits.ts');
  const { resolveRev } = await import('../gitops/node/git/refs.ts');
  const repo = await openRepository(dir);
  const oursLog = await timed(async () => (await log(repo, { depth: n })).length);
  const isoLog = await timed(async () => (await git.log({ fs, dir, ref: 'main', depth: n })).length);
  const cliLog = await timed(() => gitCli(dir, ['log', '--format=%H%x00%an%x00%s', '-n', String(n), 'main']).length);
  line(`log of ${oursLog.value} commits: Gantry`, oursLog.ms, 'ms');
  line(`log of ${isoLog.value} commits: isomorphic-git log`, isoLog.ms, 'ms');
  line(`log of ${n} commits: git log (wall)`, cliLog.ms, 'ms');
  const main = resolveRev(repo.gitdir, 'main')!;
  const side = resolveRev(repo.gitdir, 'side')!;
  const oursBase = await timed(() => mergeBase(repo.objects, repo.gitdir, main, side));
  const isoBase = await timed(async () => (await git.findMergeBase({ fs, dir, oids: [main, side] }))[0]);
  const cliBase = await timed(() => gitCli(dir, ['merge-base', main, side]).trim());
  if (oursBase.value !== cliBase.value || isoBase.value !== cliBase.value) process.stdout.write(`# merge-base differs: Gantry ${oursBase.value}, isomorphic-git ${isoBase.value}, git ${cliBase.value}\n`);
  line('merge-base of two branches 1,000 and 300 commits from their fork: Gantry', oursBase.ms, 'ms');
  line('merge-base of two branches 1,000 and 300 commits from their fork: isomorphic-git findMergeBase', isoBase.ms, 'ms');
  line('merge-base of two branches 1,000 and 300 commits from their fork: git merge-base (wall)', cliBase.ms, 'ms');
  const refs = ['main', 'side', 'HEAD', 'refs/heads/main'];
  const oursRefs = await timed(() => {
    for (let i = 0; i < 1000; i++) resolveRev(repo.gitdir, refs[i % 4]!);
  });
  const isoRefs = await timed(async () => {
    for (let i = 0; i < 1000; i++) await git.resolveRef({ fs, dir, ref: refs[i % 4]! });
  });
  line('1,000 ref lookups: Gantry', oursRefs.ms, 'ms');
  line('1,000 ref lookups: isomorphic-git resolveRef', isoRefs.ms, 'ms');
  repo.close();
}

async function configFigures(work: string): Promise<void> {
  const { effectiveConfig } = await import('../gitops/node/git/config-chain.ts');
  const dir = path.join(work, 'config');
  mkdirSync(dir, { recursive: true });
  gitCli(dir, ['init', '-q']);
  const home = path.join(work, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(path.join(home, 'work.inc'), '[user]\n\temail = consultant@client.example\n[core]\n\tautocrlf = input\n');
  writeFileSync(path.join(dir, '.git', 'config'), `${fs.readFileSync(path.join(dir, '.git', 'config'), 'utf8')}[includeIf "gitdir:${dir}/"]\n\tpath = ${path.join(home, 'work.inc')}\n`);
  const keys = ['user.email', 'core.autocrlf'];
  const cli = keys.map((k) => gitCli(dir, ['config', '--get', k]).trim());
  const ours = keys.map((k) => effectiveConfig(path.join(dir, '.git')).get(k));
  const iso = await Promise.all(keys.map((k) => git.getConfig({ fs, dir, path: k })));
  const wrong = (vals: unknown[]) => vals.filter((v, i) => v !== cli[i]).length;
  line(`config values set through includeIf read differently from git, of ${keys.length}: Gantry`, wrong(ours), 'values', 0);
  line(`config values set through includeIf read differently from git, of ${keys.length}: isomorphic-git getConfig`, wrong(iso), 'values');
  const oursT = await timed(() => effectiveConfig(path.join(dir, '.git')).get('user.email'), 21);
  const isoT = await timed(() => git.getConfig({ fs, dir, path: 'user.email' }), 21);
  line('config read (whole chain, one value): Gantry', oursT.ms, 'ms');
  line('config read (.git/config only, one value): isomorphic-git getConfig', isoT.ms, 'ms');
}

async function main(): Promise<void> {
  const work = path.join(here, '.work', `git-parts-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    await ignoreFigures(work);
    await historyFigures(work);
    await configFigures(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:git parts failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 0;
});
