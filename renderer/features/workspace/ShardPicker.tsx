import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { shardChoices, type ShardChoice } from '../../../gitops/core/edit/shard-choices.ts';
import type { ShardFact, TenantDraft, TenantFact } from '../../../gitops/core/edit/yaml-assist.ts';
import { useViewport, visibleRange } from '../../components/use-viewport.ts';
import './workspace.css';

const ROW = 30;

/**
 * The tenant form's shard picker: type to filter (name, region, cluster, GPU type), arrow keys and
 * Enter to pick, Escape to close. Each row shows the GPUs free for this tenant; shards that fit come
 * first, the others say why not. Windowed, so 500 shards cost what 20 do.
 */
export function ShardPicker({
  id,
  value,
  shards,
  tenant,
  self,
  invalid,
  onPick,
  testId,
}: {
  id?: string;
  value: string;
  shards: readonly ShardFact[];
  tenant: TenantDraft;
  self: TenantFact | undefined;
  invalid?: boolean;
  onPick: (name: string) => void;
  testId?: string;
}) {
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const choices = useMemo(() => (open ? shardChoices(shards, tenant, self, query) : []), [open, shards, tenant, self, query]);
  const current = useMemo(() => shardChoices(shards, tenant, self, '').find((c) => c.name === value), [shards, tenant, self, value]);

  useEffect(() => {
    if (active >= choices.length) setActive(Math.max(0, choices.length - 1));
  }, [choices.length, active]);

  const pick = (c: ShardChoice | undefined) => {
    if (!c) return;
    onPick(c.name);
    setOpen(false);
    setQuery('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const moves: Record<string, () => void> = {
      ArrowDown: () => (open ? setActive((i) => Math.min(choices.length - 1, i + 1)) : setOpen(true)),
      ArrowUp: () => setActive((i) => Math.max(0, i - 1)),
      PageDown: () => setActive((i) => Math.min(choices.length - 1, i + 8)),
      PageUp: () => setActive((i) => Math.max(0, i - 8)),
      Enter: () => (open ? pick(choices[active]) : setOpen(true)),
      Escape: () => {
        setOpen(false);
        setQuery('');
      },
    };
    const fn = moves[e.key];
    if (fn) {
      e.preventDefault();
      e.stopPropagation();
      fn();
    }
  };

  return (
    <div className="shard-picker" data-testid={testId}>
      <input
        id={id}
        ref={input}
        className={`input${invalid ? ' invalid' : ''}`}
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && choices[active] ? `${listId}-${active}` : undefined}
        placeholder="Type to find a shard"
        spellCheck={false}
        value={open ? query : value}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onKeyDown={onKeyDown}
        data-testid="shard-picker-input"
      />
      {!open && current && (
        <span className="shard-picker-current dim" data-testid="shard-picker-current">
          {current.free} of {current.capacity} GPUs free for this tenant{current.why ? ` · does not fit: ${current.why}` : ''}
        </span>
      )}
      {open && <ChoiceList id={listId} choices={choices} active={active} value={value} onHover={setActive} onPick={pick} total={shards.length} />}
    </div>
  );
}

function ChoiceList({ id, choices, active, value, onHover, onPick, total }: { id: string; choices: ShardChoice[]; active: number; value: string; onHover: (i: number) => void; onPick: (c: ShardChoice) => void; total: number }) {
  const { ref, height, scrollTop, ensureVisible } = useViewport<HTMLDivElement>();
  const { first, last } = visibleRange(choices.length, ROW, scrollTop, height);
  const pop = useRef<HTMLDivElement>(null);
  const [up, setUp] = useState(false);
  useEffect(() => ensureVisible(active, ROW), [active, ensureVisible]);
  // Near the bottom of the form the list opens upwards, so the form's scroll box does not cut it off.
  useLayoutEffect(() => {
    const el = pop.current;
    const box = el?.parentElement?.closest('.pane-body')?.getBoundingClientRect();
    const at = el?.parentElement?.getBoundingClientRect();
    if (box && at && at.bottom + ROW * 10 > box.bottom && at.top - box.top > box.bottom - at.bottom) setUp(true);
  }, []);
  return (
    <div className={`shard-picker-pop${up ? ' up' : ''}`} data-testid="shard-picker-list" ref={pop}>
      <div className="shard-picker-count dim">{choices.length === total ? `${total} shards` : `${choices.length} of ${total} shards`} · fitting first, GPUs free for this tenant</div>
      <div ref={ref} className="shard-picker-scroll" role="listbox" id={id} aria-label="Shards" style={{ maxHeight: ROW * 9 }}>
        {choices.length === 0 && <div className="dim" style={{ padding: 8 }}>No shard matches.</div>}
        <div style={{ height: choices.length * ROW, position: 'relative' }}>
          {choices.slice(first, last).map((c, k) => {
            const i = first + k;
            return (
              <div
                key={c.name}
                id={`${id}-${i}`}
                role="option"
                aria-selected={i === active}
                aria-current={c.name === value || undefined}
                className={`shard-option${i === active ? ' active' : ''}${c.why ? ' unfit' : ''}`}
                style={{ transform: `translateY(${i * ROW}px)`, height: ROW }}
                onMouseDown={(e) => {
                  e.preventDefault();
                  onPick(c);
                }}
                onMouseEnter={() => onHover(i)}
                data-testid={`shard-option-${c.name}`}
              >
                <span className="name">{c.name}</span>
                <span className="dim">{c.region}</span>
                <span className="num" data-testid="shard-option-free">{c.free} of {c.capacity} free</span>
                <span className={c.why ? 'chip warn' : 'chip ok'}>{c.why ?? 'fits'}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
