import { parseAllDocuments, type Document } from 'yaml';
import type { z } from 'zod';
import { RULE_CODES, type Finding, type RuleCode } from '../../../shared/findings.ts';
import { API_VERSION, nameOfPath, type AnyKind } from '../../../shared/kinds.ts';
import { metadata as metadataSchema } from '../schema/common.ts';
import { SPEC_SCHEMAS, type SpecOf } from '../schema/specs.ts';
import { decodeSpecBytes, type SpecContent } from './decode.ts';
import { fastParseYaml } from './fast-yaml.ts';
import { describeIssue } from './issues.ts';
import { findTooDeep, nestingMessage, NestingTooDeep } from './nesting.ts';
import { formatPath, lineColumn, offsetOfPath, quickOffsetOfPath, type PathSegments } from './yaml-path.ts';

/** Aliases allowed per document; spec files need few, and a bomb needs many. */
export const MAX_ALIAS_COUNT = 50;

const YAML_OPTIONS = {
  schema: 'core',
  uniqueKeys: true,
  merge: false,
  strict: true,
  prettyErrors: false,
  maxAliasCount: MAX_ALIAS_COUNT,
  keepSourceTokens: false,
} as const;

/** One spec file after parsing: its object (when the envelope and spec are valid) and its own findings. */
export interface ParsedFile<K extends AnyKind = AnyKind> {
  file: string;
  kind: K;
  /** metadata.name when it is a string, else the file's name. */
  name: string;
  text: string | undefined;
  doc: Document | undefined;
  /** The validated spec with defaults applied; undefined when the file or its spec is invalid. */
  spec: SpecOf[K] | undefined;
  labels: Record<string, string> | undefined;
  findings: Finding[];
}

/**
 * Parses and checks one spec file on its own (everything that does not need other objects).
 * Never throws: whatever goes wrong with one file is a finding for that file.
 */
export function parseSpecFile<K extends AnyKind>(file: string, kind: K, content: SpecContent): ParsedFile<K> {
  const out: ParsedFile<K> = {
    file,
    kind,
    name: nameOfPath(file),
    text: undefined,
    doc: undefined,
    spec: undefined,
    labels: undefined,
    findings: [],
  };
  try {
    parseInto(out, content);
  } catch (err) {
    // Defence in depth: the steps below report what they expect; anything else still stays this file's problem.
    out.doc = undefined;
    out.spec = undefined;
    out.labels = undefined;
    out.findings.push(finding('yaml.syntax', file, '', `${file} could not be read (${shortError(err)}); fix the YAML.`));
  }
  return out;
}

function parseInto<K extends AnyKind>(out: ParsedFile<K>, content: SpecContent): void {
  const { file } = out;
  const decoded = decodeSpecBytes(content);
  if (!decoded.ok) {
    out.findings.push(finding('yaml.syntax', file, '', `${file} ${decoded.message}`));
    return;
  }
  const text = decoded.text;
  out.text = text;
  let fast: unknown;
  try {
    fast = fastParseYaml(text);
  } catch (err) {
    if (!(err instanceof NestingTooDeep)) throw err;
    out.findings.push(tooDeep(file, err));
    return;
  }
  if (fast !== undefined) {
    checkDocument(out, fast);
    return;
  }
  // `yaml` recurses per level (and a stack overflow can abort the process), so deep files stop here.
  const deep = findTooDeep(text);
  if (deep) {
    out.findings.push(tooDeep(file, deep));
    return;
  }

  let docs: Document[];
  try {
    docs = parseAllDocuments(text, YAML_OPTIONS) as unknown as Document[];
    if (!Array.isArray(docs)) docs = [docs as Document];
  } catch (err) {
    out.findings.push(finding('yaml.syntax', file, '', `${file} could not be parsed (${shortError(err)}).`));
    return;
  }
  const real = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (real.length !== 1) {
    const what = real.length === 0 ? 'holds no YAML document' : `holds ${real.length} YAML documents`;
    out.findings.push(finding('yaml.syntax', file, '', `${file} ${what}; a spec file holds exactly one.`));
    return;
  }
  const doc = real[0]!;
  out.doc = doc;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    for (const e of problems.slice(0, 5)) {
      const pos = e.pos ? lineColumn(text, e.pos[0]) : undefined;
      out.findings.push({
        ...finding('yaml.syntax', file, '', `${file}: ${firstLine(e.message)}; fix the YAML syntax.`),
        ...(pos ?? {}),
      });
    }
    return;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    out.findings.push(finding('yaml.syntax', file, '', `${file} could not be read (${shortError(err)}).`));
    return;
  }
  checkDocument(out, value);
}

function checkDocument<K extends AnyKind>(out: ParsedFile<K>, value: unknown): void {
  const { file, kind } = out;
  const add = (code: RuleCode, path: PathSegments, message: string) => out.findings.push(locate(out, code, path, message));
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    add('schema.invalid', [], `${file} must be a mapping with apiVersion, kind, metadata and spec.`);
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) {
      add('schema.invalid', [key], `Field ${key} is not allowed at the top level; only apiVersion, kind, metadata and spec are.`);
    }
  }
  if (obj.apiVersion !== API_VERSION) {
    add('schema.invalid', ['apiVersion'], obj.apiVersion === undefined
      ? `apiVersion is required; set it to ${API_VERSION}.`
      : `apiVersion must be ${API_VERSION}, not ${JSON.stringify(obj.apiVersion)}.`);
  }
  if (obj.kind !== kind) {
    add('schema.invalid', ['kind'], obj.kind === undefined
      ? `kind is required; files in this folder hold kind ${kind}.`
      : `kind must be ${kind} for ${file}, not ${JSON.stringify(obj.kind)}.`);
  }
  const meta = metadataSchema.safeParse(obj.metadata, { reportInput: true });
  const rawName = (obj.metadata as { name?: unknown } | undefined)?.name;
  if (typeof rawName === 'string') out.name = rawName;
  if (!meta.success) {
    for (const issue of meta.error.issues) {
      const d = describeIssue(issue, ['metadata']);
      add('schema.invalid', d.path, d.message);
    }
  } else {
    out.labels = meta.data.labels;
  }
  if (kind !== 'Workspace' && typeof rawName === 'string' && rawName !== nameOfPath(file)) {
    add('name.mismatch', ['metadata', 'name'],
      `metadata.name is "${rawName}" but the file is named ${nameOfPath(file)}.yaml; rename one so they match.`);
  }
  const schema = SPEC_SCHEMAS[kind] as unknown as z.ZodType<SpecOf[K]>;
  const spec = schema.safeParse(obj.spec, { reportInput: true });
  if (!spec.success) {
    for (const issue of spec.error.issues) {
      const d = describeIssue(issue, ['spec']);
      add('schema.invalid', d.path, d.message);
    }
    return;
  }
  if (out.findings.every((f) => f.severity !== 'error')) out.spec = spec.data;
}

/** A finding with its line and column looked up in the file's document. */
export function locate(pf: ParsedFile, code: RuleCode, path: PathSegments, message: string): Finding {
  const f = finding(code, pf.file, formatPath(path), message);
  // Most paths are plain block-style keys: found by a line scan, no YAML parse of the whole file.
  const quick = pf.text !== undefined && pf.doc === undefined ? quickOffsetOfPath(pf.text, path) : undefined;
  if (quick !== undefined) return Object.assign(f, lineColumn(pf.text!, quick));
  const doc = documentOf(pf);
  if (doc && pf.text !== undefined) {
    const offset = offsetOfPath(doc, path);
    if (offset !== undefined) Object.assign(f, lineColumn(pf.text, offset));
  }
  return f;
}

/**
 * The parsed file's YAML Document, parsed on demand when the fast path read the file (only
 * findings that need a line number, and editors, ask for one).
 */
export function documentOf(pf: ParsedFile): Document | undefined {
  if (pf.doc === undefined && pf.text !== undefined) {
    // Files the fast path read are within the nesting cap; a broken file may not be.
    if (pf.findings.some((f) => f.code === 'yaml.syntax') && findTooDeep(pf.text)) return undefined;
    try {
      const docs = parseAllDocuments(pf.text, YAML_OPTIONS) as unknown as Document[];
      pf.doc = Array.isArray(docs) ? docs.find((d) => d.contents !== null) : undefined;
    } catch {
      return undefined;
    }
  }
  return pf.doc;
}

function tooDeep(file: string, at: NestingTooDeep): Finding {
  return { ...finding('yaml.syntax', file, '', nestingMessage(file, at)), line: at.line, column: at.column };
}

export function finding(code: RuleCode, file: string, path: string, message: string): Finding {
  return { code, severity: RULE_CODES[code], file, path, message };
}

function shortError(err: unknown): string {
  if (err instanceof RangeError) return 'nesting too deep';
  const msg = err instanceof Error ? err.message : String(err);
  return firstLine(msg).slice(0, 200);
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}
