import { describe, expect, it } from 'vitest';
import { explainArmError, innermost } from './explain-arm-error.ts';
import { explainSignIn } from './explain-sign-in.ts';

describe('ARM errors in plain words', () => {
  it('goes past DeploymentFailed to the detail that says something, unwrapping a JSON message', () => {
    const err = {
      code: 'DeploymentFailed', message: 'At least one resource deployment operation failed.',
      details: [{ code: 'Conflict', message: '{"error":{"code":"SkuNotAvailable","message":"The requested VM size Standard_NC40ads_H100_v5 is currently not available in location westeurope."}}' }],
    };
    expect(innermost(err).code).toBe('SkuNotAvailable');
    expect(explainArmError(err)).toMatchObject({ code: 'SkuNotAvailable', summary: 'That VM size is not offered to this subscription in this region or zone.' });
  });

  it('names the policy that refused a resource, from additionalInfo', () => {
    const x = explainArmError({
      code: 'RequestDisallowedByPolicy', message: "Resource 'srch' was disallowed by policy.",
      additionalInfo: [{ type: 'PolicyViolation', info: { policyDefinitionDisplayName: 'Search services should disable public network access' } }],
    });
    expect(x.summary).toBe("A policy of the client's Azure tenant forbids this resource as configured: \"Search services should disable public network access\".");
    expect(x.parameterHints).toContain('public');
  });

  it('says a model is not offered in the region, and keeps ARM\'s words for a code it does not know', () => {
    expect(explainArmError({ code: 'DeploymentModelNotSupported', message: "The model 'gpt-4o' version '2024-08-06' is not supported in 'swedencentral'." }).summary).toBe('The model (or this version of it) is not offered in this region.');
    expect(explainArmError({ code: 'SomethingNew', message: 'A new failure.', target: 'vnetName' })).toEqual({ code: 'SomethingNew', summary: 'A new failure.', fix: 'Look at "vnetName" and the parameters it depends on, then re-run.', parameterHints: ['vnetname'] });
  });
});

describe('sign-in failures in plain words', () => {
  it.each([
    ['AADSTS700082: The refresh token has expired due to inactivity.', 'expired'],
    ['AADSTS65001: The user or administrator has not consented to use the application', 'consent'],
    ['AADSTS53003: Access has been blocked by Conditional Access policies.', 'conditional-access'],
    ['AADSTS7000215: Invalid client secret provided.', 'wrong-secret'],
    ['request to https://login.microsoftonline.com failed, reason: getaddrinfo ENOTFOUND login.microsoftonline.com', 'no-network'],
    ["Please run 'az login' from a command prompt to authenticate before using this credential.", 'cli-login'],
  ])('%s -> %s', (message, kind) => {
    expect(explainSignIn(message).kind).toBe(kind);
  });
  it('keeps the AADSTS code and drops the trace ids of an unknown one', () => {
    expect(explainSignIn('AADSTS9999: Something else. Trace ID: abc Correlation ID: def')).toEqual({ kind: 'other', code: 'AADSTS9999', message: 'AADSTS9999: Something else.' });
  });
});
