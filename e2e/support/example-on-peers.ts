/**
 * The start-up of the e2e files that put the example on the peers without Flux (the live screens,
 * the routing map): kubectl applies what Flux would.
 */
import path from 'node:path';
import { writeExample } from '../../gitops/cli/commands/init.ts';
import { kubectl, kubectlJson } from './peers.ts';

type PodList = { items: Array<{ metadata: { name: string }; status?: { containerStatuses?: Array<{ ready: boolean }> } }> };

/**
 * The small example written to `ws` (its Git URL one nobody serves: no Flux reads it), and what Flux
 * would apply for `cluster` applied with kubectl instead, cluster-scoped objects first.
 */
export function applyExampleWithKubectl(kubeconfig: string, ws: string, cluster: string): void {
  writeExample(ws, 'small', 'http://127.0.0.1:9/none.git');
  kubectl(kubeconfig, ['apply', '-f', path.join(ws, 'rendered', cluster, '_cluster')]);
  kubectl(kubeconfig, ['apply', '-k', path.join(ws, 'rendered', cluster)]);
}

/** Deletes the pods of `ns` with a container not ready (a crash-loop an interrupted run left): their Deployments make new ones. */
export function replaceNotReadyPods(kubeconfig: string, ns: string): void {
  const all = kubectlJson<PodList>(kubeconfig, ['-n', ns, 'get', 'pods']).items;
  const stuck = all.filter((p) => p.status?.containerStatuses?.some((c) => !c.ready)).map((p) => p.metadata.name);
  if (stuck.length) kubectl(kubeconfig, ['-n', ns, 'delete', 'pod', ...stuck, '--wait=false']);
}
