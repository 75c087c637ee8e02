import { describe, expect, it } from 'vitest';
import { pullRequestUrl } from './pull-request-url.ts';
import { checkRemoteUrl, httpsFormOf } from './remote-url.ts';

describe('pull request links from the remote URL', () => {
  it('GitHub: compare page with the branch, credentials dropped, .git removed', () => {
    expect(pullRequestUrl('https://x-access-token:ghp_abc@github.com/acme/platform.git', 'gantry/hooli-premium', 'main')).toEqual({
      host: 'github',
      url: 'https://github.com/acme/platform/compare/main...gantry/hooli-premium?expand=1',
    });
  });
  it('GitLab: new merge request with source and target, subgroups kept', () => {
    expect(pullRequestUrl('https://gitlab.com/acme/infra/platform.git', 'feature/x', 'main')?.url).toBe(
      'https://gitlab.com/acme/infra/platform/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature%2Fx&merge_request%5Btarget_branch%5D=main',
    );
  });
  it('Azure DevOps: pullrequestcreate on dev.azure.com (user@ form) and on visualstudio.com', () => {
    expect(pullRequestUrl('https://acme@dev.azure.com/acme/Platform%20Team/_git/platform', 'gantry/x', 'main')).toEqual({
      host: 'azure-devops',
      url: 'https://dev.azure.com/acme/Platform%20Team/_git/platform/pullrequestcreate?sourceRef=gantry%2Fx&targetRef=main',
    });
    expect(pullRequestUrl('https://acme.visualstudio.com/DefaultCollection/Platform/_git/platform', 'b', 'main')?.url).toBe(
      'https://acme.visualstudio.com/DefaultCollection/Platform/_git/platform/pullrequestcreate?sourceRef=b&targetRef=main',
    );
  });
  it('no link for other hosts or malformed paths', () => {
    expect(pullRequestUrl('http://127.0.0.1:8080/platform.git', 'b', 'main')).toBeUndefined();
    expect(pullRequestUrl('https://github.com/acme', 'b', 'main')).toBeUndefined();
    expect(pullRequestUrl('https://dev.azure.com/acme/_git', 'b', 'main')).toBeUndefined();
    expect(pullRequestUrl('not a url', 'b', 'main')).toBeUndefined();
  });
});

describe('where a repository can come from', () => {
  it('refuses SSH with the https form of the same repository', () => {
    const gh = checkRemoteUrl('git@github.com:acme/platform.git');
    expect(gh.ok).toBe(false);
    expect(!gh.ok && gh.refusal).toContain('Use the https form instead: https://github.com/acme/platform.git');
    expect(httpsFormOf('ssh://git@gitlab.example.com:2222/infra/platform.git')).toBe('https://gitlab.example.com/infra/platform.git');
    expect(httpsFormOf('git@ssh.dev.azure.com:v3/acme/Platform/platform')).toBe('https://dev.azure.com/acme/Platform/_git/platform');
  });
  it('takes https, http to this machine, http elsewhere with a warning, paths and file://', () => {
    expect(checkRemoteUrl('https://github.com/acme/platform.git')).toMatchObject({ ok: true, kind: 'https' });
    expect(checkRemoteUrl('http://127.0.0.1:9000/p.git')).toMatchObject({ ok: true, kind: 'http-loopback' });
    const http = checkRemoteUrl('http://git.corp.example/p.git');
    expect(http).toMatchObject({ ok: true, kind: 'http' });
    expect(http.ok && http.warning).toMatch(/plain http:\/\/.*no token/);
    expect(checkRemoteUrl('/mnt/usb/platform.git')).toMatchObject({ ok: true, kind: 'path', dir: '/mnt/usb/platform.git' });
    expect(checkRemoteUrl('file:///mnt/usb/my%20mirror.git')).toMatchObject({ ok: true, kind: 'file', dir: '/mnt/usb/my mirror.git' });
  });
  it('says every refusal in words, never a schema message', () => {
    for (const bad of ['', 'platform', 'git://github.com/acme/p.git', 'ftp://x/y', 'file://server/share/p.git']) {
      const r = checkRemoteUrl(bad);
      expect(r.ok, bad).toBe(false);
      // A sentence that says what to give instead.
      expect(!r.ok && r.refusal, bad).toMatch(/\.$/);
      expect(!r.ok && r.refusal, bad).toMatch(/https:\/\/|path/);
      expect(!r.ok && r.refusal, bad).not.toMatch(/must be|regex|invalid_string/);
    }
  });
});
