import { diffLines } from 'diff';
import type { SecretFinding } from '../git/types.ts';

/**
 * What a detector sees besides its match. Detectors run on one line at a time; a few look at the
 * lines around it (the body under a PEM header, an AWS access key id a few lines away).
 */
interface LineContext {
  /** The line (without its line end). */
  line: string;
  /** The line in lower case, for hints. */
  lower: string;
  /** Every line of the text, for detectors that look at neighbours. */
  lines: readonly string[];
  /** 0-based index of `line` in `lines`. */
  index: number;
  /** The text is prose (a commit message): a `password:` line needs a one-word value. */
  prose: boolean;
  /** An AWS access key id is on this line or within AWS_NEAR lines of it. */
  nearAwsKeyId: boolean;
  /** The file is documentation (Markdown, reStructuredText, AsciiDoc): see DOC_FILE. */
  docs: boolean;
  /** The last query string sasSignature looked at on this line: up to where, and whether it has sv= or se=. */
  sasQuery?: { to: number; sas: boolean };
}

interface Detector {
  kind: string;
  /**
   * A global regex. Each match on the line is tried in turn until one is `real`. Every pattern must
   * run in linear time on any line: runs that can repeat start behind a look-behind (so they begin
   * only where a run begins) or are bounded, so no input backtracks more than a constant per character.
   */
  re: RegExp;
  /** Rejects matches that are placeholders, look-alikes or example values rather than credentials. */
  real?: (m: RegExpExecArray, ctx: LineContext) => boolean;
  /** The detector runs on a line only when this holds. */
  when?: (ctx: LineContext) => boolean;
  /** The detector runs on a line only when the line, in lower case, contains one of these (a cheap pre-check). */
  hint?: string | readonly string[];
}

/** How many lines apart an AWS secret access key may be from its access key id. */
const AWS_NEAR = 3;

/** Values that stand for a secret without being one: `${VAR}`, `<token>`, `{{ .Values.x }}`, `***`, `changeme`, `some-client-secret`. */
function placeholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '').trim();
  if (!v) return true;
  if (v.length > 300) return false;
  // Templated: filled in from elsewhere when deployed.
  if (/\$\{|\{\{|\$\(|%\(/.test(v)) return true;
  if (/^(\$[A-Z_][A-Z0-9_]*|<[^>]*>|%[A-Z_]+%|%s|\{[A-Z_][\w.-]*\}|\[[A-Z_ -]+\])$/i.test(v)) return true;
  if (/^(\*+|x+|\.+|…|-+|null|~|none|changeme|change-me|change_me|redacted|placeholder|secret|password|example|todo|tbd|dummy|fake|sample|data\+omitted)$/i.test(v)) return true;
  // A name that says what belongs there: some-client-secret, your_api_key, my-token.
  if (/^[a-z]+(?:[-_][a-z]+)+$/i.test(v) && /(?:^|[-_])(?:secret|password|passwd|pass|pwd|token|key|apikey|credentials?)(?:$|[-_])/i.test(v)) return true;
  // Code that reads it from somewhere (`password = config.get("db")`, `apiKey: env.API_KEY`).
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*[([]/.test(v) || /^(?:process\.env|os\.environ|env|config|settings|self|this)\./.test(v)) return true;
  // References to where the secret really lives.
  if (/^(secretRef|valueFrom|vault:|ref\+|arn:aws:secretsmanager|https:\/\/[a-z0-9-]+\.vault\.azure\.net)/i.test(v)) return true;
  return false;
}

/** The match begins a run: the character before it is not one of `run` (a regex look-behind would slow every line down). */
function startsRun(m: RegExpExecArray, ctx: LineContext, run: RegExp): boolean {
  return m.index === 0 || !run.test(ctx.line[m.index - 1]!);
}

/** Enough different characters to be generated rather than typed (`xxxx0xxxx`, `aaaa` are not). */
function randomLooking(v: string): boolean {
  return new Set(v).size >= Math.min(12, Math.floor(v.length / 3));
}

/** How many of lower case, upper case and digits `v` has. */
function charClasses(v: string): number {
  return (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/[0-9]/.test(v) ? 1 : 0);
}

/** Decoded bytes read as text without control characters or invalid UTF-8: base64 of ordinary text, not of key material. */
function isText(bytes: Buffer): boolean {
  return !/[\uFFFD\u0000-\u0008\u000E-\u001F\u007F]/.test(bytes.toString('utf8'));
}

/** `user:password` encoded in base64 (Basic auth, a docker config's `auth`) with a real password. */
function basicCredentials(b64: string): boolean {
  const bytes = Buffer.from(b64, 'base64');
  if (!isText(bytes)) return false;
  const text = bytes.toString('utf8');
  const colon = text.indexOf(':');
  return colon >= 0 && !placeholder(text.slice(colon + 1));
}

/** A PEM header is a key only when key material follows it, not `...`, `<key>` or the END line. */
function keyBodyFollows(m: RegExpExecArray, ctx: LineContext): boolean {
  const end = m.index + m[0].length;
  // A bounded look at what follows, so a line of many headers is not read again for each.
  const rest = ctx.line
    .slice(end, end + 256)
    .replace(/^(?:\\r)?(?:\\n)+/, '')
    .trim();
  let body = rest;
  if (rest) {
    // The header alone as a string in code or config (`startsWith('-----BEGIN ...-----')`).
    if (/^["'`)\],;]/.test(rest)) return false;
  } else {
    for (let i = ctx.index + 1; i < ctx.lines.length && i <= ctx.index + 3 && !body; i++) body = ctx.lines[i]!.trim();
    if (!body) return true;
  }
  body = body.replace(/^["'|>]\s*/, '');
  return !/^(?:\.{2,}|…|<|-----END|\[\.\.\.|\{\{|\$\{)/.test(body) && !placeholder(body);
}

/** An Azure SAS signature: a random base64 `sig=` value in a query (or connection string) that also has `sv=` or `se=`. */
function sasSignature(m: RegExpExecArray, ctx: LineContext): boolean {
  let v = m[1]!;
  try {
    v = decodeURIComponent(v);
  } catch {
    // Not URL-escaped after all: judge it as written.
  }
  if (!/^[A-Za-z0-9+/_-]{20,}={0,2}$/.test(v) || !randomLooking(v) || charClasses(v) < 2) return false;
  // The query string around it, bounded; many sig= in one query share one look, so a long line
  // costs no more per character than a short one.
  if (ctx.sasQuery && m.index < ctx.sasQuery.to) return ctx.sasQuery.sas;
  const line = ctx.line;
  const stop = /[\s"'<>`]/;
  let from = m.index;
  while (from > 0 && m.index - from < 4096 && !stop.test(line[from - 1]!)) from--;
  let to = m.index + m[0].length;
  while (to < line.length && to - m.index < 4096 && !stop.test(line[to]!)) to++;
  ctx.sasQuery = { to, sas: /(?:^|[?&;=])s[ve]=/.test(line.slice(from, to)) };
  return ctx.sasQuery.sas;
}

/** A JWT: the first segment decodes to a JSON header naming its algorithm. */
function jwtHeader(m: RegExpExecArray): boolean {
  const text = Buffer.from(m[1]!, 'base64url').toString('utf8').trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return false;
  try {
    const header: unknown = JSON.parse(text);
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

const DETECTORS: Detector[] = [
  { kind: 'private-key', hint: 'private key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g, real: keyBodyFollows },
  // kubeconfig: the client's private key (client-certificate-data is the public certificate).
  {
    kind: 'kubeconfig-client-key',
    hint: 'client-key-data',
    re: /client-key-data["']?[ \t]*:[ \t]*["']?([A-Za-z0-9+/=]{16,})/g,
    real: (m) => !placeholder(m[1]!) && randomLooking(m[1]!),
  },
  // A PEM private key in base64 (a Secret's tls.key, a kubeconfig): decodes to "-----BEGIN ... PRIVATE KEY".
  {
    kind: 'private-key',
    hint: 'ls0tls1crudjti',
    re: /LS0tLS1CRUdJTi[A-Za-z0-9+/]{16,}/g,
    real: (m, ctx) => startsRun(m, ctx, /[A-Za-z0-9+/]/) && /^-----BEGIN [A-Z ]*PRIVATE KEY/.test(Buffer.from(m[0].slice(0, 120), 'base64').toString('latin1')),
  },
  { kind: 'aws-access-key', hint: ['akia', 'asia'], re: /\b(?:AKIA|ASIA)([0-9A-Z]{16})\b/g, real: (m) => randomLooking(m[1]!) },
  { kind: 'aws-secret-key', hint: 'secret', re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, real: (m) => !placeholder(m[1]!) },
  // A secret access key without its label, next to an access key id: 40 characters of base64 with
  // both cases and a digit or / or + (a git SHA or a word is not one).
  {
    kind: 'aws-secret-key',
    re: /(?<![A-Za-z0-9/+_-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])/g,
    when: (ctx) => ctx.nearAwsKeyId,
    real: (m) => /[a-z]/.test(m[0]) && /[A-Z]/.test(m[0]) && /[0-9/+]/.test(m[0]) && randomLooking(m[0]),
  },
  { kind: 'github-token', hint: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/g, real: (m) => randomLooking(m[0]) },
  { kind: 'gitlab-token', hint: 'gl', re: /(?<![A-Za-z0-9_-])(?:glpat|gldt|glrt|glptt|glsoat|glcbt|glft|glimt|gloas)-([A-Za-z0-9_-]{20,})/g, real: (m) => randomLooking(m[1]!) },
  { kind: 'slack-token', hint: 'xox', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, real: (m) => randomLooking(m[0]) },
  { kind: 'slack-webhook', hint: 'hooks.slack.com', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/([A-Za-z0-9]{20,})/g, real: (m) => randomLooking(m[1]!) },
  { kind: 'google-api-key', hint: 'aiza', re: /AIza([0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/g, real: (m, ctx) => startsRun(m, ctx, /[A-Za-z0-9_-]/) && randomLooking(m[1]!) },
  { kind: 'stripe-key', hint: '_live_', re: /(?<![A-Za-z0-9_])(?:sk|rk)_live_([0-9A-Za-z]{20,})/g, real: (m) => randomLooking(m[1]!) },
  { kind: 'npm-token', hint: 'npm_', re: /(?<![A-Za-z0-9_])npm_([A-Za-z0-9]{36})(?![A-Za-z0-9])/g, real: (m) => randomLooking(m[1]!) },
  { kind: 'huggingface-token', hint: 'hf_', re: /(?<![A-Za-z0-9_])hf_([A-Za-z]{34,})(?![A-Za-z0-9])/g, real: (m) => charClasses(m[1]!) === 2 && randomLooking(m[1]!) },
  // OpenAI keys carry "T3BlbkFJ" (base64 of "OpenAI") in the middle.
  { kind: 'openai-key', hint: 't3blbkfj', re: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}/g },
  { kind: 'anthropic-key', hint: 'sk-ant-', re: /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat)\d{2}-([A-Za-z0-9_-]{80,})/g, real: (m) => randomLooking(m[1]!) },
  // Azure SAS: in a URL query (?sv=...&se=...&sig=...) or a connection string (SharedAccessSignature=sv=...&sig=...).
  { kind: 'azure-sas', hint: 'sig=', re: /sig=([A-Za-z0-9%+/=_-]{20,})/g, real: (m, ctx) => startsRun(m, ctx, /[A-Za-z0-9_]/) && sasSignature(m, ctx) },
  {
    kind: 'connection-string',
    hint: '=',
    re: /\b(AccountKey|SharedAccessKey|Password|Pwd)\s*=\s*([^;'"\s]+)/gi,
    real: (m) => !placeholder(m[2]!),
  },
  // Credentials in a URL's userinfo (https://user:password@host); a user name alone is not a secret.
  {
    kind: 'url-credentials',
    hint: '://',
    re: /:\/\/([^\s/?#@:'"]{0,256}):([^\s/?#@'"]{1,512})@(?=[A-Za-z0-9[])/g,
    real: (m, ctx) => {
      if (!/[A-Za-z0-9]/.test(ctx.line[m.index - 1] ?? '')) return false;
      let password = m[2]!;
      try {
        password = decodeURIComponent(password);
      } catch {
        // Not escaped: judge it as written.
      }
      return !placeholder(password);
    },
  },
  {
    kind: 'bearer-token',
    hint: 'bearer',
    re: /\bAuthorization["']?\s*[:=]\s*["']?Bearer\s+([A-Za-z0-9\-._~+/]{8,}=*)/gi,
    real: (m) => !placeholder(m[1]!),
  },
  { kind: 'basic-auth', hint: 'basic', re: /\bAuthorization["']?\s*[:=]\s*["']?Basic\s+([A-Za-z0-9+/]{6,}={0,2})/gi, real: (m) => basicCredentials(m[1]!) },
  // A docker config (an image pull Secret's .dockerconfigjson): "auth" is base64 of user:password.
  { kind: 'docker-auth', hint: '"auth"', re: /"auth"\s*:\s*"([A-Za-z0-9+/]{6,}={0,2})"/g, real: (m) => basicCredentials(m[1]!) },
  // A JWT anywhere (a kubeconfig's `token:`, a header, an env file): three base64url segments.
  { kind: 'jwt', hint: 'ey', re: /(?<![A-Za-z0-9_-])(ey[A-Za-z0-9_-]{8,})\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]+/g, real: jwtHeader },
  // An opaque `token:` (a kubeconfig user's, a bootstrap token): long, mixed, not a placeholder.
  {
    kind: 'token',
    hint: 'token',
    re: /^\s*(?:-\s+)?(?:export\s+)?["']?[\w.-]*?token["']?\s*[:=]\s*["']?([A-Za-z0-9._~+/=-]{20,})["']?,?\s*(?:#.*)?$/gi,
    real: (m) => !placeholder(m[1]!) && charClasses(m[1]!) >= 2 && randomLooking(m[1]!),
  },
  // An Azure storage account key: 64 random bytes in base64 (88 characters ending in ==), not part of a
  // longer run, not base64 of text, and not a sha512 integrity hash (sha512-...==, same length).
  {
    kind: 'azure-storage-key',
    hint: '==',
    re: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
    real: (m, ctx) => !/sha512[-:=]$/i.test(ctx.line.slice(Math.max(0, m.index - 7), m.index)) && !isText(Buffer.from(m[0], 'base64')),
  },
  {
    kind: 'password',
    hint: ['pass', 'pwd', 'secret', 'key', 'token'],
    // Only the label says this is a password, and documentation is full of labelled examples
    // (Flux's docs: `password: grogu`); credentials with a shape of their own are found in docs too.
    when: (ctx) => !ctx.docs,
    re: /^\s*(?:-\s+)?(?:export\s+)?["']?(pwd|[\w.-]*?(?:password|passwd|client[_-]?secret|secret[_-]?key|api[_-]?key|access[_-]?token|auth[_-]?token))["']?\s*[:=][ \t]*(.*)$/gi,
    real: (m, ctx) => {
      let value = m[2]!;
      const comment = value.search(/\s#/);
      if (comment >= 0) value = value.slice(0, comment);
      value = value.trim();
      if (!value) return false;
      if (/^[|>][-+]?$/.test(value)) return !ctx.prose;
      if (value.startsWith('{') || value.startsWith('[') || value.startsWith('&') || value.startsWith('*')) return false;
      // In a commit message "Password: rotated by the vault" is a sentence, not a password.
      if (ctx.prose && /\s/.test(value.replace(/^["']|["'],?$/g, '').trim())) return false;
      return !placeholder(value.replace(/,$/, ''));
    },
  },
];

/** Every kind a finding can have. */
export const SECRET_KINDS: readonly string[] = [...new Set(DETECTORS.map((d) => d.kind))];

/** Lines marked with this comment are not reported (for a false positive the team accepted). */
export const ALLOW_MARK = 'gantry:allow-secret';

/** The `file` of findings in a commit message. */
export const COMMIT_MESSAGE_FILE = 'commit message';

/**
 * Documentation files: a `password: x` line there is an example far more often than a leak, so the
 * label-only `password` detector skips them; every detector of a credential's own shape (keys,
 * tokens, JWTs, SAS signatures, URLs with a password) still applies.
 */
export const DOC_FILE = /\.(md|markdown|mdx|rst|adoc|asciidoc)$/i;

export interface ScanOptions {
  /** The text is prose (a commit message) rather than a file: a `password:` line needs a one-word value. */
  prose?: boolean;
}

/**
 * Scans lines of a file; `lines` limits the scan to those 1-based line numbers (the added ones).
 * At most one finding per line. Time is linear in the text's length, whatever its line lengths.
 */
export function scanText(file: string, text: string, lines?: ReadonlySet<number>, opts: ScanOptions = {}): SecretFinding[] {
  const out: SecretFinding[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) if (all[i]!.endsWith('\r')) all[i] = all[i]!.slice(0, -1);
  const nearAws = awsKeyIdNeighbourhood(text, all);
  const docs = DOC_FILE.test(file);
  for (let i = 0; i < all.length; i++) {
    if (lines && !lines.has(i + 1)) continue;
    const line = all[i]!;
    if (line.includes(ALLOW_MARK)) continue;
    const ctx: LineContext = { line, lower: line.toLowerCase(), lines: all, index: i, prose: opts.prose ?? false, nearAwsKeyId: nearAws?.[i] === 1, docs };
    const kind = detect(ctx);
    if (kind) out.push({ file, line: i + 1, kind });
  }
  return out;
}

/** Credentials in a commit message: every line, reported with the file "commit message". */
export function scanCommitMessage(message: string): SecretFinding[] {
  return scanText(COMMIT_MESSAGE_FILE, message, undefined, { prose: true });
}

function detect(ctx: LineContext): string | undefined {
  for (const d of DETECTORS) {
    if (d.hint !== undefined && !(typeof d.hint === 'string' ? ctx.lower.includes(d.hint) : d.hint.some((h) => ctx.lower.includes(h)))) continue;
    if (d.when && !d.when(ctx)) continue;
    d.re.lastIndex = 0;
    for (let m = d.re.exec(ctx.line); m; m = d.re.exec(ctx.line)) {
      if (!d.real || d.real(m, ctx)) return d.kind;
      if (m[0].length === 0) d.re.lastIndex++;
    }
  }
  return undefined;
}

/** 1 for each line within AWS_NEAR lines of an AWS access key id (undefined when the text has none). */
function awsKeyIdNeighbourhood(text: string, lines: readonly string[]): Uint8Array | undefined {
  if (!text.includes('AKIA') && !text.includes('ASIA')) return undefined;
  const near = new Uint8Array(lines.length);
  const id = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
  for (let i = 0; i < lines.length; i++) {
    if (!id.test(lines[i]!)) continue;
    for (let k = Math.max(0, i - AWS_NEAR); k <= Math.min(lines.length - 1, i + AWS_NEAR); k++) near[k] = 1;
  }
  return near;
}

/** The 1-based line numbers of `after` that are not in `before`. */
export function addedLines(before: string, after: string): Set<number> {
  const out = new Set<number>();
  let line = 1;
  for (const part of diffLines(before, after)) {
    const n = part.count ?? part.value.split('\n').length - (part.value.endsWith('\n') ? 1 : 0);
    if (part.added) for (let k = 0; k < n; k++) out.add(line + k);
    if (!part.removed) line += n;
  }
  return out;
}

/**
 * Credentials a change would add: new files are scanned whole, changed files only on their added
 * lines. Binary files (with a NUL byte) are skipped.
 */
export function scanChanges(changes: Iterable<{ path: string; before: string | null; after: string }>): SecretFinding[] {
  const out: SecretFinding[] = [];
  for (const c of changes) {
    if (c.after.includes('\0')) continue;
    if (c.before === null) out.push(...scanText(c.path, c.after));
    else {
      const lines = addedLines(c.before, c.after);
      if (lines.size) out.push(...scanText(c.path, c.after, lines));
    }
  }
  return out;
}
