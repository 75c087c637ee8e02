/**
 * A seeded generator for the secret-scan corpora. Credential-shaped values are built at run time
 * from a seed, never written into the repository, so no scanner or push protection mistakes this
 * folder for a leak, and every run sees the same values.
 */
import { Rng } from '../../../git/differential/prng.ts';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const DIGITS = '0123456789';
export const ALNUM = UPPER + LOWER + DIGITS;
export const BASE64 = ALNUM + '+/';
export const BASE64URL = ALNUM + '-_';
export const HEX = '0123456789abcdef';

/** The differential tests' mulberry32 (same seed, same values), with the alphabets and bytes these corpora need. */
export class Random extends Rng {
  chars(n: number, alphabet: string = ALNUM): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  /** Base64 of `n` random bytes. */
  base64(n: number): string {
    return this.bytes(n).toString('base64');
  }

  uuid(): string {
    const h = this.chars(32, HEX);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
}

/** A PEM block with a random body (64-character lines). */
export function pem(r: Random, label: string, bytes = 600): string {
  const body = r.base64(bytes).replace(/.{64}/g, '$&\n').trimEnd();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
}

/** A JWT with a real JSON header and payload and a random signature. */
export function jwt(r: Random, header: object = { alg: 'RS256', kid: r.chars(43, BASE64URL) }, payload: object = { iss: 'kubernetes/serviceaccount', sub: `system:serviceaccount:tenant-${r.chars(6, LOWER)}:deployer`, exp: 1_900_000_000 + r.int(1e6) }): string {
  const seg = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${seg(header)}.${seg(payload)}.${r.chars(342, BASE64URL)}`;
}

/** Joins the parts of a prefix so no full token prefix appears literally in this folder. */
export const p = (...parts: string[]) => parts.join('');
