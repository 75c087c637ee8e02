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

/** C0 controls but the line break, DEL and C1 controls (`\x9b` is a one-byte CSI to some terminals). */
const CONTROLS = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

/**
 * Text from the repository (file names, names, quoted file content in messages) shown with its
 * control characters escaped, so a file named `\x1b[2J...` cannot drive the reader's terminal:
 * C0 as `\x1b`, DEL and C1 as `\u009b`. JSON output passes through unchanged in meaning:
 * JSON.stringify already escapes C0 inside strings, and `\u007f`-`\u009f` are JSON escapes too.
 */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    const hex = code.toString(16).padStart(2, '0');
    return code < 0x20 ? `\\x${hex}` : `\\u00${hex}`;
  });
}

/** `io` with everything written through escapeControls: the one place the CLI's output passes. */
export function terminalSafe(io: Io): Io {
  return { out: (s) => io.out(escapeControls(s)), err: (s) => io.err(escapeControls(s)) };
}

/** `file:line:col  severity  code  message  (path)` per finding, one line each (a line break in a file name shows as `\n`). */
export function formatFindings(findings: readonly Finding[]): string {
  const oneLine = (s: string) => s.replace(/\n/g, '\\n');
  return findings
    .map((f) => {
      const file = oneLine(f.file);
      const where = f.line ? `${file}:${f.line}:${f.column ?? 1}` : file;
      const sev = f.severity === 'error' ? 'error  ' : 'warning';
      return `${where}  ${sev}  ${f.code}  ${oneLine(f.message)}${f.path ? `  (${oneLine(f.path)})` : ''}`;
    })
    .join('\n');
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
