import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exampleDeployment } from './arm-bodies.ts';
import { armErrors, FIXTURES } from './arm-spec-schema.ts';

describe('the Deployments OpenAPI spec as JSON Schema (what the replay is checked against)', () => {
  it('accepts every official example response body', () => {
    for (const f of ['PutDeploymentResourceGroup.json', 'PutDeploymentWithOnErrorDeploymentLastSuccessful.json', 'PutDeploymentWithOnErrorDeploymentSpecificDeployment.json', 'PostDeploymentValidateOnResourceGroup.json']) {
      const ex = JSON.parse(readFileSync(path.join(FIXTURES, f), 'utf8')) as { responses: Record<string, { body?: unknown }> };
      for (const [status, r] of Object.entries(ex.responses)) {
        if (!r.body) continue;
        const def = status === '400' ? 'CloudError' : f.startsWith('Post') ? 'DeploymentValidateResult' : 'DeploymentExtended';
        expect({ f, status, errors: armErrors(def, r.body) }).toEqual({ f, status, errors: [] });
      }
    }
  });

  it('refuses a body that drifts: an invented field, a state ARM does not have, a wrapped error, a list without value', () => {
    const extra = exampleDeployment();
    (extra.properties as Record<string, unknown>).progress = 50;
    expect(armErrors('DeploymentExtended', extra)).toEqual(['/properties must NOT have additional properties (progress)']);
    const state = exampleDeployment();
    (state.properties as Record<string, unknown>).provisioningState = 'Done';
    expect(armErrors('DeploymentExtended', state)[0]).toMatch(/^\/properties\/provisioningState must be equal to one of the allowed values/);
    const op = { operationId: 'A', properties: { provisioningState: 'Finished', statusMessage: { error: { error: { code: 'X', message: 'y' } } } } };
    expect(armErrors('DeploymentOperation', op)).toEqual([
      '/properties/provisioningState must be equal to one of the allowed values',
      '/properties/statusMessage/error must NOT have additional properties (error)',
    ]);
    expect(armErrors('DeploymentOperationsListResult', { items: [] })).toEqual(["/ must have required property 'value'", '/ must NOT have additional properties (items)']);
  });
});
