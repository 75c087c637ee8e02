import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES } from './arm-spec-schema.ts';

/**
 * Response bodies shaped by the official examples: a deployment starts as a deep copy of the 200
 * body of PutDeploymentResourceGroup.json ("Create a deployment that will deploy a template with a
 * uri and queryString") and only the fields a run changes are replaced.
 */
type Json = Record<string, unknown>;

const example = JSON.parse(readFileSync(path.join(FIXTURES, 'PutDeploymentResourceGroup.json'), 'utf8')) as {
  responses: { '200': { body: Json }; '201': { body: Json } };
};

/** A deep copy of the official 200 body. */
export function exampleDeployment(): Json {
  return structuredClone(example.responses['200'].body);
}

export const API_VERSION = example.responses['200'] ? '2025-04-01' : '';

/** ISO 8601 duration as ARM writes it (`PT22.8356799S`, `PT1M5.5S`). */
export function isoDuration(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = +(total % 60).toFixed(7);
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** ARM's timestamp format (`2020-06-05T01:20:01.723776Z`). */
export function armTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** The message real ARM gives a failed deployment (see https://aka.ms/arm-deployment-operations). */
export const DEPLOYMENT_FAILED = {
  code: 'DeploymentFailed',
  message:
    'At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.',
};

/** 409 for a PUT while the deployment runs, with the wording ARM uses. */
export function deploymentActive(name: string, startedMs: number): Json {
  const when = new Date(startedMs).toUTCString();
  return {
    error: {
      code: 'DeploymentActive',
      message: `Unable to edit or replace deployment '${name}': previous deployment from '${when}' is still active (expiration time is '${new Date(startedMs + 7 * 86_400_000).toUTCString()}'). Please see https://aka.ms/arm-deploy for usage details.`,
    },
  };
}
