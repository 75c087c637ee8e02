/**
 * The page that opens a pull (or merge) request from `branch` into `target`, built from the remote
 * URL as GitHub, GitLab and Azure DevOps lay them out; undefined for any other host (the branch is
 * pushed, the person opens the request the way their host does it). Credentials in the URL are dropped.
 */
export function pullRequestUrl(remoteUrl: string, branch: string, target: string): { host: 'github' | 'gitlab' | 'azure-devops'; url: string } | undefined {
  let u: URL;
  try {
    u = new URL(remoteUrl);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const origin = `${u.protocol}//${u.host}`;
  const segs = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const enc = encodeURIComponent;
  const host = u.hostname.toLowerCase();

  if (host === 'dev.azure.com' || host.endsWith('.visualstudio.com')) {
    // https://dev.azure.com/{org}/{project}/_git/{repo}, https://{org}.visualstudio.com/[DefaultCollection/]{project}/_git/{repo}
    const i = segs.indexOf('_git');
    if (i < 1 || i !== segs.length - 2) return undefined;
    const base = `${origin}/${segs.slice(0, i + 2).map(enc).join('/')}`;
    return { host: 'azure-devops', url: `${base}/pullrequestcreate?sourceRef=${enc(branch)}&targetRef=${enc(target)}` };
  }
  const repo = segs.map((s, i) => (i === segs.length - 1 ? s.replace(/\.git$/, '') : s));
  if (host === 'github.com' || host.startsWith('github.')) {
    if (repo.length !== 2) return undefined;
    const ref = (b: string) => b.split('/').map(enc).join('/');
    return { host: 'github', url: `${origin}/${repo.map(enc).join('/')}/compare/${ref(target)}...${ref(branch)}?expand=1` };
  }
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) {
    if (repo.length < 2) return undefined;
    return {
      host: 'gitlab',
      url: `${origin}/${repo.map(enc).join('/')}/-/merge_requests/new?${enc('merge_request[source_branch]')}=${enc(branch)}&${enc('merge_request[target_branch]')}=${enc(target)}`,
    };
  }
  return undefined;
}
