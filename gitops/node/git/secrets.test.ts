import { describe, expect, it } from 'vitest';
import { addedLines, scanChanges, scanText } from './secrets.ts';

const kinds = (text: string) => scanText('f.yaml', text).map((f) => f.kind);

describe('secret scan', () => {
  it.each([
    ['DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4;EndpointSuffix=core.windows.net', 'connection-string'],
    ['Server=tcp:db.example.com;Database=app;User ID=app;Password=Tr0ub4dor&3;', 'connection-string'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'private-key'],
    ['-----BEGIN OPENSSH PRIVATE KEY-----', 'private-key'],
    ['aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws-access-key'],
    ['key: ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'github-token'],
    ['token: github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', 'github-token'],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', 'bearer-token'],
    ['webhook: xoxb-1234567890-abcdefghijkl', 'slack-token'],
    [`key: ${'A'.repeat(86)}==`, 'azure-storage-key'],
    ['password: hunter22', 'password'],
    ['  - password: "s3cr3t!"', 'password'],
    ['clientSecret: 8Q~abcdefghijklmnop', 'password'],
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
});
