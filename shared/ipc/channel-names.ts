/**
 * Every IPC channel by name, in one place. The contract (contract.ts) gives each a zod schema;
 * the preload, the transports and both sides take names only from here.
 */

/**
 * Namespaces of `domain:verb` channels. `cluster` has the rollout follower (reconciliation per
 * commit); live monitoring (informers, shard health) adds its channels there. `metrics` and `cloud`
 * are reserved for Prometheus and Azure provisioning; their channels are added to the lists below
 * together with their schemas and host services.
 */
export const NAMESPACES = ['app', 'workspace', 'plan', 'git', 'op', 'cluster', 'metrics', 'cloud'] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** Request/response channels. */
export const INVOKE_CHANNELS = [
  'app:info',
  'app:pickFolder',
  'workspace:recent',
  'workspace:open',
  'workspace:createExample',
  'workspace:close',
  'workspace:snapshot',
  'workspace:readFile',
  'workspace:writeFile',
  'workspace:validate',
  'workspace:drafts',
  'workspace:routingMap',
  'plan:addTenant',
  'plan:drainShard',
  'plan:apply',
  'plan:drainPreview',
  'plan:drainApply',
  'plan:drainUndo',
  'cloud:signIn', 'cloud:accounts', 'cloud:signOut', 'cloud:tenants', 'cloud:provisioning', 'cloud:rerunForm', 'cloud:rerun', 'cloud:migration', 'cloud:migrationTick', 'cloud:cutover', 'cloud:aso',
  'git:init',
  'git:setRemote',
  'git:clone',
  'git:status',
  'git:diff',
  'git:review',
  'git:commit',
  'git:push',
  'git:fetch',
  'git:pull',
  'git:setAside',
  'git:branchState',
  'git:discard',
  'git:branches',
  'git:createBranch',
  'git:switchBranch',
  'git:deleteBranch',
  'git:exportBundle',
  'git:previewBundle',
  'git:importBundle',
  'git:revert',
  'git:history',
  'git:commitDiff',
  'cluster:followRollout',
  'cluster:rollout',
  'cluster:list',
  'cluster:connect',
  'cluster:disconnect',
  'cluster:subscribe',
  'cluster:unsubscribe',
  'cluster:snapshot',
  'cluster:consentList',
  'cluster:consentAllow',
  'cluster:consentRevoke',
  'cluster:placement',
  'metrics:board',
  'metrics:chart',
  'metrics:gpus',
  'metrics:sla',
  'metrics:close',
  'op:cancel',
] as const satisfies readonly `${Namespace}:${string}`[];
export type InvokeChannel = (typeof INVOKE_CHANNELS)[number];

/** Host-to-renderer events; a subscription returns its unsubscribe function. */
export const EVENT_CHANNELS = [
  'op:progress',
  'workspace:onDidChange',
  'git:onDidChange',
  'cloud:onDeviceCode', 'cloud:onProvisioning',
  'cluster:onRollout',
  'cluster:onDelta',
  'cluster:onConnection',
  'cluster:onNotice',
  'app:onMenuCommand',
] as const satisfies readonly `${Namespace}:${string}`[];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

const INVOKE_SET: ReadonlySet<string> = new Set(INVOKE_CHANNELS);
const EVENT_SET: ReadonlySet<string> = new Set(EVENT_CHANNELS);

/** Narrows an untrusted string (a URL segment, a preload argument) to a known invoke channel. */
export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && INVOKE_SET.has(name);
}

/** Narrows an untrusted string to a known event channel. */
export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && EVENT_SET.has(name);
}

/** Menu and keyboard commands the shell sends to the renderer (`app:onMenuCommand`). */
export const MENU_COMMANDS = [
  'open',
  'clone',
  'commit',
  'push',
  'pull',
  'save',
  'toggleProblems',
  'search',
  'showWorkspace',
  'showChanges',
  'handoff',
  'showCapacity',
  'showRouting',
  'palette',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
