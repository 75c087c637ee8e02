import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseTrailers, type Trailer } from './trailers.ts';
import { formatGantryTrailers, gantryTrailers, readGantryTrailers, withGantryTrailers } from './gantry-trailers.ts';
import { historySummary } from './history-summary.ts';
import type { SemanticChange } from '../diff/semantic.ts';

/** What `git interpret-trailers --parse` lists for the message (git's own reading). */
function gitParse(message: string): Trailer[] {
  const out = execFileSync('git', ['-c', 'trailer.separators=:', '-c', 'core.commentChar=#', 'interpret-trailers', '--parse'], { input: message, encoding: 'utf8' });
  return out
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf(':');
      return { key: l.slice(0, i), value: l.slice(i + 1).replace(/^ /, '') };
    });
}

const MESSAGES: Record<string, string> = {
  'subject only': 'Update tenants\n',
  'subject that looks like a trailer': 'Fixes: the quota\n',
  'one trailer paragraph': 'Add tenant contoso\n\nGantry-Change: add-tenant\nGantry-Tenants: contoso\n',
  'body then trailers': 'Add tenant\n\nThe body says why.\nSecond line.\n\nGantry-Change: add-tenant\nGantry-Shards: weu-1, weu-2\n',
  'body only': 'Add tenant\n\nThe body says why.\n',
  'last paragraph mixed, no git line': 'Subj\n\nKey: v\nnot a trailer line\n',
  'signed-off-by makes a mixed block count': 'Subj\n\nKey: v\nsome words here\nSigned-off-by: A <a@b>\n',
  'under a quarter with signed-off-by': 'Subj\n\nw1\nw2\nw3\nw4\nSigned-off-by: A <a@b>\n',
  'exactly a quarter with signed-off-by': 'Subj\n\nw1\nw2\nSigned-off-by: A <a@b>\nw3\n',
  'continuation after a comment line': 'Subj\n\nKey: v\n# note\n  cont\n',
  'cherry picked line': 'Subj\n\nKey: v\n(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n',
  'continuation lines unfold': 'Subj\n\nGantry-Tenants: a,\n  b,\n\tc\nOther: x\n',
  'blank around the key': 'Subj\n\nKey : spaced\nA-B-9:v2\n',
  'token with bad characters': 'Subj\n\nKey_x: v\n',
  'url is not a trailer': 'Subj\n\nhttps://example.com/x\n',
  'trailing blank and comment lines': 'Subj\n\nKey: v\n\n# a comment\n\n',
  'comment inside the block': 'Subj\n\nKey: v\n# note\nOther: w\n',
  'divider ends the message': 'Subj\n\nKey: v\n--- \nNot: counted\n',
  'three dashes without space': 'Subj\n\nKey: v\n---x\nMore: w\n',
  'empty value': 'Subj\n\nKey:\nOther: w\n',
  'crlf lines': 'Subj\r\n\r\nKey: v\r\n',
  'no final newline': 'Subj\n\nKey: v',
  'trailers after suggested body list': 'tenant acme: GPUs 1 -> 2\n\n- tenant acme: GPUs 1 -> 2\n- shard weu-1: GPUs placed 1/16 -> 2/16\n\nGantry-Change: edit-tenant\nGantry-Tenants: acme\nGantry-Shards: weu-1\n',
  'value with colons': 'Subj\n\nRef: a: b: c\n',
  'several blank lines before the block': 'Subj\n\n\n\nKey: v\n',
  'leading space line then trailer': 'Subj\n\n  lead\nKey: v\n',
  'empty message': '',
};

describe('parseTrailers reads as git interpret-trailers --parse', () => {
  for (const [name, message] of Object.entries(MESSAGES)) {
    it(name, () => {
      expect(parseTrailers(message)).toEqual(gitParse(message));
    });
  }

  it('random messages built from trailer-like and plain lines', () => {
    const pieces = ['Key: v', 'Gantry-Change: edit-tenant', 'Signed-off-by: A <a@b>', 'plain words', '  continued', '', '# c', 'Bad key: x', 'X:', '---', '(cherry picked from commit abc)', 'Co-authored-by: B <b@c>', 'a-b : c'];
    let seed = 14;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 200; i++) {
      const lines = ['Subject'];
      const count = 1 + rnd(7);
      for (let j = 0; j < count; j++) lines.push(pieces[rnd(pieces.length)]!);
      const message = `${lines.join('\n')}\n`;
      expect(parseTrailers(message), JSON.stringify(message)).toEqual(gitParse(message));
    }
  });
});

const change = (kind: SemanticChange['kind'], name: string, text: string, derived = false): SemanticChange => ({
  kind,
  name,
  change: text,
  text: `${kind.toLowerCase()} ${name}: ${text}`,
  ...(derived ? { derived } : {}),
});

describe('Gantry trailers', () => {
  const summary = [
    change('Tenant', 'contoso', 'added on weu-1 (7 GPUs, premium)'),
    change('Tenant', 'acme', 'GPUs 1 -> 2'),
    change('Shard', 'weu-1', 'GPUs placed 3/16 -> 11/16', true),
  ];

  it('name the change kinds and every tenant and shard of the summary, and git reads them back', () => {
    const message = withGantryTrailers('Add contoso\n\n- tenant contoso: added\n', gantryTrailers(summary));
    expect(gitParse(message)).toEqual([
      { key: 'Gantry-Change', value: 'add-tenant, edit-tenant' },
      { key: 'Gantry-Tenants', value: 'contoso, acme' },
      { key: 'Gantry-Shards', value: 'weu-1' },
    ]);
    expect(message.startsWith('Add contoso\n\n- tenant contoso: added\n\nGantry-Change:')).toBe(true);
    expect(readGantryTrailers(message)).toEqual({ change: ['add-tenant', 'edit-tenant'], tenants: ['contoso', 'acme'], shards: ['weu-1'], moreTenants: 0, moreShards: 0 });
  });

  it('after a subject alone, come as a paragraph of their own; join an existing Signed-off-by block', () => {
    const one = withGantryTrailers('Drain weu-2', gantryTrailers([change('Shard', 'weu-2', 'state active -> draining')], ['drain']));
    expect(one).toBe('Drain weu-2\n\nGantry-Change: drain, edit-shard\nGantry-Shards: weu-2\n');
    const signed = withGantryTrailers('Subj\n\nBody.\n\nSigned-off-by: A <a@b>\n', gantryTrailers(summary));
    expect(signed).toContain('Signed-off-by: A <a@b>\nGantry-Change: add-tenant, edit-tenant\n');
    expect(gitParse(signed).map((t) => t.key)).toEqual(['Signed-off-by', 'Gantry-Change', 'Gantry-Tenants', 'Gantry-Shards']);
  });

  it('replace Gantry trailers typed in the message instead of doubling them', () => {
    const message = withGantryTrailers('Subj\n\nGantry-Change: made-up\nGantry-Tenants: nobody\n', gantryTrailers(summary));
    expect(gitParse(message).filter((t) => t.key === 'Gantry-Change')).toEqual([{ key: 'Gantry-Change', value: 'add-tenant, edit-tenant' }]);
    expect(message).not.toContain('nobody');
  });

  it('count the names past twenty instead of writing a line of 5,000', () => {
    const many = Array.from({ length: 45 }, (_, i) => change('Tenant', `t${i}`, 'plan free -> standard'));
    const t = gantryTrailers(many);
    const line = formatGantryTrailers(t)[1]!;
    expect(line.endsWith('t19 (+25 more)')).toBe(true);
    const back = readGantryTrailers(withGantryTrailers('Upgrade', t))!;
    expect(back.tenants).toHaveLength(20);
    expect(back.moreTenants).toBe(25);
    expect(historySummary(withGantryTrailers('Upgrade', t)).text).toContain('t19 +25');
  });

  it('say update when no spec object changed', () => {
    expect(formatGantryTrailers(gantryTrailers([]))).toEqual(['Gantry-Change: update']);
  });

  it('give history its summary; a commit without them shows its subject', () => {
    const message = withGantryTrailers('Add contoso', gantryTrailers(summary));
    expect(historySummary(message).text).toBe('tenant added, tenant edited · tenants contoso, acme · shard weu-1');
    expect(historySummary('Fix typo in README\n\nKey: v\n')).toEqual({ subject: 'Fix typo in README', text: 'Fix typo in README' });
  });
});
