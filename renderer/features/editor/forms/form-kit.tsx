import { createContext, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { Finding } from '../../../../shared/findings.ts';

/** What a form reads and how it writes: every write is a round-trip edit of the YAML text. */
export interface FormApi {
  doc: Record<string, unknown>;
  set(path: string, value: unknown): void;
  remove(path: string): void;
  findings: readonly Finding[];
}

export const FormContext = createContext<FormApi | null>(null);

export function useForm(): FormApi {
  const f = useContext(FormContext);
  if (!f) throw new Error('useForm outside a form');
  return f;
}

/** The value at a dotted path with [i] list indexes (`spec.modelServers[0].name`). */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Findings at `path` or under it. */
function useFieldFindings(path: string): Finding[] {
  const { findings } = useForm();
  return findings.filter((f) => f.path === path || f.path.startsWith(`${path}.`) || f.path.startsWith(`${path}[`));
}

function Messages({ path }: { path: string }) {
  const list = useFieldFindings(path);
  return (
    <>
      {list.map((f, i) => (
        <span key={i} className={f.severity === 'error' ? 'error' : 'warning'} data-testid="field-finding" data-code={f.code}>
          {f.message}
        </span>
      ))}
    </>
  );
}

/** The form, and the value at `path` as text ('' when absent), as the inputs show it. */
function useFieldText(path: string): [FormApi, string] {
  const form = useForm();
  const raw = getPath(form.doc, path);
  return [form, raw === undefined || raw === null ? '' : String(raw)];
}

/** Keeps a local draft while typing and follows outside changes (YAML tab, revert) when they differ. */
function useDraft(value: string): [string, (v: string) => void, (v: string) => void] {
  const [draft, setDraft] = useState(value);
  const last = useRef(value);
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setDraft(value);
    }
  }, [value]);
  const committed = (v: string) => {
    last.current = v;
  };
  return [draft, setDraft, committed];
}

export function Field({ label, path, hint, children }: { label: string; path: string; hint?: string; children: (id: string, invalid: boolean) => ReactNode }) {
  const id = useId();
  const invalid = useFieldFindings(path).some((f) => f.severity === 'error');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id, invalid)}
      {hint && <span className="hint">{hint}</span>}
      <Messages path={path} />
    </div>
  );
}

export function TextField({ label, path, hint, placeholder, optional, testId }: { label: string; path: string; hint?: string; placeholder?: string; optional?: boolean; testId?: string }) {
  const [form, value] = useFieldText(path);
  const [draft, setDraft, committed] = useDraft(value);
  return (
    <Field label={label} path={path} {...(hint ? { hint } : {})}>
      {(id, invalid) => (
        <input
          id={id}
          className={`input${invalid ? ' invalid' : ''}`}
          value={draft}
          placeholder={placeholder}
          data-testid={testId}
          spellCheck={false}
          onChange={(e) => {
            const v = e.target.value;
            setDraft(v);
            committed(v);
            if (optional && v === '') form.remove(path);
            else form.set(path, v);
          }}
        />
      )}
    </Field>
  );
}

export function NumberField({ label, path, hint, optional, min, testId }: { label: string; path: string; hint?: string; optional?: boolean; min?: number; testId?: string }) {
  const [form, value] = useFieldText(path);
  const [draft, setDraft, committed] = useDraft(value);
  return (
    <Field label={label} path={path} {...(hint ? { hint } : {})}>
      {(id, invalid) => (
        <input
          id={id}
          className={`input${invalid ? ' invalid' : ''}`}
          inputMode="numeric"
          value={draft}
          data-testid={testId}
          onChange={(e) => {
            const v = e.target.value.trim();
            setDraft(e.target.value);
            if (v === '' && optional) {
              committed('');
              form.remove(path);
            } else if (/^-?\d+(\.\d+)?$/.test(v) && (min === undefined || Number(v) >= min)) {
              committed(String(Number(v)));
              form.set(path, Number(v));
            }
          }}
        />
      )}
    </Field>
  );
}

export function SelectField({
  label,
  path,
  options,
  hint,
  optional,
  testId,
}: {
  label: string;
  path: string;
  options: ReadonlyArray<string | { value: string; label: string; group?: string; disabled?: boolean }>;
  hint?: string;
  optional?: boolean;
  testId?: string;
}) {
  const [form, value] = useFieldText(path);
  const opts = options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
  const known = opts.some((o) => o.value === value);
  const groups = new Map<string, typeof opts>();
  for (const o of opts) {
    const g = ('group' in o && o.group) || '';
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(o);
  }
  const render = (list: typeof opts) => list.map((o) => <option key={o.value} value={o.value} disabled={'disabled' in o ? o.disabled : false}>{o.label}</option>);
  return (
    <Field label={label} path={path} {...(hint ? { hint } : {})}>
      {(id, invalid) => (
        <select
          id={id}
          className={`input${invalid ? ' invalid' : ''}`}
          value={value}
          data-testid={testId}
          onChange={(e) => (e.target.value === '' && optional ? form.remove(path) : form.set(path, e.target.value))}
        >
          {(optional || value === '') && <option value="">{optional ? '— none —' : '— choose —'}</option>}
          {!known && value !== '' && <option value={value}>{value} (unknown)</option>}
          {[...groups].map(([g, list]) => (g ? <optgroup key={g} label={g}>{render(list)}</optgroup> : render(list)))}
        </select>
      )}
    </Field>
  );
}

export function Section({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="form-section">
      <h4 style={{ display: 'flex', alignItems: 'center' }}>
        {title}
        <span style={{ flex: 1 }} />
        {aside}
      </h4>
      {children}
    </section>
  );
}
