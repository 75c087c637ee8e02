/**
 * Real shapes the secret scan must refuse: one case per entry, each a made-up but realistically
 * shaped credential in the context it is usually found in. Values come from a seeded generator
 * (see random.ts), so nothing here is a literal token.
 */
import { ALNUM, BASE64, BASE64URL, DIGITS, HEX, LOWER, UPPER, Random, jwt, p, pem } from './random.ts';

export interface PositiveCase {
  name: string;
  /** The kind the scan must report for it. */
  kind: string;
  text: string;
}

export function positiveCases(seed = 20261124): PositiveCase[] {
  const r = new Random(seed);
  const out: PositiveCase[] = [];
  const add = (kind: string, name: string, text: string) => out.push({ name, kind, text });
  const awsId = (prefix = p('AK', 'IA')) => prefix + r.chars(16, UPPER + DIGITS);
  const awsSecret = () => {
    for (;;) {
      const s = r.chars(40, BASE64);
      if (/[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9/+]/.test(s)) return s;
    }
  };
  const indent = (text: string, n: number) => text.trimEnd().replace(/^/gm, ' '.repeat(n));
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const sasSig = () => encodeURIComponent(r.base64(32));
  const sasQuery = (sig = sasSig()) => `sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2027-01-31T18:00:00Z&st=2026-11-24T10:00:00Z&spr=https&sig=${sig}`;

  // Private keys: PEM blocks, escaped in JSON, and in base64 (a Secret's data, a kubeconfig).
  add('private-key', 'RSA key in a Secret stringData', `apiVersion: v1\nkind: Secret\nstringData:\n  tls.key: |\n${indent(pem(r, 'RSA PRIVATE KEY'), 4)}\n`);
  add('private-key', 'OpenSSH key for a GitRepository', `identity: |\n${indent(pem(r, 'OPENSSH PRIVATE KEY', 400), 2)}\n`);
  add('private-key', 'EC key', pem(r, 'EC PRIVATE KEY', 120));
  add('private-key', 'PKCS#8 key', pem(r, 'PRIVATE KEY', 900));
  add('private-key', 'encrypted PKCS#8 key', pem(r, 'ENCRYPTED PRIVATE KEY', 900));
  add('private-key', 'PGP key block', pem(r, 'PGP PRIVATE KEY BLOCK', 700));
  add('private-key', 'GCP service account JSON (escaped newlines)', `{\n  "type": "service_account",\n  "private_key_id": "${r.chars(40, HEX)}",\n  "private_key": "${pem(r, 'PRIVATE KEY', 300).replace(/\n/g, '\\n')}",\n  "client_email": "deployer@proj.iam.gserviceaccount.com"\n}\n`);
  add('private-key', 'base64 PEM in a Secret data', `kind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64(pem(r, 'CERTIFICATE', 300))}\n  tls.key: ${b64(pem(r, 'RSA PRIVATE KEY', 300))}\n`);

  // kubeconfig: the client key (the certificate beside it is public) and tokens.
  add(
    'kubeconfig-client-key',
    'kubeconfig user with client-key-data',
    `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: ${b64(pem(r, 'CERTIFICATE', 300))}\n    client-key-data: ${b64(pem(r, 'RSA PRIVATE KEY', 300))}\n`,
  );
  add('kubeconfig-client-key', 'kubeconfig in JSON', `{"users":[{"name":"ci","user":{"client-key-data":"${b64(pem(r, 'EC PRIVATE KEY', 120))}"}}]}\n`);
  add('kubeconfig-client-key', 'client-key-data of random base64', `    client-key-data: ${r.base64(1200)}\n`);
  add('jwt', 'kubeconfig user token (service account JWT)', `users:\n- name: deployer\n  user:\n    token: ${jwt(r)}\n`);
  add('jwt', 'bare JWT in an env file', `ID_TOKEN=${jwt(r, { alg: 'HS256', typ: 'JWT' }, { sub: r.uuid(), name: 'ci' })}\n`);
  add('jwt', 'JWT in JSON', `{"access_token": "${jwt(r, { typ: 'JWT', alg: 'ES256' })}", "expires_in": 3600}\n`);
  add('jwt', 'JWT whose header has spaces', `see ${jwt(r, JSON.parse('{ "alg" : "RS512" }') as object)} for the session\n`);
  add('jwt', 'Azure AD access token', `token=${jwt(r, { typ: 'JWT', alg: 'RS256', x5t: r.chars(27, BASE64URL), kid: r.chars(27, BASE64URL) }, { aud: 'https://management.azure.com', tid: r.uuid(), oid: r.uuid() })}\n`);
  add('token', 'kubeconfig user with an opaque token', `users:\n- name: legacy\n  user:\n    token: ${r.chars(40, ALNUM)}\n`);
  add('token', 'bootstrap token', `token: ${r.chars(6, LOWER + DIGITS)}.${r.chars(16, LOWER + DIGITS)}\n`);
  add('token', 'env var ending in TOKEN', `export VAULT_TOKEN=hvs.${r.chars(24, ALNUM)}\n`);

  // AWS.
  add('aws-access-key', 'access key id in an ini file', `[default]\naws_access_key_id = ${awsId()}\n`);
  add('aws-access-key', 'temporary access key id', `AWS_ACCESS_KEY_ID=${awsId(p('AS', 'IA'))}\n`);
  add('aws-secret-key', 'labelled secret access key', `aws_secret_access_key = ${awsSecret()}\n`);
  add('aws-secret-key', 'labelled secret access key in YAML', `env:\n  AWS_SECRET_ACCESS_KEY: "${awsSecret()}"\n`);
  add('aws-secret-key', 'camelCase label', `awsSecretAccessKey: ${awsSecret()}\n`);
  add('aws-secret-key', 'bare secret on the line after its key id', `credentials:\n  id: ${awsId()}\n  key: ${awsSecret()}\n`);
  add('aws-secret-key', 'bare secret three lines before its key id', `s3:\n  secret: '${awsSecret()}'\n  region: eu-west-1\n  bucket: models\n  accessKey: ${awsId()}\n`);
  add('aws-secret-key', 'bare secret in an export block', `export S3_SECRET=${awsSecret()}\nexport S3_KEY=${awsId(p('AS', 'IA'))}\n`);

  // Vendor tokens.
  add('github-token', 'classic personal access token', `GITHUB_TOKEN=${p('gh', 'p_')}${r.chars(36)}\n`);
  add('github-token', 'OAuth token', `token: ${p('gh', 'o_')}${r.chars(36)}\n`);
  add('github-token', 'app installation token', `  password: ${p('gh', 's_')}${r.chars(36)}\n`);
  add('github-token', 'fine-grained token', `${p('github', '_pat_')}11${r.chars(20, UPPER + DIGITS)}_${r.chars(59)}\n`);
  add('gitlab-token', 'personal access token', `GITLAB_TOKEN: ${p('gl', 'pat-')}${r.chars(20, ALNUM + '-_')}\n`);
  add('gitlab-token', 'deploy token', `password: ${p('gl', 'dt-')}${r.chars(20, ALNUM + '-_')}\n`);
  add('gitlab-token', 'runner token', `token = "${p('gl', 'rt-')}${r.chars(20, ALNUM + '-_')}"\n`);
  add('slack-token', 'bot token', `slackToken: ${p('xo', 'xb-')}${r.chars(12, DIGITS)}-${r.chars(13, DIGITS)}-${r.chars(24)}\n`);
  add('slack-token', 'user token', `SLACK=${p('xo', 'xp-')}${r.chars(12, DIGITS)}-${r.chars(12, DIGITS)}-${r.chars(13, DIGITS)}-${r.chars(32, HEX)}\n`);
  add('slack-webhook', 'incoming webhook URL', `url: https://hooks.slack.com/services/T${r.chars(10, UPPER + DIGITS)}/B${r.chars(10, UPPER + DIGITS)}/${r.chars(24)}\n`);
  add('google-api-key', 'Google API key', `mapsKey: ${p('AI', 'za')}${r.chars(35, ALNUM + '-_')}\n`);
  add('google-api-key', 'Google API key in a URL', `https://maps.googleapis.com/maps/api/geocode/json?key=${p('AI', 'za')}${r.chars(35, ALNUM + '-_')}\n`);
  add('stripe-key', 'Stripe live secret key', `STRIPE_KEY=${p('sk', '_live_')}${r.chars(24)}\n`);
  add('stripe-key', 'Stripe live restricted key', `stripe: ${p('rk', '_live_')}${r.chars(99)}\n`);
  add('npm-token', 'npm token in .npmrc', `//registry.npmjs.org/:_authToken=${p('np', 'm_')}${r.chars(36)}\n`);
  add('npm-token', 'npm token in CI', `NODE_AUTH=${p('np', 'm_')}${r.chars(36)}\n`);
  add('huggingface-token', 'Hugging Face token', `HF=${p('h', 'f_')}${r.chars(34, UPPER + LOWER)}\n`);
  add('openai-key', 'OpenAI project key', `OPENAI=${p('sk', '-proj-')}${r.chars(74, ALNUM + '-_')}${p('T3Blbk', 'FJ')}${r.chars(74, ALNUM + '-_')}\n`);
  add('openai-key', 'OpenAI legacy key', `openai: ${p('s', 'k-')}${r.chars(20)}${p('T3Blbk', 'FJ')}${r.chars(20)}\n`);
  add('anthropic-key', 'Anthropic key', `ANTHROPIC=${p('sk', '-ant-', 'api03-')}${r.chars(93, ALNUM + '-_')}AA\n`);

  // Azure.
  add('azure-sas', 'blob SAS URL', `templateLink:\n  uri: https://acct.blob.core.windows.net/templates/main.json?${sasQuery()}\n`);
  add('azure-sas', 'SAS in a storage connection string', `AZURE_STORAGE=BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=${sasQuery()}\n`);
  add('azure-sas', 'SAS with an unescaped signature', `"queryString": "${sasQuery(r.base64(32))}"\n`);
  add('azure-sas', 'SAS with sig first', `https://acct.queue.core.windows.net/jobs?sig=${sasSig()}&se=2027-03-01T00%3A00%3A00Z&sp=raup&sv=2021-08-06\n`);
  add('azure-sas', 'Service Bus SAS token', `Authorization: SharedAccessSignature sr=https%3A%2F%2Fns.servicebus.windows.net%2Fq&sig=${sasSig()}&se=1893456000&skn=send\n`);
  add('connection-string', 'storage account key', `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${r.base64(64)};EndpointSuffix=core.windows.net\n`);
  add('connection-string', 'Service Bus shared access key', `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r.base64(32)}\n`);
  add('connection-string', 'SQL password', `Server=tcp:db.example.com,1433;Database=app;User ID=app;Password=${r.chars(16, ALNUM + '!#%&')};\n`);
  add('azure-storage-key', 'bare storage account key', `storageKey: ${r.base64(64)}\n`);

  // Credentials in URLs.
  add('url-credentials', 'https with user and token', `url: https://ci-bot:${r.chars(32)}@git.example.com/platform/fleet.git\n`);
  add('url-credentials', 'the user:pass shape', `remote: https://user:pass@host\n`);
  add('url-credentials', 'postgres URL', `DATABASE_URL=postgres://app:${r.chars(20)}@db.internal:5432/app\n`);
  add('url-credentials', 'redis URL with an empty user', `redis://:${r.chars(24)}@cache:6379/0\n`);
  add('url-credentials', 'percent-escaped password', `amqp://guest:${encodeURIComponent(`${r.chars(8)}@!/${r.chars(8)}`)}@rabbit.internal/\n`);

  // Headers and registry credentials.
  add('bearer-token', 'Authorization header', `curl -H "Authorization: Bearer ${r.chars(40, ALNUM + '-._')}" https://api.example.com\n`);
  add('basic-auth', 'Basic auth header', `Authorization: Basic ${b64(`deploy:${r.chars(20)}`)}\n`);
  add('docker-auth', 'image pull secret', `{"auths":{"registry.example.com":{"auth":"${b64(`robot$ci:${r.chars(32)}`)}"}}}\n`);

  // Labelled values.
  add('password', 'password in YAML', `password: ${r.chars(14, ALNUM + '!@#')}\n`);
  add('password', 'password in a list', `  - password: "${r.chars(12)}"\n`);
  add('password', 'Helm values adminPassword', `grafana:\n  adminPassword: ${r.chars(18)}\n`);
  add('password', 'env var ending in PASSWORD', `POSTGRES_PASSWORD=${r.chars(16)}\n`);
  add('password', 'client secret', `clientSecret: ${r.chars(3, ALNUM)}8Q~${r.chars(34, ALNUM + '-_.~')}\n`);
  add('password', 'JSON password', `  "password": "${r.chars(20)}",\n`);
  add('password', 'API key', `apiKey: ${r.chars(32, HEX)}\n`);
  add('password', 'block scalar password', `password: |\n  ${r.chars(30)}\n`);
  return out;
}
