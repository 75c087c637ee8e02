/** Limits for a spec file; anything bigger or stranger becomes a finding, never a crash. */
export const MAX_SPEC_BYTES = 1024 * 1024;

export type DecodeResult = { ok: true; text: string } | { ok: false; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Bytes of a spec file to text: size cap, binary and UTF-8 checks, BOM removed. */
/** What a reader hands the parser: the bytes, the text, or only the size of a file too large to read. */
export type SpecContent = Uint8Array | string | { readonly tooLarge: number } | { readonly unreadable: string };

export function decodeSpecBytes(bytes: SpecContent): DecodeResult {
  if (typeof bytes === 'object' && 'tooLarge' in bytes) return { ok: false, message: tooLarge(bytes.tooLarge) };
  if (typeof bytes === 'object' && 'unreadable' in bytes) return { ok: false, message: bytes.unreadable };
  if (typeof bytes === 'string') {
    if (bytes.length > MAX_SPEC_BYTES) return { ok: false, message: tooLarge(bytes.length) };
    return checkText(bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes);
  }
  if (bytes.length > MAX_SPEC_BYTES) return { ok: false, message: tooLarge(bytes.length) };
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { ok: false, message: `is a binary file (NUL byte at offset ${nul}), not YAML text; remove it or restore the spec.` };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return {
      ok: false,
      message: `is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8.`,
    };
  }
  return checkText(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function checkText(text: string): DecodeResult {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { ok: false, message: `contains a NUL character at offset ${nul}; spec files are text.` };
  return { ok: true, text };
}

function tooLarge(size: number): string {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return `is ${mb} MiB, over the 1 MiB limit for a spec file; a spec this large is a mistake (split it or remove it).`;
}

/** Offset of the first byte that breaks UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    if (b < 0x80) need = 0;
    else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) need = 2;
    else if (b >= 0xf0 && b <= 0xf4) need = 3;
    else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
    }
    i += need + 1;
  }
  return i;
}
