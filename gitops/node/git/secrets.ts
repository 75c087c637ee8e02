import { diffLines } from 'diff';
import type { SecretFinding } from './types.ts';

interface Detector {
  kind: string;
  re: RegExp;
  /** Rejects matches that are placeholders rather than credentials. */
  real?: (m: RegExpExecArray) => boolean;
}

/** Values that stand for a secret without being one: `${VAR}`, `<token>`, `{{ .Values.x }}`, `***`, `changeme`. */
function placeholder(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '').trim();
  if (!v) return true;
  if (/^(\$\{[^}]*\}|\$\([^)]*\)|\$[A-Z_][A-Z0-9_]*|<[^>]*>|\{\{.*\}\}|%[A-Z_]+%)$/i.test(v)) return true;
  if (/^(\*+|x+|\.+|-+|null|~|none|changeme|change-me|redacted|placeholder|secret|password|example|todo)$/i.test(v)) return true;
  // References to where the secret really lives.
  if (/^(secretRef|valueFrom|vault:|ref\+|arn:aws:secretsmanager|https:\/\/[a-z0-9-]+\.vault\.azure\.net)/i.test(v)) return true;
  return false;
}

const DETECTORS: Detector[] = [
  { kind: 'private-key', re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'aws-secret-key', re: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})\b/i },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { kind: 'slack-token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    kind: 'connection-string',
    re: /\b(AccountKey|SharedAccessKey|Password|Pwd)\s*=\s*([^;'"\s]+)/i,
    real: (m) => !placeholder(m[2]!),
  },
  {
    kind: 'bearer-token',
    re: /\bAuthorization["']?\s*[:=]\s*["']?Bearer\s+([A-Za-z0-9\-._~+/]{8,}=*)/i,
    real: (m) => !placeholder(m[1]!),
  },
  // An Azure storage account key: 64 bytes in base64 (88 characters ending in ==), not part of a longer run.
  { kind: 'azure-storage-key', re: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/ },
  {
    kind: 'password',
    re: /^\s*(?:-\s+)?["']?(password|passwd|pwd|client[_-]?secret|secret[_-]?key|api[_-]?key|access[_-]?token|auth[_-]?token)["']?\s*:[ \t]*(.*)$/i,
    real: (m) => {
      const value = m[2]!.replace(/\s+#.*$/, '').trim();
      if (!value || value === '|' || value === '>' || /^[|>][-+]?$/.test(value)) return value !== '';
      if (value.startsWith('{') || value.startsWith('[') || value.startsWith('&') || value.startsWith('*')) return false;
      return !placeholder(value);
    },
  },
];

/** Lines marked with this comment are not reported (for a false positive the team accepted). */
export const ALLOW_MARK = 'gantry:allow-secret';

/** Scans lines of a file; `lines` limits the scan to those 1-based line numbers (the added ones). */
export function scanText(file: string, text: string, lines?: ReadonlySet<number>): SecretFinding[] {
  const out: SecretFinding[] = [];
  const all = text.split('\n');
  for (let i = 0; i < all.length; i++) {
    if (lines && !lines.has(i + 1)) continue;
    const line = all[i]!;
    if (line.length > 20_000 || line.includes(ALLOW_MARK)) continue;
    for (const d of DETECTORS) {
      const m = d.re.exec(line);
      if (m && (!d.real || d.real(m))) {
        out.push({ file, line: i + 1, kind: d.kind });
        break;
      }
    }
  }
  return out;
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
