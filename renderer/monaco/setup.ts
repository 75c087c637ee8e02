// Monaco, loaded lazily (only when a YAML or diff editor first opens): the editor core, YAML
// highlighting, monaco-yaml with the Gantry JSON Schemas, and workers bundled by Vite. Nothing from a CDN.
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import { configureMonacoYaml, type SchemasSettings } from 'monaco-yaml';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import YamlWorker from './yaml.worker.ts?worker';
import tenant from '../../resources/schemas/tenant.schema.json';
import shard from '../../resources/schemas/shard.schema.json';
import pool from '../../resources/schemas/resourcepool.schema.json';
import cluster from '../../resources/schemas/cluster.schema.json';
import routing from '../../resources/schemas/routingpolicy.schema.json';
import workspace from '../../resources/schemas/workspace.schema.json';

(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    return label === 'yaml' ? new YamlWorker() : new EditorWorker();
  },
};

type Schema = NonNullable<SchemasSettings['schema']>;

function schema(json: Record<string, unknown>, folder: string | undefined): SchemasSettings {
  // The language server knows draft-07 best; the 2020-12 marker would only make it look the meta-schema up.
  const { $schema: _meta, ...rest } = json;
  return {
    uri: String(json.$id),
    fileMatch: folder ? [`**/${folder}/*.yaml`, `**/${folder}/**/*.yaml`] : ['**/gantry.yaml'],
    schema: rest as Schema,
  };
}

configureMonacoYaml(monaco, {
  enableSchemaRequest: false,
  hover: true,
  completion: true,
  validate: true,
  schemas: [
    schema(tenant, 'tenants'),
    schema(shard, 'shards'),
    schema(pool, 'pools'),
    schema(cluster, 'clusters'),
    schema(routing, 'routing'),
    schema(workspace, undefined),
  ],
});

monaco.editor.defineTheme('gantry-dark', {
  base: 'vs-dark',
  inherit: true,
  rules: [],
  colors: {
    'editor.background': '#15171c',
    'editorGutter.background': '#15171c',
    'editor.lineHighlightBackground': '#1d2029',
    'editorLineNumber.foreground': '#4b515c',
    'editorLineNumber.activeForeground': '#a3aab6',
    'diffEditor.insertedTextBackground': '#47c08a26',
    'diffEditor.removedTextBackground': '#f0616d26',
  },
});
monaco.editor.defineTheme('gantry-light', {
  base: 'vs',
  inherit: true,
  rules: [],
  colors: { 'editor.background': '#ffffff', 'editor.lineHighlightBackground': '#f5f7fa', 'editorLineNumber.foreground': '#b4bac4' },
});

const media = matchMedia('(prefers-color-scheme: light)');
const applyTheme = () => monaco.editor.setTheme(media.matches ? 'gantry-light' : 'gantry-dark');
applyTheme();
media.addEventListener('change', applyTheme);

/** Options every Gantry editor shares. */
export const EDITOR_OPTIONS: monaco.editor.IEditorOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 12.5,
  lineHeight: 19,
  fontFamily: "'JetBrains Mono', 'SF Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace",
  scrollBeyondLastLine: false,
  renderLineHighlight: 'line',
  padding: { top: 8, bottom: 8 },
  fixedOverflowWidgets: true,
  scrollbar: { verticalScrollbarSize: 10, horizontalScrollbarSize: 10 },
  guides: { indentation: true },
};

export { monaco };
