import type { Finding } from '../../shared/findings.ts';

/** Writable sinks, so commands can be run in-process by tests. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const processIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** `file:line:col  severity  code  message  (path)` per finding. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where = f.line ? `${f.file}:${f.line}:${f.column ?? 1}` : f.file;
      const sev = f.severity === 'error' ? 'error  ' : 'warning';
      return `${where}  ${sev}  ${f.code}  ${f.message}${f.path ? `  (${f.path})` : ''}`;
    })
    .join('\n');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
