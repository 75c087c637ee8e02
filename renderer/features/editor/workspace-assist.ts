// Completion and hover in the YAML tab from the open workspace (regions, shards that fit with their
// free GPUs, pools of the region, models served), beside monaco-yaml's schema keys and enums. The
// logic is pure (gitops/core/edit/yaml-assist.ts); this only adapts it to Monaco.
import { completeAt, hoverAt, type SpecKindName, type WorkspaceFacts } from '../../../gitops/core/edit/yaml-assist.ts';
import { kindOfPath, nameOfPath } from '../../../shared/kinds.ts';
import { useWorkspace } from '../../stores/workspace-store.ts';
import { monaco } from '../../monaco/setup.ts';

let registered = false;

/** The spec file a Monaco model holds (YAML tab models are `file:///<path>`), or undefined (diff panes). */
function specFileOf(model: monaco.editor.ITextModel): string | undefined {
  const uri = model.uri;
  if (uri.scheme !== 'file') return undefined;
  const file = uri.path.replace(/^\//, '');
  return kindOfPath(file) ? file : undefined;
}

function facts(): WorkspaceFacts {
  const rows = useWorkspace.getState().rows;
  return { shards: rows.shards, pools: rows.pools, clusters: rows.clusters, tenants: rows.tenants };
}

/** Registers the providers once per page. */
export function registerWorkspaceAssist(): void {
  if (registered) return;
  registered = true;
  monaco.languages.registerCompletionItemProvider('yaml', {
    triggerCharacters: [' ', ':', ',', '['],
    provideCompletionItems(model, position) {
      const file = specFileOf(model);
      if (!file) return { suggestions: [] };
      const text = model.getValue();
      const c = completeAt(kindOfPath(file) as SpecKindName, nameOfPath(file), text, model.getOffsetAt(position), facts());
      if (!c) return { suggestions: [] };
      const start = model.getPositionAt(c.from);
      const end = model.getPositionAt(c.to);
      const range = new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column);
      return {
        suggestions: c.items.map((i) => ({
          label: { label: i.label, description: i.detail },
          kind: monaco.languages.CompletionItemKind.Value,
          insertText: i.label,
          detail: i.detail,
          ...(i.documentation ? { documentation: { value: i.documentation } } : {}),
          sortText: i.sortText,
          filterText: i.label,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider('yaml', {
    provideHover(model, position) {
      const file = specFileOf(model);
      if (!file) return null;
      const h = hoverAt(kindOfPath(file) as SpecKindName, nameOfPath(file), model.getValue(), model.getOffsetAt(position), facts());
      if (!h) return null;
      const start = model.getPositionAt(h.from);
      const end = model.getPositionAt(h.to);
      return { range: new monaco.Range(start.lineNumber, start.column, end.lineNumber, end.column), contents: [{ value: h.markdown }] };
    },
  });
}
