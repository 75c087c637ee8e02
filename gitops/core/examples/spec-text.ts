import { stringify } from 'yaml';
import { API_VERSION, KIND_FOLDERS, type SpecKind } from '../../../shared/kinds.ts';

/** A spec file's text: optional header comment, then the envelope and the spec in a stable order. */
export function specText(kind: SpecKind | 'Workspace', name: string, spec: unknown, header?: string): string {
  const head = header ? header.split('\n').map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n' : '';
  return head + stringify({ apiVersion: API_VERSION, kind, metadata: { name }, spec }, { lineWidth: 0 });
}

/** The path a spec of `kind` named `name` lives at. */
export function specPath(kind: SpecKind, name: string): string {
  return `${KIND_FOLDERS[kind]}/${name}.yaml`;
}
