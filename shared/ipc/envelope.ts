import { z } from 'zod';

/** Error codes the UI can act on. Git codes match gitops/node/git's GitErrorCode. */
export const ERROR_CODES = [
  // Transport and contract.
  'invalid-input',
  'invalid-output',
  'unknown-channel',
  'forbidden',
  'transport',
  'not-supported',
  'internal',
  // Workspace.
  'no-workspace',
  'not-a-workspace',
  'not-found',
  'external-change',
  'write-failed',
  'plan-failed',
  // Operations.
  'cancelled',
  // Git.
  'auth-failed',
  'network',
  'not-a-repository',
  'push-rejected',
  'merge-conflict',
  'secret-detected',
  'invalid-workspace',
  'nothing-to-commit',
  'git-unavailable',
  'repository-locked',
  'unsafe-path',
  'invalid-bundle',
  'unknown',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ipcErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
});
/** What went wrong: a code for the UI and a sentence for a person. */
export type IpcError = z.infer<typeof ipcErrorSchema>;

/** Every call returns this envelope; nothing is thrown across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** The envelope schema around a channel's output schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ipcErrorSchema }),
  ]);
}

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string): { ok: false; error: IpcError } {
  return { ok: false, error: { code, message } };
}

/** Thrown by host handlers to return a specific error envelope. */
export class HostError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Narrows an unknown string to an ErrorCode, falling back to `fallback`. */
export function toErrorCode(code: unknown, fallback: ErrorCode = 'unknown'): ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : fallback;
}
