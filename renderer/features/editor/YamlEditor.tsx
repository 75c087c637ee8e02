import { useEffect, useRef } from 'react';
import type { Finding } from '../../../shared/findings.ts';
import { useEditor } from '../../stores/editor-store.ts';
import { EDITOR_OPTIONS, monaco } from '../../monaco/setup.ts';
import { registerWorkspaceAssist } from './workspace-assist.ts';

registerWorkspaceAssist();

const models = new Map<string, monaco.editor.ITextModel>();

/** One model per file, kept so undo history survives switching between Form and YAML. */
function modelFor(file: string, text: string): monaco.editor.ITextModel {
  let m = models.get(file);
  if (!m || m.isDisposed()) {
    m = monaco.editor.createModel(text, 'yaml', monaco.Uri.parse(`file:///${file}`));
    m.updateOptions({ tabSize: 2, insertSpaces: true });
    models.set(file, m);
  } else if (m.getValue() !== text) {
    m.pushEditOperations([], [{ range: m.getFullModelRange(), text }], () => null);
  }
  return m;
}

/** The YAML tab: Monaco with the Gantry JSON Schemas, host findings as markers, Ctrl+S to save. */
export default function YamlEditor({ file, text, findings, onChange, onSave }: { file: string; text: string; findings: readonly Finding[]; onChange: (text: string) => void; onSave: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const handlers = useRef({ onChange, onSave });
  handlers.current = { onChange, onSave };
  const reveal = useEditor((s) => s.reveal);

  useEffect(() => {
    // No words-from-the-file suggestions: values come from the workspace (workspace-assist.ts) and keys from the schema.
    const ed = monaco.editor.create(host.current!, { ...EDITOR_OPTIONS, model: null, ariaLabel: 'YAML editor', tabSize: 2, wordBasedSuggestions: 'off', quickSuggestions: { other: true, strings: true, comments: false } } as monaco.editor.IStandaloneEditorConstructionOptions);
    editor.current = ed;
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => handlers.current.onSave());
    const sub = ed.onDidChangeModelContent(() => {
      const v = ed.getModel()?.getValue();
      if (v !== undefined) handlers.current.onChange(v);
    });
    return () => {
      sub.dispose();
      ed.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    const m = modelFor(file, text);
    if (ed.getModel() !== m) {
      ed.setModel(m);
      ed.focus();
    } else if (m.getValue() !== text) {
      m.pushEditOperations(ed.getSelections() ?? [], [{ range: m.getFullModelRange(), text }], () => null);
    }
  }, [file, text]);

  useEffect(() => {
    const m = models.get(file);
    if (!m) return;
    monaco.editor.setModelMarkers(
      m,
      'gantry',
      findings.map((f) => {
        const line = Math.min(Math.max(1, f.line ?? 1), m.getLineCount());
        return {
          severity: f.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: f.message,
          source: 'gantry',
          code: f.code,
          startLineNumber: line,
          startColumn: f.column ?? m.getLineFirstNonWhitespaceColumn(line) ?? 1,
          endLineNumber: line,
          endColumn: m.getLineMaxColumn(line),
        };
      }),
    );
  }, [file, findings, text]);

  useEffect(() => {
    const ed = editor.current;
    if (!ed || !reveal || reveal.file !== file) return;
    ed.revealLineInCenter(reveal.line);
    ed.setPosition({ lineNumber: reveal.line, column: reveal.column });
    ed.focus();
  }, [reveal, file]);

  return <div className="monaco-host" ref={host} data-testid="yaml-editor" />;
}
