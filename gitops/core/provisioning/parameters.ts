import type { Explanation } from './explain-arm-error.ts';

/** One field of the re-run form, built from the template's parameter definition. */
export interface ParameterField {
  name: string;
  type: 'string' | 'int' | 'bool' | 'array' | 'object' | 'securestring' | 'secureobject';
  description: string | undefined;
  allowed: unknown[] | undefined;
  min: number | undefined;
  max: number | undefined;
  minLength: number | undefined;
  maxLength: number | undefined;
  defaultValue: unknown;
  /** What the last run used (secure values are never echoed by ARM: undefined). A template expression default (`[...]`) is kept as its text. */
  current: unknown;
  /** The error's explanation points at this parameter. */
  suspect: boolean;
}

interface TemplateParameter {
  type?: string;
  defaultValue?: unknown;
  allowedValues?: unknown[];
  minValue?: number;
  maxValue?: number;
  minLength?: number;
  maxLength?: number;
  metadata?: { description?: string };
}

const TYPES: Record<string, ParameterField['type']> = {
  string: 'string', int: 'int', bool: 'bool', array: 'array', object: 'object', securestring: 'securestring', secureobject: 'secureobject',
};

/** The form's fields: every parameter the template declares, with the values of the last run. */
export function parameterFields(template: unknown, lastRun: Record<string, { value?: unknown }> | undefined, explanation?: Explanation): ParameterField[] {
  const defs = ((template as { parameters?: Record<string, TemplateParameter> } | undefined)?.parameters ?? {}) as Record<string, TemplateParameter>;
  const hints = explanation?.parameterHints ?? [];
  return Object.entries(defs).map(([name, d]) => {
    const type = TYPES[(d.type ?? 'string').toLowerCase()] ?? 'string';
    const lname = name.toLowerCase();
    return {
      name,
      type,
      description: d.metadata?.description,
      allowed: d.allowedValues,
      min: d.minValue,
      max: d.maxValue,
      minLength: d.minLength,
      maxLength: d.maxLength,
      defaultValue: d.defaultValue,
      current: type.startsWith('secure') ? undefined : lastRun?.[name]?.value,
      suspect: hints.some((h) => lname.includes(h)),
    };
  });
}

/** Reads a form's text for one field into the template's type; a problem in words when it does not fit. */
export function readField(f: ParameterField, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = text.trim();
  if (t === '') {
    if (f.defaultValue !== undefined) return { ok: true, value: undefined };
    return { ok: false, message: `${f.name} is required.` };
  }
  let value: unknown = t;
  if (f.type === 'int') {
    if (!/^-?\d+$/.test(t)) return { ok: false, message: `${f.name} must be a whole number.` };
    value = Number(t);
    if (f.min !== undefined && (value as number) < f.min) return { ok: false, message: `${f.name} must be at least ${f.min}.` };
    if (f.max !== undefined && (value as number) > f.max) return { ok: false, message: `${f.name} must be at most ${f.max}.` };
  } else if (f.type === 'bool') {
    if (t !== 'true' && t !== 'false') return { ok: false, message: `${f.name} must be true or false.` };
    value = t === 'true';
  } else if (f.type === 'array' || f.type === 'object' || f.type === 'secureobject') {
    try {
      value = JSON.parse(t);
    } catch {
      return { ok: false, message: `${f.name} must be JSON (${f.type === 'array' ? 'a list such as ["1","2"]' : 'an object such as {"key": "value"}'}).` };
    }
    if (f.type === 'array' ? !Array.isArray(value) : typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, message: `${f.name} must be JSON ${f.type === 'array' ? 'list' : 'object'}.` };
    }
  } else {
    if (f.minLength !== undefined && t.length < f.minLength) return { ok: false, message: `${f.name} must be at least ${f.minLength} characters.` };
    if (f.maxLength !== undefined && t.length > f.maxLength) return { ok: false, message: `${f.name} must be at most ${f.maxLength} characters.` };
  }
  if (f.allowed && !f.allowed.some((a) => JSON.stringify(a) === JSON.stringify(value))) {
    return { ok: false, message: `${f.name} must be one of ${f.allowed.map((a) => String(a)).join(', ')}.` };
  }
  return { ok: true, value };
}

/** The text a field starts with in the form. */
export function fieldText(f: ParameterField): string {
  const v = f.current ?? (isExpression(f.defaultValue) ? undefined : f.defaultValue);
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

export interface ParameterChange {
  name: string;
  before: string;
  after: string;
  secure: boolean;
}

/** What the re-run changes against the last run, for the preview (secure values are shown as ******). */
export function parameterChanges(fields: readonly ParameterField[], values: Record<string, unknown>): ParameterChange[] {
  const show = (v: unknown) => (v === undefined ? '(default)' : typeof v === 'string' ? v : JSON.stringify(v));
  const out: ParameterChange[] = [];
  for (const f of fields) {
    const secure = f.type.startsWith('secure');
    const after = values[f.name];
    if (secure) {
      if (after !== undefined) out.push({ name: f.name, before: '******', after: '****** (new value)', secure });
      continue;
    }
    const before = f.current;
    if (JSON.stringify(before) !== JSON.stringify(after)) out.push({ name: f.name, before: show(before), after: show(after), secure });
  }
  return out;
}

/** A template expression such as `[resourceGroup().location]`: ARM evaluates it, the form leaves it empty. */
export function isExpression(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith('[') && v.endsWith(']') && !v.startsWith('[[');
}
