import { KubeHttpError, type KubeTransport } from './kube-transport.ts';
import { collectionPath, type WatchedResource } from './resources.ts';

export interface Access {
  allowed: boolean;
  /** When not allowed: the API's own words (the 403 Status message of a list), else the review's reason. */
  message?: string;
}

/**
 * Whether this user may list and watch `r` (in `namespace`, or cluster-wide), by
 * SelfSubjectAccessReviews (one per verb). Denied: a one-item list fetches the API's own sentence
 * ("pods is forbidden: User "x" cannot list resource "pods" ... at the cluster scope").
 */
export async function reviewListWatch(t: KubeTransport, r: WatchedResource, namespace: string | undefined, timeoutMs = 15_000): Promise<Access> {
  const verdicts = await Promise.all(
    (['list', 'watch'] as const).map(async (verb) => {
      const review = await t.json<{ status?: { allowed?: boolean; denied?: boolean; reason?: string } }>(
        '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
        {
          method: 'POST',
          timeoutMs,
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { verb, group: r.group, version: r.version, resource: r.plural, ...(namespace ? { namespace } : {}) } },
          },
        },
      );
      return { verb, allowed: review.status?.allowed === true, reason: review.status?.reason };
    }),
  );
  const denied = verdicts.find((v) => !v.allowed);
  if (!denied) return { allowed: true };
  try {
    await t.json(`${collectionPath(r, namespace)}?limit=1`, { timeoutMs });
  } catch (err) {
    if (err instanceof KubeHttpError && err.status === 403) return { allowed: false, message: err.message };
  }
  const where = namespace ? `in namespace ${namespace}` : 'at the cluster scope';
  return { allowed: false, message: `${r.plural}.${r.group || 'core'} is forbidden: this user may not ${denied.verb} it ${where}${denied.reason ? ` (${denied.reason})` : ''}.` };
}
