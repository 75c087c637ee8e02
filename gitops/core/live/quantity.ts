// Kubernetes resource quantities ("2", "500m", "128Gi", "1e3") as numbers, so that what Gantry
// renders and what the API server returns (it may print a quantity in another form) compare equal.

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/;

/** The value of a quantity, or undefined when it is not one. A number passes through. */
export function quantityValue(q: unknown): number | undefined {
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  if (typeof q !== 'string') return undefined;
  const m = QUANTITY.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIX[m[3] ?? '']!;
}

/** A whole count such as nvidia.com/gpu: the quantity's value, 0 when absent or not a quantity. */
export function countOf(q: unknown): number {
  const v = quantityValue(q);
  return v === undefined ? 0 : v;
}

/** A quantity in one canonical text form (its value), for comparing; the input itself when unparseable. */
export function canonicalQuantity(q: unknown): string | undefined {
  const v = quantityValue(q);
  if (v !== undefined) return String(Number(v.toPrecision(15)));
  return typeof q === 'string' ? q : undefined;
}
