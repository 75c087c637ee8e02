import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportJsonSchemas } from './documents.ts';

const dir = path.resolve(__dirname, '../../../resources/schemas');

describe('JSON Schemas in resources/schemas (for the editor and VS Code)', () => {
  const schemas = exportJsonSchemas();

  it('are generated from the one zod definition and committed up to date (npm run export:schemas)', () => {
    expect(Object.keys(schemas).sort()).toEqual([
      'cluster.schema.json', 'resourcepool.schema.json', 'routingpolicy.schema.json', 'shard.schema.json', 'tenant.schema.json', 'workspace.schema.json',
    ]);
    for (const [name, schema] of Object.entries(schemas)) {
      expect(JSON.parse(readFileSync(path.join(dir, name), 'utf8')), name).toEqual(schema);
    }
  });

  it('carry the rules an editor needs: enums, ranges, required fields, no unknown fields', () => {
    const tenant = schemas['tenant.schema.json'] as { properties: { spec: { properties: Record<string, Record<string, unknown>>; required: string[]; additionalProperties: boolean } } };
    const spec = tenant.properties.spec;
    expect(spec.properties.tier!.enum).toEqual(['shared', 'dedicated']);
    expect(spec.properties.latencyTargetMs).toMatchObject({ minimum: 1, maximum: 60000 });
    expect(spec.required).toEqual(expect.arrayContaining(['displayName', 'tier', 'plan', 'region', 'quotas', 'placement']));
    expect(spec.additionalProperties).toBe(false);
  });
});
