import { useEffect, useRef } from 'react';
import { EDITOR_OPTIONS, monaco } from '../../monaco/setup.ts';

let seq = 0;

/**
 * Monaco's diff editor over two texts (HEAD and working tree, or rendered before and after). Each
 * new pair of texts opens scrolled to its first change (`revealFirstChange`, default on), not line 1.
 */
export default function DiffView({ path, before, after, sideBySide, revealFirstChange = true }: { path: string; before: string; after: string; sideBySide: boolean; revealFirstChange?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneDiffEditor | null>(null);
  const reveal = useRef(revealFirstChange);
  reveal.current = revealFirstChange;
  /** True until the diff of the current texts has been computed and revealed once. */
  const pendingReveal = useRef(false);

  useEffect(() => {
    const ed = monaco.editor.createDiffEditor(host.current!, {
      ...EDITOR_OPTIONS,
      readOnly: true,
      originalEditable: false,
      renderSideBySide: sideBySide,
      ignoreTrimWhitespace: false,
      renderOverviewRuler: false,
      ariaLabel: 'Diff',
    } as monaco.editor.IStandaloneDiffEditorConstructionOptions);
    editor.current = ed;
    const sub = ed.onDidUpdateDiff(() => {
      if (!pendingReveal.current || !reveal.current) return;
      pendingReveal.current = false;
      const first = ed.getLineChanges()?.[0];
      if (!first) return;
      // For a deletion modifiedStartLineNumber is the line above it: show where it was, with context.
      const line = Math.max(1, first.modifiedStartLineNumber);
      ed.getModifiedEditor().revealLineInCenter(line, monaco.editor.ScrollType.Immediate);
      ed.getModifiedEditor().setPosition({ lineNumber: line, column: 1 });
    });
    return () => {
      sub.dispose();
      const model = ed.getModel();
      ed.dispose();
      model?.original.dispose();
      model?.modified.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    editor.current?.updateOptions({ renderSideBySide: sideBySide });
  }, [sideBySide]);

  useEffect(() => {
    const ed = editor.current;
    if (!ed) return;
    const old = ed.getModel();
    const n = ++seq;
    // Flattened so the schema globs of the YAML editor do not validate diff panes.
    const flat = path.replaceAll('/', '_');
    const lang = path.endsWith('.yaml') || path.endsWith('.yml') ? 'yaml' : 'plaintext';
    pendingReveal.current = true;
    ed.setModel({
      original: monaco.editor.createModel(before, lang, monaco.Uri.parse(`inmemory://diff/${n}/a-${flat}`)),
      modified: monaco.editor.createModel(after, lang, monaco.Uri.parse(`inmemory://diff/${n}/b-${flat}`)),
    });
    old?.original.dispose();
    old?.modified.dispose();
  }, [path, before, after]);

  return <div className="monaco-host" ref={host} data-testid="diff-editor" data-path={path} />;
}
