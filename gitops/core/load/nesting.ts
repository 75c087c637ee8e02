import { Lexer } from 'yaml';

/**
 * The nesting cap for spec files. Both YAML paths recurse once per level of nesting (the fast
 * path in fast-yaml.ts; the `yaml` package's composer, `toJS`, and its CST parser when many levels
 * close at once), so 100,000 nested `[` overflow the stack: a RangeError out of `gantry validate`,
 * or out of the host when such a file appears in an open workspace. Worse, V8 turns a stack
 * overflow that lands inside regular-expression compilation into a fatal out-of-memory abort,
 * which no `catch` sees; so deep input is refused before it is parsed, not caught after.
 *
 * Depth counts collections (mappings and sequences, block or flow) inside each other, the
 * document's own top-level collection being level 1: `spec: {a: [1]}` is 3 levels deep. A file
 * may be exactly MAX_NESTING_DEPTH levels deep; one level more is a `yaml.syntax` finding. Spec
 * files need about 6.
 */
export const MAX_NESTING_DEPTH = 100;

/** Where a collection opens one level past the cap: thrown by the fast path, returned by the scan. */
export class NestingTooDeep extends Error {
  constructor(
    /** 1-based line and column of the collection that opens past the cap. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`nested deeper than ${MAX_NESTING_DEPTH} levels (line ${line})`);
  }
}

/** The finding message for a file over the cap. */
export function nestingMessage(file: string, at: NestingTooDeep): string {
  return `${file} is nested deeper than ${MAX_NESTING_DEPTH} levels (lists and mappings inside each other; level ${MAX_NESTING_DEPTH + 1} opens at line ${at.line}); a spec needs a handful, so the file is broken: fix or remove it.`;
}

/** `yaml`'s lexer tokens that are not source text. */
const DOCUMENT = '\x02';
const FLOW_END = '\x18';
const SCALAR = '\x1f';

interface Block {
  column: number;
  seq: boolean;
}

/**
 * The deepest nesting of collections in `text`, without building anything: one pass over the
 * tokens of `yaml`'s own lexer (a state machine, no recursion, so it is safe on any input, and it
 * agrees with the parser about quotes, comments, block scalars and flow context). Flow
 * collections count by their brackets; block collections by their indicators (`- `, `? `, `key:`)
 * and the columns they stand at, closed by dedenting. Stops at the first collection deeper than
 * `limit` and returns where it opens.
 *
 * On the YAML that spec files are made of this is exactly the depth `yaml` builds (nesting.test.ts
 * compares the two); on broken YAML it may count a level that `yaml` would refuse (each key of
 * `a: b: c` opens one), which only errs towards a finding.
 */
export function nestingDepth(text: string, limit = MAX_NESTING_DEPTH): { depth: number; tooDeep?: NestingTooDeep } {
  const stack: Block[] = [];
  let flow = 0;
  let max = 0;
  let line = 1;
  let column = 0;
  /** Column where the current block node's content starts (its key, for a `key:`), if seen yet. */
  let nodeColumn: number | undefined;
  let scalarNext = false;

  const opened = (at: number): NestingTooDeep | undefined => {
    const depth = stack.length + flow;
    if (depth > max) max = depth;
    return depth > limit ? new NestingTooDeep(line, at + 1) : undefined;
  };
  const block = (at: number, seq: boolean): NestingTooDeep | undefined => {
    while (stack.length > 0 && stack[stack.length - 1]!.column > at) stack.pop();
    let top = stack[stack.length - 1];
    // `key:` back at the column of a sequence that was a mapping value (`key:\n- a\nnext:`).
    if (top && top.column === at && top.seq && !seq) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top && top.column === at && top.seq === seq) return undefined;
    stack.push({ column: at, seq });
    return opened(at);
  };

  for (const token of new Lexer().lex(text)) {
    let deep: NestingTooDeep | undefined;
    if (scalarNext) {
      scalarNext = false;
      if (flow === 0) nodeColumn ??= column;
    } else if (token === SCALAR) {
      scalarNext = true;
      continue;
    } else if (token === DOCUMENT || token === '---' || token === '...') {
      stack.length = 0;
      flow = 0;
      nodeColumn = undefined;
    } else if (token === FLOW_END) {
      flow = 0;
    } else if (flow > 0) {
      if (token === '[' || token === '{') {
        flow++;
        deep = opened(column);
      } else if (token === ']' || token === '}') {
        flow--;
      }
    } else {
      const c = token.charCodeAt(0);
      if (token === '-' || token === '?') {
        deep = block(column, token === '-');
        nodeColumn = undefined;
      } else if (token === ':') {
        deep = block(nodeColumn ?? column, false);
        nodeColumn = undefined;
      } else if (token === '[' || token === '{') {
        nodeColumn ??= column;
        flow = 1;
        deep = opened(column);
      } else if (token === '\n' || token === '\r\n') {
        nodeColumn = undefined;
      } else if (token !== '' && c !== 32 && c !== 9 && c !== 35 /* # */) {
        // Anchors, tags, aliases, block scalar headers, stray closing brackets: node content.
        nodeColumn ??= column;
      }
    }
    if (deep) return { depth: max, tooDeep: deep };
    // Advance the position past the token's text (scalars may span lines).
    if (token.length === 1 && (token === DOCUMENT || token === FLOW_END)) continue;
    const nl = token.lastIndexOf('\n');
    if (nl < 0) {
      column += token.length;
    } else {
      for (let i = token.indexOf('\n'); i >= 0; i = token.indexOf('\n', i + 1)) line++;
      column = token.length - nl - 1;
      // A block scalar's content ends with its last line break: the next line starts a new node.
      if (column === 0) nodeColumn = undefined;
    }
  }
  return { depth: max };
}

/** Where `text` nests deeper than the cap, if it does (see nestingDepth). */
export function findTooDeep(text: string): NestingTooDeep | undefined {
  return nestingDepth(text).tooDeep;
}
