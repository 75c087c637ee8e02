import type { ArmError } from './arm-records.ts';

/** An ARM error in plain words: what went wrong, what to change, and which parameters that likely means. */
export interface Explanation {
  /** The code the explanation is about: the innermost error that says something (not DeploymentFailed). */
  code: string;
  summary: string;
  fix: string;
  /** Parameter names of the template the fix is about (matched by the re-run form), lower case patterns. */
  parameterHints: string[];
}

/** Wrapper codes whose message only points at their details. */
const WRAPPERS = new Set(['DeploymentFailed', 'InvalidTemplateDeployment', 'PreflightValidationCheckFailed', 'ResourceDeploymentFailure', 'Conflict', 'BadRequest', 'ResourceOperationFailure']);

/** The innermost detail that says something; an error whose message is itself an ARM error body (JSON) is unwrapped. */
export function innermost(err: ArmError): ArmError {
  let e = unwrapJsonMessage(err);
  for (let i = 0; i < 10 && WRAPPERS.has(e.code) && e.details?.length; i++) e = unwrapJsonMessage(e.details[0]!);
  return e;
}

function unwrapJsonMessage(err: ArmError): ArmError {
  const m = err.message?.trim();
  if (!m?.startsWith('{')) return err;
  try {
    const parsed = JSON.parse(m) as { error?: ArmError } | ArmError;
    const inner = 'error' in parsed && parsed.error ? parsed.error : (parsed as ArmError);
    return typeof inner.code === 'string' ? { ...inner, ...(err.target && !inner.target ? { target: err.target } : {}) } : err;
  } catch {
    return err;
  }
}

const num = (re: RegExp, s: string): string | undefined => re.exec(s)?.[1];

/** Plain words for an ARM error, the innermost detail first. Unknown codes keep ARM's own message. */
export function explainArmError(err: ArmError): Explanation {
  const e = innermost(err);
  const msg = e.message ?? '';
  const code = e.code;
  const lc = `${code} ${msg}`.toLowerCase();

  if (code === 'QuotaExceeded' || (code === 'OperationNotAllowed' && /quota/i.test(msg)) || /exceeding (approved )?.*quota/i.test(msg)) {
    const family = num(/approved ([A-Za-z0-9]+) Cores quota/i, msg) ?? num(/quota.*?for ([A-Za-z0-9 ]+?)(?: in|\.|,)/i, msg);
    const region = num(/Location: ([a-z0-9]+)/i, msg) ?? num(/in (?:location|region) '?([a-z0-9]+)'?/i, msg);
    const limit = num(/Current Limit: (\d+)/i, msg);
    const need = num(/Additional Required: (\d+)/i, msg);
    return {
      code,
      summary: `The subscription's CPU quota${family ? ` for ${family}` : ''}${region ? ` in ${region}` : ''} is too small for this step${limit ? ` (limit ${limit}${need ? `, ${need} more cores needed` : ''})` : ''}.`,
      fix: 'Ask for a quota increase (Azure portal > Quotas, or a support request), or re-run with fewer nodes or a smaller VM size, or in a region with quota.',
      parameterHints: ['count', 'vmsize', 'size', 'sku', 'location', 'region'],
    };
  }
  if (code === 'SkuNotAvailable' || /sku .*not available/i.test(msg)) {
    return {
      code,
      summary: 'That VM size is not offered to this subscription in this region or zone.',
      fix: 'Re-run with another VM size or region (see `az vm list-skus --location <region>` for what is offered).',
      parameterHints: ['vmsize', 'size', 'sku', 'location', 'region', 'zone'],
    };
  }
  if (/model/i.test(code) || (/(not supported|not available|not offered)/i.test(msg) && /model/i.test(msg))) {
    return {
      code,
      summary: 'The model (or this version of it) is not offered in this region.',
      fix: 'Re-run with a region where the model is offered, or another model version or deployment type.',
      parameterHints: ['model', 'version', 'location', 'region', 'sku'],
    };
  }
  if (code === 'RequestDisallowedByPolicy') {
    const policy = e.additionalInfo?.find((a) => a.type === 'PolicyViolation')?.info as { policyDefinitionDisplayName?: string; policyAssignmentDisplayName?: string } | undefined;
    const name = policy?.policyDefinitionDisplayName ?? policy?.policyAssignmentDisplayName ?? num(/policy '([^']+)'/i, msg);
    return {
      code,
      summary: `A policy of the client's Azure tenant forbids this resource as configured${name ? `: "${name}"` : ''}.`,
      fix: "Change the parameter the policy is about (often a public endpoint, a DNS zone, a region or a SKU), or ask the client's Azure admin for an exemption.",
      parameterHints: ['public', 'network', 'dns', 'private', 'location', 'region', 'sku'],
    };
  }
  if (/dns/i.test(lc) && /(zone|record|name)/i.test(lc)) {
    return {
      code,
      summary: "A DNS rule of the client's network refused the name or zone this step needs.",
      fix: 'Check the private DNS zone and name parameters against what the client\'s network allows, then re-run.',
      parameterHints: ['dns', 'zone', 'domain', 'hostname', 'private'],
    };
  }
  if (/certificate/i.test(lc)) {
    return {
      code,
      summary: 'The certificate this step uses was refused (missing, expired, or not trusted by the client\'s rules).',
      fix: 'Point the certificate parameter at a valid certificate (Key Vault secret id or thumbprint) and re-run.',
      parameterHints: ['cert', 'keyvault', 'tls', 'ssl'],
    };
  }
  if (code === 'AuthorizationFailed' || code === 'LinkedAuthorizationFailed') {
    return {
      code,
      summary: 'The signed-in account is not allowed to do this in the subscription or resource group.',
      fix: 'Give the account (or service principal) a role that allows it, such as Contributor on the resource group, then re-run.',
      parameterHints: [],
    };
  }
  if (code === 'DeploymentActive') {
    return {
      code,
      summary: 'Another run of this deployment is still going.',
      fix: 'Wait until it ends (the timeline shows it), then re-run.',
      parameterHints: [],
    };
  }
  if (code === 'ResourceGroupNotFound') {
    return {
      code,
      summary: 'The resource group does not exist in this subscription.',
      fix: 'Create it, or set spec.azure.resourceGroup (tenant) or spec.azure.subscriptionId to the right one.',
      parameterHints: [],
    };
  }
  if (code === 'StorageAccountAlreadyTaken' || code === 'AccountNameInvalid' || /name .*(taken|in use|not valid|invalid)/i.test(msg)) {
    return {
      code,
      summary: `The resource name${e.target ? ` "${e.target}"` : ''} is taken or breaks Azure's naming rules.`,
      fix: 'Re-run with another name (storage accounts: 3-24 lowercase letters and digits, unique across Azure).',
      parameterHints: ['name', 'prefix'],
    };
  }
  if (code === 'InvalidTemplate' || code === 'InvalidTemplateDeployment') {
    return {
      code,
      summary: 'The template or its parameters are not valid.',
      fix: `ARM says: ${msg}`,
      parameterHints: [],
    };
  }
  return {
    code,
    summary: msg || code,
    fix: e.target ? `Look at "${e.target}" and the parameters it depends on, then re-run.` : 'Change what the message names, then re-run.',
    parameterHints: e.target ? [e.target.toLowerCase()] : [],
  };
}
