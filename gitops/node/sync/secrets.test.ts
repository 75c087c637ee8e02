import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { lookAlikes } from './__fixtures__/secrets/look-alikes.ts';
import { positiveCases } from './__fixtures__/secrets/positive.ts';
import { ALNUM, BASE64, HEX, Random, jwt, p } from './__fixtures__/secrets/random.ts';
import { addedLines, scanChanges, scanCommitMessage, scanText, SECRET_KINDS } from './secrets.ts';

const kinds = (text: string) => scanText('f.yaml', text).map((f) => f.kind);
const r = new Random(42);
const awsId = () => p('AK', 'IA') + r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const awsSecret = () => `${r.chars(18, BASE64)}Ab3/${r.chars(18, BASE64)}`;

describe('secret scan', () => {
  it.each([
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4;EndpointSuffix=core.windows.net', 'connection-string'],
    ['Server=tcp:db.example.com;Database=app;User ID=app;Password=Tr0ub4dor&3;', 'connection-string'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'private-key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws-access-key'],
    [`key: ${p('gh', 'p_')}abcdefghijklmnopqrstuvwxyz0123456789`, 'github-token'],
    [`token: ${p('github', '_pat_')}11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz`, 'github-token'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'bearer-token'],
    [`webhook: ${p('xo', 'xb-')}1234567890-abcdefghijkl`, 'slack-token'],
    [`key: ${'A'.repeat(86)}==`, 'azure-storage-key'],
    ['password: hunter22', 'password'],
    ['  - password: "s3cr3t!"', 'password'],
    ['clientSecret: 8Q~abcdefghijklmnop', 'password'],
    ['password: hunter22\r', 'password'],
  ])('finds %s', (line, kind) => {
    expect(kinds(`ok: 1\n${line}\n`)).toEqual([kind]);
  });

  it.each([
    'password: ""',
    'password: ${DB_PASSWORD}',
    'password: <your-password>',
    'password: "{{ .Values.password }}"',
    'password:',
    'passwordSecretRef: db-credentials',
    'Password=${PW};',
    'tokensPerMinute: 100000',
    'Authorization: Bearer <token>',
    'password: hunter22 # gantry:allow-secret',
    '"password": "${PW}",',
  ])('leaves %s alone', (line) => {
    expect(kinds(`${line}\n`)).toEqual([]);
  });

  it('reports file and 1-based line', () => {
    expect(scanText('tenants/acme.yaml', 'a: 1\nb: 2\npassword: x1y2z3\n')).toEqual([{ file: 'tenants/acme.yaml', line: 3, kind: 'password' }]);
  });

  it('scans only added lines of a changed file, and all of a new one', () => {
    const before = 'a: 1\npassword: old-one\nb: 2\n';
    const after = 'a: 1\npassword: old-one\nb: 3\npassword: new-one\n';
    expect([...addedLines(before, after)]).toEqual([3, 4]);
    expect(scanChanges([{ path: 'x.yaml', before, after }])).toEqual([{ file: 'x.yaml', line: 4, kind: 'password' }]);
    expect(scanChanges([{ path: 'y.yaml', before: null, after: before }])).toEqual([{ file: 'y.yaml', line: 2, kind: 'password' }]);
    expect(scanChanges([{ path: 'bin', before: null, after: 'password: x\0y' }])).toEqual([]);
  });

  it('tries every match on a line, not only the first', () => {
    expect(kinds(`url: https://u:\${A}@a.example.com https://u:${r.chars(20)}@b.example.com\n`)).toEqual(['url-credentials']);
  });

  describe('Azure SAS', () => {
    const sig = () => encodeURIComponent(r.base64(32));
    it('needs sv= or se= in the same query as sig=', () => {
      expect(kinds(`u: https://a.blob.core.windows.net/c?sv=2022-11-02&sp=r&sig=${sig()}\n`)).toEqual(['azure-sas']);
      expect(kinds(`u: https://a.blob.core.windows.net/c?sp=r&se=2027-01-01&sig=${sig()}\n`)).toEqual(['azure-sas']);
      expect(kinds(`c: SharedAccessSignature=sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2027-01-01&sig=${sig()}\n`)).toEqual(['azure-sas']);
      expect(kinds(`u: https://example.com/verify?sig=${sig()}&sp=r sv=2022-11-02\n`)).toEqual([]);
      expect(kinds(`u: https://example.com/c?sv=2022-11-02&xsig=${sig()}\n`)).toEqual([]);
    });
  });

  describe('kubeconfig and JWTs', () => {
    const cert = Buffer.from(`-----BEGIN CERTIFICATE-----\n${r.base64(600)}\n-----END CERTIFICATE-----\n`).toString('base64');
    const key = Buffer.from(`-----BEGIN RSA PRIVATE KEY-----\n${r.base64(600)}\n-----END RSA PRIVATE KEY-----\n`).toString('base64');
    it('flags client-key-data, not the certificates', () => {
      expect(scanText('kubeconfig', `    certificate-authority-data: ${cert}\n    client-certificate-data: ${cert}\n    client-key-data: ${key}\n`)).toEqual([
        { file: 'kubeconfig', line: 3, kind: 'kubeconfig-client-key' },
      ]);
      expect(kinds('    client-key-data: DATA+OMITTED\n    client-key-data: <base64>\n')).toEqual([]);
    });
    it('flags a base64 PEM private key anywhere, but not a base64 certificate', () => {
      expect(kinds(`  tls.key: ${key}\n  tls.crt: ${cert}\n`)).toEqual(['private-key']);
    });
    it('flags a JWT only when its header decodes to JSON with "alg"', () => {
      expect(kinds(`    token: ${jwt(r)}\n`)).toEqual(['jwt']);
      expect(kinds(`x ${jwt(r, { typ: 'JWT', alg: 'none' })} y\n`)).toEqual(['jwt']);
      const seg = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      expect(kinds(`x ${seg({ typ: 'JWT', kid: 'a' })}.${seg({ sub: 1 })}.${r.chars(43)}\n`)).toEqual([]);
      expect(kinds(`x ey${r.chars(30)}.${r.chars(30)}.${r.chars(30)}\n`)).toEqual([]);
    });
  });

  describe('a bare AWS secret access key', () => {
    it('is found within three lines of an access key id, on an added line', () => {
      const text = `id: ${awsId()}\na: 1\nb: 2\nsecret: ${awsSecret()}\n`;
      expect(scanText('f', text)).toEqual([
        { file: 'f', line: 1, kind: 'aws-access-key' },
        { file: 'f', line: 4, kind: 'aws-secret-key' },
      ]);
      // The id was committed before; the secret added next to it is still found.
      expect(scanText('f', text, new Set([4]))).toEqual([{ file: 'f', line: 4, kind: 'aws-secret-key' }]);
    });
    it('is not looked for further away, nor is a git SHA or a path taken for one', () => {
      expect(scanText('f', `id: ${awsId()}\na: 1\nb: 2\nc: 3\nsecret: ${awsSecret()}\n`).map((f) => f.line)).toEqual([1]);
      const near = `id: ${awsId()}\nrevision: ${r.chars(40, HEX)}\nupper: ${r.chars(40, HEX).toUpperCase()}\npath: apis/apps/v1/namespaces/default/deploys1\n`;
      expect(scanText('f', near).map((f) => f.line)).toEqual([1]);
    });
  });

  describe('long lines', () => {
    const MB = 1 << 20;
    const token = () => `${p('gh', 'p_')}${r.chars(36)}`;
    // No timing assertions: a regex that backtracks would make these time out.
    it('scans a 1 MB line with a secret at its end, and without', () => {
      const filler = 'lorem ipsum dolor sit amet '.repeat(MB / 27);
      expect(scanText('f', `a: 1\nnotes: ${filler}${token()}\n`)).toEqual([{ file: 'f', line: 2, kind: 'github-token' }]);
      expect(scanText('f', `a: 1\nnotes: ${filler}\n`)).toEqual([]);
      const b64 = r.base64(MB);
      expect(kinds(`data: ${b64} ${token()}\n`)).toEqual(['github-token']);
      expect(kinds(`data: ${b64}\n`)).toEqual([]);
    });
    it.each([
      ['one character', () => 'a'.repeat(MB)],
      ['spaces', () => ' '.repeat(MB) + 'x'],
      ['a password key and spaces', () => `password:${' '.repeat(MB)}# x`],
      ['JWT-like segments', () => 'eyJhbGciOi.'.repeat(MB / 11)],
      ['URL schemes', () => 'https://'.repeat(MB / 8)],
      ['userinfo without a host', () => `https://${'a:'.repeat(MB / 2)}`],
      ['sig= parameters', () => '&sig='.repeat(MB / 5)],
      ['one query of many random sig= values', () => Array.from({ length: MB / 32 }, () => `x=1&sig=${r.chars(22)}`).join('&')],
      ['PEM headers without bodies', () => '-----BEGIN RSA PRIVATE KEY-----...'.repeat(MB / 34)],
      ['placeholder credentials', () => 'https://u:${X}@h AccountKey=${X}; "auth":"dXNlcjo=" client-key-data: aaaaaaaaaaaaaaaaaaaa '.repeat(MB / 88)],
      ['token prefixes', () => 'glpat-sk-ghp_AIzaLS0tLS1CRUdJTi'.repeat(MB / 32)],
      ['equals signs', () => '='.repeat(MB)],
      ['hex', () => HEX.repeat(MB / 16)],
    ])('stays linear on 1 MB of %s', (_name, make) => {
      const line = make();
      expect(scanText('f', `${line}\n`).length).toBeLessThanOrEqual(1);
      expect(scanText('f', `${p('AK', 'IA')}ABCDEFGHIJKLMNOP\n${line}\n`).length).toBeLessThanOrEqual(2);
    });
  });

  describe('commit messages', () => {
    it('are scanned on every line, reported as "commit message"', () => {
      expect(scanCommitMessage(`tenant acme: rotate credentials\n\nnew token: ${jwt(r)}\n`)).toEqual([{ file: 'commit message', line: 3, kind: 'jwt' }]);
      expect(scanCommitMessage(`deploy\n\nremote https://ci:${r.chars(24)}@git.example.com/fleet.git\n`)).toEqual([{ file: 'commit message', line: 3, kind: 'url-credentials' }]);
      expect(scanCommitMessage('tenant acme: moved weu-1 -> weu-2\n\n- tenant hooli: removed\n')).toEqual([]);
    });
    it('read "Password: ..." as prose unless the value is one word', () => {
      expect(scanCommitMessage('rotate\n\nPassword: moved to the key vault\nPassword: |\n')).toEqual([]);
      expect(scanCommitMessage(`rotate\n\npassword: ${r.chars(14)}\n`)).toEqual([{ file: 'commit message', line: 3, kind: 'password' }]);
      expect(scanCommitMessage(`rotate\n\npassword: ${r.chars(14)} # gantry:allow-secret\n`)).toEqual([]);
    });
  });
});

// ---- Corpora: real shapes that must be refused, look-alikes that must pass. ----

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SHARED_FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures');

/**
 * The upstream docs in ../shared/fixtures hold labelled example passwords (`password: grogu` in a
 * Secret's stringData); in documentation files those pass (DOC_FILE), so the fixtures flag nothing.
 */

const rates = { positives: 0, found: 0, lookAlikes: 0, flagged: 0, corpus: 0, fixtureFiles: 0, fixtureLines: 0, fixturesMissing: false };

afterAll(() => {
  const pct = rates.lookAlikes ? ((100 * rates.flagged) / rates.lookAlikes).toFixed(1) : '0.0';
  const where = rates.fixturesMissing
    ? `${rates.corpus} corpus entries; ../shared/fixtures missing, not walked`
    : `${rates.corpus} corpus entries + ${rates.fixtureLines} lines of ${rates.fixtureFiles} files in ../shared/fixtures`;
  console.log(`secret scan: ${rates.flagged}/${rates.lookAlikes} look-alikes flagged (${pct}%) [${where}], ${rates.found}/${rates.positives} real shapes found`);
});

describe('secret scan corpora', () => {
  it('finds every real shape, with its kind', () => {
    const cases = positiveCases();
    const missed = cases.filter((c) => !kinds(c.text).includes(c.kind)).map((c) => `${c.kind}: ${c.name} -> [${kinds(c.text).join(', ')}]`);
    rates.positives += cases.length;
    rates.found += cases.length - missed.length;
    expect(missed).toEqual([]);
    // Every kind the scan knows has real shapes here.
    expect([...new Set(cases.map((c) => c.kind))].sort()).toEqual([...SECRET_KINDS].sort());
  });

  it('flags no look-alike', () => {
    const cases = lookAlikes();
    const flagged = cases.flatMap((c) => scanText('look-alike', c.text).map((f) => `${c.name}: line ${f.line} (${f.kind}) ${c.text.split('\n')[f.line - 1]!.slice(0, 120)}`));
    rates.corpus += cases.length;
    rates.lookAlikes += cases.length;
    rates.flagged += flagged.length;
    expect(flagged).toEqual([]);
  });

  it('flags nothing in ../shared/fixtures', (ctx) => {
    if (!existsSync(SHARED_FIXTURES)) {
      rates.fixturesMissing = true;
      console.warn(`secret scan: ${SHARED_FIXTURES} is missing; skipping the walk of the shared fixtures`);
      ctx.skip();
      return;
    }
    const walk = (dir: string): string[] =>
      readdirSync(dir)
        .sort()
        .flatMap((n) => {
          const abs = path.join(dir, n);
          return statSync(abs).isDirectory() ? walk(abs) : [abs];
        });
    const found: Array<{ file: string; text: string; kind: string }> = [];
    for (const abs of walk(SHARED_FIXTURES)) {
      const bytes = readFileSync(abs);
      if (bytes.includes(0)) continue;
      const text = bytes.toString('utf8');
      const lines = text.split('\n');
      const file = path.relative(SHARED_FIXTURES, abs).split(path.sep).join('/');
      rates.fixtureFiles++;
      rates.fixtureLines += lines.filter((l) => l.trim()).length;
      for (const f of scanText(file, text)) found.push({ file, text: lines[f.line - 1]!.trim(), kind: f.kind });
    }
    rates.lookAlikes += rates.fixtureLines;
    rates.flagged += found.length;
    expect(found).toEqual([]);
    expect(rates.fixtureFiles).toBeGreaterThan(0);
  });
});

// The seeded values are stable: the same seed gives the same corpus.
describe('secret scan corpora are deterministic', () => {
  it('builds the same values from the same seed', () => {
    expect(positiveCases(1).map((c) => c.text)).toEqual(positiveCases(1).map((c) => c.text));
    expect(new Random(7).chars(20, ALNUM)).toBe(new Random(7).chars(20, ALNUM));
  });
});

describe('documentation files', () => {
  it('skip a labelled example password, but not a credential with a shape of its own', () => {
    const github = ['gh', 'p_', 'x7Kq2Lm9Zt4Rw8Np3Vb6Hc1Jd5Fg0Sy2Ue7A'].join('');
    expect(scanText('docs/setup.md', 'stringData:\n  password: grogu\n')).toEqual([]);
    expect(scanText('tenants/acme.yaml', 'stringData:\n  password: grogu\n')).toEqual([{ file: 'tenants/acme.yaml', line: 2, kind: 'password' }]);
    expect(scanText('README.md', `clone with GITHUB_PAT ${github}\n`).map((f) => f.kind)).toEqual(['github-token']);
  });
});
