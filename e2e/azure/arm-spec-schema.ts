import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * JSON Schemas for the bodies ARM sends, made from the official Deployments OpenAPI 2.0 spec in
 * ../shared/fixtures/azure-arm/deployments.openapi.json (2025-04-01), so the replay server cannot
 * drift from the real API.
 *
 * How the spec becomes JSON Schema:
 * - Each `definitions` entry becomes `#/definitions/<name>`; `allOf` parents are merged into the
 *   child so the schema can be closed: every object with declared properties gets
 *   `additionalProperties: false` (unless the spec declares `additionalProperties`), so a field the
 *   spec does not name (a typo, an invented field) fails.
 * - The spec's external references point at Azure's common-types v3 (`types.json`), which is not
 *   in the fixtures. The few it uses are transcribed below from
 *   Azure/azure-rest-api-specs specification/common-types/resource-management/v3/types.json
 *   (commit 05432ee0bc8a3feb5bc0f6fd21f49bb7aeaf13af): ErrorDetail, ErrorAdditionalInfo, Resource,
 *   ProxyResource, SystemData, OperationStatusResult.
 * - `ErrorResponse` (`{ error: ErrorDetail }`) is referenced where ARM puts the error itself: the
 *   spec read literally wraps errors twice (CloudError.error.error), but the official 400 example
 *   and real ARM send `{ error: { code, message, ... } }`, and an operation's
 *   `statusMessage.error` and a deployment's `properties.error` are the flat detail (see
 *   ../shared/docs/AZURE-NOTES.md). So an ErrorResponse reference resolves to ErrorDetail; the test
 *   checks the official examples pass with this reading.
 * - An operation's `provisioningState` is any string in the spec; ours is checked against the
 *   deployment's ProvisioningState enum, which holds every value ARM reports for operations.
 * - `UserAssignedIdentity` (managedidentity.json) is an open object here: Gantry never sends one.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const FIXTURES = path.resolve(here, '../../../shared/fixtures/azure-arm');

type Json = Record<string, unknown>;

const COMMON: Record<string, Json> = {
  ErrorAdditionalInfo: { type: 'object', properties: { type: { type: 'string' }, info: { type: 'object' } } },
  ErrorDetail: {
    type: 'object',
    properties: {
      code: { type: 'string' },
      message: { type: 'string' },
      target: { type: 'string' },
      details: { type: 'array', items: { $ref: '#/definitions/ErrorDetail' } },
      additionalInfo: { type: 'array', items: { $ref: '#/definitions/ErrorAdditionalInfo' } },
    },
  },
  SystemData: {
    type: 'object',
    properties: {
      createdBy: { type: 'string' },
      createdByType: { type: 'string', enum: ['User', 'Application', 'ManagedIdentity', 'Key'] },
      createdAt: { type: 'string', format: 'date-time' },
      lastModifiedBy: { type: 'string' },
      lastModifiedByType: { type: 'string', enum: ['User', 'Application', 'ManagedIdentity', 'Key'] },
      lastModifiedAt: { type: 'string', format: 'date-time' },
    },
  },
  Resource: {
    type: 'object',
    properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, systemData: { $ref: '#/definitions/SystemData' } },
  },
  ProxyResource: { type: 'object', allOf: [{ $ref: '#/definitions/Resource' }] },
  OperationStatusResult: {
    type: 'object',
    properties: {
      id: { type: 'string' },
      name: { type: 'string' },
      status: { type: 'string' },
      percentComplete: { type: 'number', minimum: 0, maximum: 100 },
      startTime: { type: 'string', format: 'date-time' },
      endTime: { type: 'string', format: 'date-time' },
      operations: { type: 'array', items: { $ref: '#/definitions/OperationStatusResult' } },
      error: { $ref: '#/definitions/ErrorDetail' },
    },
    required: ['status'],
  },
  UserAssignedIdentity: { type: 'object' },
};

/** Swagger-only keywords ajv does not know. */
const DROP = new Set(['x-ms-enum', 'x-ms-identifiers', 'x-ms-client-name', 'x-ms-mutability', 'x-ms-secret', 'x-nullable', 'x-ms-azure-resource', 'x-ms-client-flatten', 'x-ms-discriminator-value', 'readOnly', 'description', 'discriminator', 'x-ms-external', 'x-typespec-name', 'x-ms-client-default']);

function localRef(ref: string): string {
  const name = ref.slice(ref.lastIndexOf('/') + 1);
  if (!ref.startsWith('#/')) {
    if (name === 'ErrorResponse') return '#/definitions/ErrorDetail';
    if (!COMMON[name]) throw new Error(`unknown external $ref ${ref}`);
  }
  return `#/definitions/${name}`;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (DROP.has(k) || k.startsWith('x-')) continue;
    if (k === '$ref' && typeof v === 'string') out.$ref = localRef(v);
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, convert(s)]));
    else out[k] = convert(v);
  }
  return out;
}

/** Merges `allOf` parents (by local $ref) into each definition, then closes objects. */
function close(defs: Record<string, Json>): void {
  const merged = new Set<string>();
  const merge = (name: string): Json => {
    const d = defs[name]!;
    if (merged.has(name) || !d.allOf) return (merged.add(name), d);
    const props: Json = {};
    const required: string[] = [];
    for (const parent of d.allOf as Json[]) {
      const ref = typeof parent.$ref === 'string' ? parent.$ref.replace('#/definitions/', '') : undefined;
      const p = ref ? merge(ref) : parent;
      Object.assign(props, (p.properties as Json | undefined) ?? {});
      required.push(...((p.required as string[] | undefined) ?? []));
    }
    Object.assign(props, (d.properties as Json | undefined) ?? {});
    required.push(...((d.required as string[] | undefined) ?? []));
    delete d.allOf;
    d.properties = props;
    if (required.length) d.required = [...new Set(required)];
    merged.add(name);
    return d;
  };
  for (const name of Object.keys(defs)) merge(name);
  const walk = (s: unknown): void => {
    if (Array.isArray(s)) return s.forEach(walk);
    if (!s || typeof s !== 'object') return;
    const o = s as Json;
    if (o.properties && o.additionalProperties === undefined) o.additionalProperties = false;
    for (const v of Object.values(o)) walk(v);
  };
  walk(defs);
}

let cached: Ajv | undefined;

/** An ajv instance holding every definition of the spec (plus the common types) as `arm#/definitions/<name>`. */
export function armAjv(): Ajv {
  if (cached) return cached;
  const spec = JSON.parse(readFileSync(path.join(FIXTURES, 'deployments.openapi.json'), 'utf8')) as { definitions: Json };
  const defs: Record<string, Json> = {};
  for (const [k, v] of Object.entries({ ...COMMON, ...spec.definitions })) defs[k] = convert(v) as Json;
  // Ours, not the spec's: the states an operation can report (see above).
  const opProps = (defs.DeploymentOperationProperties!.properties as Json).provisioningState as Json;
  opProps.enum = (defs.ProvisioningState!.enum as string[]).slice();
  close(defs);
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31 });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\/\/\S+$/i);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  ajv.addSchema({ $id: 'arm', definitions: defs });
  cached = ajv;
  return ajv;
}

/** The validator for one definition (`DeploymentExtended`, `CloudError`, ...). */
export function armValidator(definition: string): ValidateFunction {
  const ajv = armAjv();
  return ajv.getSchema(`arm#/definitions/${definition}`) ?? (() => {
    throw new Error(`no definition ${definition} in the spec`);
  })();
}

/** Errors of `body` against `definition`, as readable lines (empty: it conforms). */
export function armErrors(definition: string, body: unknown): string[] {
  const v = armValidator(definition);
  if (v(body)) return [];
  return (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`);
}
