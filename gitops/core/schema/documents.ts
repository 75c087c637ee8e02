import { z } from 'zod';
import { API_VERSION, type AnyKind } from '../../../shared/kinds.ts';
import { metadata } from './common.ts';
import { SPEC_SCHEMAS } from './specs.ts';

/** The whole-document schema of one kind: envelope plus that kind's spec. */
export function documentSchema(kind: AnyKind) {
  return z.strictObject({
    apiVersion: z.literal(API_VERSION),
    kind: z.literal(kind),
    metadata,
    spec: SPEC_SCHEMAS[kind],
  });
}

/** JSON Schema (draft 2020-12) of every kind, as written to resources/schemas/<kind>.schema.json. */
export function exportJsonSchemas(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kind of Object.keys(SPEC_SCHEMAS) as AnyKind[]) {
    const schema = z.toJSONSchema(documentSchema(kind), { io: 'input', unrepresentable: 'any' }) as Record<
      string,
      unknown
    >;
    out[`${kind.toLowerCase()}.schema.json`] = {
      ...schema,
      $id: `https://gantry.dev/schemas/v1alpha1/${kind.toLowerCase()}.schema.json`,
      title: `Gantry ${kind} (${API_VERSION})`,
    };
  }
  return out;
}
