/**
 * Look-alikes the secret scan must let through: placeholders, identifiers, digests, public
 * certificates and base64 of ordinary text, in the contexts where they show up next to real
 * credentials. Generated from a seed like positive.ts.
 */
import { ALNUM, BASE64URL, HEX, Random, pem } from './random.ts';

export interface LookAlike {
  name: string;
  text: string;
}

export function lookAlikes(seed = 20261125): LookAlike[] {
  const r = new Random(seed);
  const out: LookAlike[] = [];
  const add = (name: string, text: string) => out.push({ name, text });
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const sha = () => r.chars(40, HEX);
  const sha256 = () => r.chars(64, HEX);

  // Placeholders where a credential would go.
  for (const v of ['${TOKEN}', '${DB_PASSWORD}', '$(PASSWORD)', '$PASSWORD', '<token>', '<your-password>', 'changeme', 'CHANGE_ME', '"{{ .Values.password }}"', "'{{ .Values.x }}'", '***', 'xxxxxxxx', 'REDACTED', 'DATA+OMITTED', '""', "''", '%PASSWORD%', '{password}', 'some-client-secret', 'your_api_key', 'my-token', '${{ secrets.REGISTRY_PASSWORD }}']) {
    add(`password: ${v}`, `password: ${v}\n`);
    add(`token: ${v}`, `token: ${v}\n`);
    add(`clientSecret: ${v}`, `clientSecret: ${v}\n`);
  }
  add('password from a secretKeyRef', `env:\n- name: PASSWORD\n  valueFrom:\n    secretKeyRef: {name: db, key: password}\n`);
  add('passwordSecretRef', 'passwordSecretRef: db-credentials\n');
  add('empty password', 'password:\n');
  add('token from the environment in code', 'const token = process.env.GANTRY_GIT_TOKEN;\npassword = os.environ["DB_PASSWORD"]\napiKey: env.API_KEY\n');
  add('AWS access key id placeholder', 'aws_access_key_id = AKIAXXXXXXXXXXXXXXXX\n');
  add('labelled AWS secret placeholder', 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}\n');
  add('URL with a templated password', 'url: https://user:${TOKEN}@git.example.com/fleet.git\n');
  add('URL with a placeholder password', 'url: https://user:<password>@git.example.com/fleet.git\n');
  add('URL with an env password', 'git clone https://oauth2:$GITLAB_TOKEN@gitlab.example.com/platform/fleet.git\n');
  add('URL with an escaped templated password', 'https://bot:%24%7BTOKEN%7D@git.example.com/\n');
  add('URL with a user name only', 'url: ssh://git@github.com/example/repo\nurl: https://deploy@git.example.com/fleet.git\n');
  add('URL with a port', 'url: https://registry.example.com:5000/v2/\nimage: registry.local:5000/team/model@sha256:' + sha256() + '\n');
  add('scp-like git URL', 'url: git@github.com:example/fleet.git\n');
  add('Bearer placeholder', 'Authorization: Bearer <token>\nAuthorization: Bearer ${TOKEN}\n');
  add('Basic placeholder', `Authorization: Basic ${b64('user:${PASSWORD}')}\n`);
  add('SAS placeholder', 'uri: https://acct.blob.core.windows.net/c/t.json?sv=2022-11-02&se=2027-01-01&sig=<signature>\n');
  add('SAS example signature', 'queryString: "sv=2019-02-02&se=2019-04-30T02%3A23%3A26Z&sr=b&sp=rw&sig=xxxxxxxx0xxxxxxxxxxxxx%2bxxxxxxxxxxxxxxxxxxxx%3d"\n');
  add('sig without a SAS around it', `signature: https://example.com/verify?sig=${r.base64(32)}\n`);
  add('connection string with a placeholder key', 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${STORAGE_KEY};EndpointSuffix=core.windows.net\n');
  add('PEM header with an elided body', 'identity: |\n  -----BEGIN OPENSSH PRIVATE KEY-----\n  ...\n  -----END OPENSSH PRIVATE KEY-----\n');
  add('PEM header with a placeholder body', 'key: |\n  -----BEGIN RSA PRIVATE KEY-----\n  <your key here>\n  -----END RSA PRIVATE KEY-----\n');
  add('code that looks for a PEM header', "if (text.startsWith('-----BEGIN RSA PRIVATE KEY-----')) return 'rsa';\n");
  add('JSON with an elided PEM', '"private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n"\n');

  // Identifiers and digests.
  for (let i = 0; i < 5; i++) add('UUIDs', `uid: ${r.uuid()}\ntenantId: ${r.uuid()}\nclientId: ${r.uuid()}\nsubscriptionId: ${r.uuid()}\n`);
  for (let i = 0; i < 5; i++) add('git SHAs', `commit: ${sha()}\nrevision: main@sha1:${sha()}\nlastAppliedRevision: ${sha()}\n`);
  for (let i = 0; i < 5; i++) add('sha256 digests', `digest: sha256:${sha256()}\nchecksum: ${sha256()}\n`);
  for (let i = 0; i < 5; i++) add('container image digests', `image: ghcr.io/example/triton@sha256:${sha256()}\n  - image: nvcr.io/nvidia/tritonserver:24.05-py3@sha256:${sha256()}\n`);
  add('npm integrity hashes', `"integrity": "sha512-${r.base64(64)}"\n"integrity": "sha512-${r.base64(64)}",\n`);
  add('sha384 SRI', `<script integrity="sha384-${r.base64(48)}"></script>\n`);
  add('SSH public keys', `known_hosts: |\n  github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.base64(32)}\n  github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABB${r.base64(65)}\n`);
  add('a git SHA next to an AWS access key id placeholder', `accessKey: \${AWS_ACCESS_KEY_ID}\nrevision: ${sha()}\n`);

  // Public certificates.
  add(
    'kubeconfig certificates',
    `clusters:\n- cluster:\n    certificate-authority-data: ${b64(pem(r, 'CERTIFICATE', 800))}\n    server: https://aks-weu-prod.hcp.westeurope.azmk8s.io:443\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${b64(pem(r, 'CERTIFICATE', 800))}\n    client-key-data: DATA+OMITTED\n`,
  );
  add('webhook caBundle', `  caBundle: ${b64(pem(r, 'CERTIFICATE', 600))}\n`);
  add('TLS Secret certificate only', `data:\n  tls.crt: ${b64(pem(r, 'CERTIFICATE', 600))}\n  ca.crt: ${b64(pem(r, 'CERTIFICATE', 600))}\n`);
  add('PEM certificate', `ca.crt: |\n${pem(r, 'CERTIFICATE', 600).replace(/^/gm, '  ')}`);
  add('PEM public key', pem(r, 'PUBLIC KEY', 294));

  // Base64 of ordinary text (ConfigMap binaryData, Secret data that is not a credential).
  const sentences = [
    'Tenant acme runs in the premium tier on the weu-1 shard with two replicas.',
    'This model server answers within 120 ms at the 99th percentile under nominal load!',
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: routing\ndata:\n  mode: weighted\n',
    'The quick brown fox jumps over the lazy dog and then over the sleeping cat too.',
    'Exactly sixty-four bytes of plain text go into this one sentence', // 64 bytes: base64 is 88 characters ending in ==
  ];
  for (const s of sentences) add('base64 of text', `data:\n  notes: ${b64(s)}\n  key: ${b64(s)}\n`);
  add('base64url of JSON that is not a JWT', `state: ${Buffer.from('{"page":2,"size":50}').toString('base64url')}.${r.chars(20, BASE64URL)}.${r.chars(20, BASE64URL)}\n`);
  add('three dotted words starting with ey', 'eyebrowsAndLashes.someOtherThing.final\n');

  // Names and values that only sound like secrets.
  add('key names', 'secretName: db-credentials\nkey: password\ntokenSecretRef:\n  name: cloudflare\nkeyId: 3\n');
  add('tokens per minute', 'tokensPerMinute: 100000\nmaxTokens: 4096\ntokenizer: llama-3\n');
  add('Kubernetes Secret names', 'kind: Secret\nmetadata:\n  name: gantry-git-token\ntype: Opaque\n');
  add('long random-looking ids', `traceId: ${r.chars(32, HEX)}\nrequestId: ${r.chars(26, ALNUM)}\n`);
  add('allowed by the marker', 'password: hunter22 # gantry:allow-secret\n');
  return out;
}
