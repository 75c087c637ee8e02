/** The spec kinds of `platform.gantry.dev/v1alpha1` and the folder each lives in. */
export const API_VERSION = 'platform.gantry.dev/v1alpha1';

export const SPEC_KINDS = ['Tenant', 'Shard', 'ResourcePool', 'Cluster', 'RoutingPolicy'] as const;
export type SpecKind = (typeof SPEC_KINDS)[number];
export type AnyKind = SpecKind | 'Workspace';

export const KIND_FOLDERS: Record<SpecKind, string> = {
  Tenant: 'tenants',
  Shard: 'shards',
  ResourcePool: 'pools',
  Cluster: 'clusters',
  RoutingPolicy: 'routing',
};

export const WORKSPACE_FILE = 'gantry.yaml';

/** The kind a repository-relative path holds by its folder, or undefined when it is not a spec file. */
export function kindOfPath(file: string): AnyKind | undefined {
  if (file === WORKSPACE_FILE) return 'Workspace';
  if (!file.endsWith('.yaml')) return undefined;
  const slash = file.indexOf('/');
  if (slash < 0) return undefined;
  const folder = file.slice(0, slash);
  for (const kind of SPEC_KINDS) if (KIND_FOLDERS[kind] === folder) return kind;
  return undefined;
}

/** The object name a spec file must carry: its file name without `.yaml`. */
export function nameOfPath(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.endsWith('.yaml') ? base.slice(0, -5) : base;
}
