import type { AttrValue } from './attributes.ts';
import type { GitConfig } from './config.ts';

/**
 * End-of-line conversion as git's convert.c does it (its names in brackets), so that the blob
 * Gantry stores for a working file, and the file it writes for a blob, are git's.
 *
 * The action for a path comes from the `text` attribute (else the old `crlf` one), `eol`, and
 * `core.autocrlf` / `core.eol` [convert_attrs]: `text` follows core.eol (autocrlf true: CRLF,
 * input: LF); `text=auto` guesses text from the content; `eol=lf|crlf` implies text; with `text`
 * unspecified, autocrlf decides (false: no conversion; true: auto with CRLF; input: auto with LF).
 * Cleaning (working tree -> blob) turns CRLF into LF [crlf_to_git]: for `auto` only when the
 * content is not binary and the index blob of the path has no CRLF (git's "safe" autocrlf: a file
 * committed with CRLF stays so). Smudging (blob -> working tree) turns lone LF into CRLF when the
 * output is CRLF [crlf_to_worktree]; for `auto` not when the blob already has a CR or is binary.
 * Binary [convert_is_binary]: a NUL or a lone CR anywhere, or more than 1/128 non-printable bytes.
 */

export type CrlfAction = 'binary' | 'text-input' | 'text-crlf' | 'auto' | 'auto-input' | 'auto-crlf';

export interface EolConfig {
  autocrlf: 'true' | 'false' | 'input';
  eol: 'lf' | 'crlf' | 'native';
  safecrlf: 'true' | 'false' | 'warn';
}

const truthy = (v: string | undefined) => v !== undefined && ['true', 'yes', 'on', '1'].includes(v.toLowerCase());

/** core.autocrlf, core.eol and core.safecrlf as git reads them. */
export function eolConfig(config: GitConfig): EolConfig {
  const a = config.get('core.autocrlf');
  const e = config.get('core.eol')?.toLowerCase();
  const s = config.get('core.safecrlf');
  return {
    autocrlf: a?.toLowerCase() === 'input' ? 'input' : truthy(a) ? 'true' : 'false',
    eol: e === 'lf' || e === 'crlf' ? e : 'native',
    safecrlf: s?.toLowerCase() === 'warn' ? 'warn' : s === undefined ? 'warn' : truthy(s) ? 'true' : 'false',
  };
}

/** Whether `text` files get CRLF in the working tree [text_eol_is_crlf]. */
function textEolIsCrlf(cfg: EolConfig): boolean {
  if (cfg.autocrlf === 'true') return true;
  if (cfg.autocrlf === 'input') return false;
  if (cfg.eol === 'crlf') return true;
  return cfg.eol === 'native' && process.platform === 'win32';
}

type Attr = AttrValue | undefined;

/** [git_path_check_crlf] on `text` or `crlf`: undefined for unspecified. */
function crlfOf(v: Attr): 'text' | 'binary' | 'text-input' | 'auto' | undefined {
  if (v === true) return 'text';
  if (v === false) return 'binary';
  if (v === 'input') return 'text-input';
  if (v === 'auto') return 'auto';
  return undefined;
}

/** The conversion git applies to a path with these attributes [convert_attrs]. */
export function crlfAction(attrs: ReadonlyMap<string, AttrValue>, cfg: EolConfig): CrlfAction {
  let a: ReturnType<typeof crlfOf> | 'text-crlf' | 'auto-input' | 'auto-crlf' = crlfOf(attrs.get('text'));
  if (a === undefined) a = crlfOf(attrs.get('crlf'));
  if (a !== 'binary') {
    const eol = attrs.get('eol');
    if (a === 'auto' && eol === 'lf') a = 'auto-input';
    else if (a === 'auto' && eol === 'crlf') a = 'auto-crlf';
    else if (eol === 'lf') a = 'text-input';
    else if (eol === 'crlf') a = 'text-crlf';
  }
  if (a === 'text') a = textEolIsCrlf(cfg) ? 'text-crlf' : 'text-input';
  if (a === undefined) a = cfg.autocrlf === 'true' ? 'auto-crlf' : cfg.autocrlf === 'input' ? 'auto-input' : 'binary';
  return a;
}

/** Whether the working tree gets CRLF for this action [output_eol]. */
function outputCrlf(a: CrlfAction, cfg: EolConfig): boolean {
  if (a === 'binary' || a === 'text-input' || a === 'auto-input') return false;
  if (a === 'text-crlf' || a === 'auto-crlf') return true;
  return textEolIsCrlf(cfg);
}

const isAuto = (a: CrlfAction) => a === 'auto' || a === 'auto-input' || a === 'auto-crlf';

export interface TextStats {
  nul: number;
  lonecr: number;
  lonelf: number;
  crlf: number;
  printable: number;
  nonprintable: number;
}

/** [gather_stats] over the whole content. */
export function textStats(buf: Uint8Array): TextStats {
  const s: TextStats = { nul: 0, lonecr: 0, lonelf: 0, crlf: 0, printable: 0, nonprintable: 0 };
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === 13) {
      if (i + 1 < n && buf[i + 1] === 10) {
        s.crlf++;
        i++;
      } else s.lonecr++;
    } else if (c === 10) s.lonelf++;
    else if (c === 127) s.nonprintable++;
    else if (c < 32) {
      // BS, HT, ESC and FF count as printable.
      if (c === 8 || c === 9 || c === 27 || c === 12) s.printable++;
      else {
        if (c === 0) s.nul++;
        s.nonprintable++;
      }
    } else s.printable++;
  }
  // A trailing ^Z (DOS end of file) is not counted as non-printable.
  if (n >= 1 && buf[n - 1] === 26) s.nonprintable--;
  return s;
}

/** [convert_is_binary] */
export function isBinary(s: TextStats): boolean {
  return s.lonecr > 0 || s.nul > 0 || s.printable >> 7 < s.nonprintable;
}

/** Whether a blob counts as "has CRLF" for the safe autocrlf rule [has_crlf_in_index]. */
export function blobHasCrlf(blob: Uint8Array | undefined): boolean {
  if (!blob || !blob.includes(13)) return false;
  const s = textStats(blob);
  return !isBinary(s) && s.crlf > 0;
}

function willConvertLfToCrlf(s: TextStats, a: CrlfAction, cfg: EolConfig): boolean {
  if (!outputCrlf(a, cfg) || !s.lonelf) return false;
  if (isAuto(a) && (s.lonecr || s.crlf || isBinary(s))) return false;
  return true;
}

export interface CleanResult {
  content: Buffer;
  /** With core.safecrlf: git's message when checking out would not give this file back. */
  irreversible?: string;
}

/**
 * The blob git stores for working-tree `content` [crlf_to_git]. `indexBlob` gives the index's
 * blob of the path (for the safe autocrlf rule); it is read only when it matters.
 */
export function toGit(rel: string, content: Buffer, a: CrlfAction, cfg: EolConfig, indexBlob: () => Uint8Array | undefined): CleanResult {
  if (a === 'binary' || content.length === 0) return { content };
  const s = textStats(content);
  let convert = s.crlf > 0;
  if (isAuto(a)) {
    if (isBinary(s)) return { content };
    if (convert && blobHasCrlf(indexBlob())) convert = false;
  }
  let irreversible: string | undefined;
  if (cfg.safecrlf !== 'false') {
    const after = { ...s };
    if (convert) {
      after.lonelf += after.crlf;
      after.crlf = 0;
    }
    if (willConvertLfToCrlf(after, a, cfg)) {
      after.crlf += after.lonelf;
      after.lonelf = 0;
    }
    if (s.crlf && !after.crlf) irreversible = `CRLF would be replaced by LF in ${rel}`;
    else if (s.lonelf && !after.lonelf) irreversible = `LF would be replaced by CRLF in ${rel}`;
  }
  const out = convert ? stripCr(content, isAuto(a)) : content;
  return irreversible && cfg.safecrlf === 'true' ? { content: out, irreversible } : { content: out };
}

/** Drops CRs: every one for `auto` (which has no lone CR by then), else only those before LF. */
function stripCr(buf: Buffer, all: boolean): Buffer {
  const out = Buffer.allocUnsafe(buf.length);
  let o = 0;
  const n = buf.length;
  for (let i = 0; i < n; i++) {
    const c = buf[i]!;
    if (c === 13 && (all || (i + 1 < n && buf[i + 1] === 10))) continue;
    out[o++] = c;
  }
  return out.subarray(0, o);
}

/** The working-tree file git writes for blob `content` [crlf_to_worktree]. */
export function toWorktree(content: Buffer, a: CrlfAction, cfg: EolConfig): Buffer {
  if (content.length === 0 || !outputCrlf(a, cfg)) return content;
  const s = textStats(content);
  if (!willConvertLfToCrlf(s, a, cfg)) return content;
  const out = Buffer.allocUnsafe(content.length + s.lonelf);
  let o = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content[i]!;
    if (c === 10 && (i === 0 || content[i - 1] !== 13)) out[o++] = 13;
    out[o++] = c;
  }
  return out.subarray(0, o);
}
