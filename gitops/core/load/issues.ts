import type { z } from 'zod';
import { formatPath, type PathSegments } from './yaml-path.ts';

/** A zod issue as a sentence a platform engineer can act on, with its full document path. */
export function describeIssue(issue: z.core.$ZodIssue, prefix: PathSegments): { path: Array<string | number>; message: string } {
  const path = [...prefix, ...(issue.path as Array<string | number>)];
  const field = formatPath(path);
  const i = issue as z.core.$ZodIssue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type': {
      if (i.input === undefined) return { path, message: `${field} is required.` };
      return { path, message: `${field} must be ${article(String(i.expected))}, not ${typeName(i.input)}.` };
    }
    case 'unrecognized_keys': {
      const keys = (i.keys as string[]) ?? [];
      const key = keys[0] ?? '';
      const at = [...path, key];
      return {
        path: at,
        message: `${formatPath(at)} is not an allowed field${keys.length > 1 ? ` (nor ${keys.slice(1).join(', ')})` : ''}; check its spelling or remove it.`,
      };
    }
    case 'invalid_value':
      return { path, message: `${field} must be one of ${(i.values as unknown[]).map((v) => String(v)).join(', ')}${shown(i.input)}.` };
    case 'too_small': {
      const what = i.origin === 'array' ? 'items' : i.origin === 'string' ? 'characters' : '';
      return { path, message: what ? `${field} must have at least ${String(i.minimum)} ${what}.` : `${field} must be at least ${String(i.minimum)}${shown(i.input)}.` };
    }
    case 'too_big': {
      const what = i.origin === 'array' ? 'items' : i.origin === 'string' ? 'characters' : '';
      return { path, message: what ? `${field} must have at most ${String(i.maximum)} ${what}.` : `${field} must be at most ${String(i.maximum)}${shown(i.input)}.` };
    }
    case 'invalid_format':
      return { path, message: `${field} ${issue.message.startsWith('Invalid') ? `is not a valid ${String(i.format)}` : issue.message}${shown(i.input)}.` };
    case 'not_multiple_of':
      return { path, message: `${field} must be a multiple of ${String(i.divisor)}.` };
    case 'invalid_union':
      return { path, message: `${field} has the wrong type${shown(i.input)}.` };
    default:
      return { path, message: `${field} ${issue.message}.` };
  }
}

function shown(input: unknown): string {
  if (input === undefined) return '';
  const s = JSON.stringify(input);
  return s !== undefined && s.length <= 60 ? ` (it is ${s})` : '';
}

function article(t: string): string {
  return t === 'int' ? 'an integer' : /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
