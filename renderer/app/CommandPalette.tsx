import { useEffect, useMemo, useRef, useState } from 'react';
import { useApp, type View } from '../stores/app-store.ts';
import { useWorkspace } from '../stores/workspace-store.ts';
import { runCommand } from './commands.ts';
import { closePalette, filterPalette, registeredPaletteItems, usePalette, type PaletteItem } from './palette-items.ts';
import './palette.css';

const VIEWS: Array<{ id: View; label: string; keys?: string }> = [
  { id: 'workspace', label: 'Show workspace', keys: 'Ctrl 1' },
  { id: 'changes', label: 'Show changes', keys: 'Ctrl 2' },
  { id: 'history', label: 'Show history' },
  { id: 'provisioning', label: 'Show provisioning' },
  { id: 'capacity', label: 'Show capacity', keys: 'Ctrl 3' },
  { id: 'metrics', label: 'Show metrics' },
  { id: 'live', label: 'Show clusters (live)' },
  { id: 'routing', label: 'Show routing map', keys: 'Ctrl 4' },
];

function baseItems(): PaletteItem[] {
  const app = useApp.getState();
  const views: PaletteItem[] = VIEWS.map((v) => ({ id: `view:${v.id}`, label: v.label, group: 'View', ...(v.keys ? { keys: v.keys } : {}), run: () => app.setView(v.id) }));
  const actions: PaletteItem[] = [
    { id: 'addTenant', label: 'Add tenant…', group: 'Plan', run: () => app.openDialog({ kind: 'addTenant' }) },
    { id: 'drainShard', label: 'Drain shard…', group: 'Plan', run: () => app.openDialog({ kind: 'drainShard' }) },
    { id: 'save', label: 'Save', group: 'File', keys: 'Ctrl S', run: () => runCommand('save') },
    { id: 'commit', label: 'Commit', group: 'Git', keys: 'Ctrl Enter', run: () => runCommand('commit') },
    { id: 'push', label: 'Push', group: 'Git', keys: 'Ctrl Shift P', run: () => runCommand('push') },
    { id: 'pull', label: 'Pull', group: 'Git', keys: 'Ctrl Shift L', run: () => runCommand('pull') },
    { id: 'problems', label: 'Toggle problems', group: 'View', keys: 'Ctrl J', run: () => runCommand('toggleProblems') },
    { id: 'search', label: 'Search tenants, shards, pools, clusters', group: 'View', keys: 'Ctrl K', run: () => runCommand('search') },
  ];
  return [...views, ...actions, ...registeredPaletteItems()];
}

/** The command palette (F1 or Ctrl+Shift+K): type to filter, arrows to move, Enter runs, Escape closes. */
export function CommandPalette() {
  const open = usePalette((s) => s.open);
  const hasWorkspace = useWorkspace((s) => Boolean(s.root));
  if (!open || !hasWorkspace) return null;
  return <PaletteBox />;
}

function PaletteBox() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const all = useMemo(() => baseItems(), []);
  const shown = filterPalette(all, query);
  const at = Math.min(active, Math.max(0, shown.length - 1));
  useEffect(() => input.current?.focus(), []);
  const run = (item: PaletteItem | undefined) => {
    if (!item) return;
    closePalette();
    item.run();
  };
  return (
    <div className="backdrop palette-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closePalette()}>
      <div className="palette" role="dialog" aria-modal="true" aria-label="Command palette" data-testid="command-palette">
        <input
          ref={input}
          className="input"
          placeholder="Type a command or a view"
          aria-label="Command"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={shown[at] ? `palette-${at}` : undefined}
          value={query}
          data-testid="palette-input"
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive(Math.min(shown.length - 1, at + 1));
            else if (e.key === 'ArrowUp') setActive(Math.max(0, at - 1));
            else if (e.key === 'Enter') run(shown[at]);
            else if (e.key === 'Escape') closePalette();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {shown.length === 0 && <li className="palette-none">No command matches.</li>}
          {shown.map((item, i) => (
            <li
              key={item.id}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === at}
              className={i === at ? 'active' : undefined}
              data-testid="palette-item"
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => run(item)}
            >
              <span className="group">{item.group}</span>
              <span className="label">{item.label}</span>
              {item.keys && <span className="kbd">{item.keys}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
