import { ApiException, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { ControllerRef } from '../../gitops/core/render/cluster-objects.ts';
import { execRequest, type ConsentStore } from './cluster/consent-store.ts';
import { consentSentence } from './cluster/connection.ts';
import type { ExecCredentialRunner } from './cluster/exec-credential.ts';
import { contextKubeConfig, kubeconfigFiles, loadKubeconfigs, type IssuedCredential, type KubeContextEntry } from './cluster/kubeconfig.ts';

/** How a read of a cluster's object ended when it did not return the object. */
export class KubeReadError extends Error {
  constructor(
    /**
     * missing: the API answered 404; refused: no credentials (an exec plugin such as
     * gke-gcloud-auth-plugin failed) or 401/403; unreachable: no answer, TLS or other errors;
     * needs-consent: the context runs an exec plugin the person has not allowed (nothing was run).
     */
    readonly kind: 'missing' | 'refused' | 'unreachable' | 'needs-consent',
    message: string,
  ) {
    super(message);
  }
}

/** The I/O the rollout follower needs from Kubernetes (a seam, so its logic is tested without sockets). */
export interface ControllerReader {
  /** Context names in the kubeconfig. */
  contexts(): string[];
  /** The controller object in the cluster of `context`; throws KubeReadError. */
  read(context: string, ref: ControllerRef): Promise<unknown>;
}

/** Exec credential plugins run only with the person's consent, through the one runner (timeout, shared runs). */
export interface ExecGate {
  consent: ConsentStore;
  exec: ExecCredentialRunner;
  /** A live watch's copy of the object, when the cluster service watches it (no GET then). */
  watched?: (context: string, ref: ControllerRef) => { found: boolean; object?: unknown } | undefined;
}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Reads through @kubernetes/client-node with the person's kubeconfig (KUBECONFIG or ~/.kube/config),
 * one API client per context. Credentials stay in this process. A context whose user runs an exec
 * credential plugin is read only after the person allowed that plugin (ExecGate): until then the
 * read fails with needs-consent and nothing runs; the plugin itself runs through the shared runner
 * (killed after its timeout, one run for concurrent reads), never through client-node.
 */
export class KubeControllerReader implements ControllerReader {
  private entries: Map<string, KubeContextEntry> | undefined;
  private readonly clients = new Map<string, { credential?: IssuedCredential; api: CustomObjectsApi; config: KubeConfig }>();

  constructor(
    private readonly gate: ExecGate,
    private readonly kubeconfigFile?: string,
  ) {}

  /** A fresh load (relative certificate paths resolve against each kubeconfig's folder, as kubectl does). */
  private load(): Map<string, KubeContextEntry> {
    const files = this.kubeconfigFile ? [this.kubeconfigFile] : kubeconfigFiles();
    return new Map(loadKubeconfigs(files).contexts.map((c) => [c.name, c]));
  }

  private contextEntries(): Map<string, KubeContextEntry> {
    return (this.entries ??= this.load());
  }

  contexts(): string[] {
    return [...this.contextEntries().keys()];
  }

  /** The context's credential step (exec plugin with consent) on its own, to say so when that is what fails. */
  private async client(context: string): Promise<CustomObjectsApi> {
    const entry = this.contextEntries().get(context);
    if (!entry) throw new KubeReadError('refused', `No context "${context}" in the kubeconfig.`);
    let credential: IssuedCredential | undefined;
    if (entry.exec) {
      const req = execRequest(entry.userFile ?? entry.file, entry.name, entry.exec);
      if (!this.gate.consent.isAllowed(req)) throw new KubeReadError('needs-consent', consentSentence(req));
      try {
        credential = await this.gate.exec.get(`${entry.userFile ?? entry.file}\u0000${entry.user?.name ?? ''}\u0000${entry.name}`, {
          label: `context ${context}`,
          spec: entry.exec,
          kubeconfigFile: entry.userFile ?? entry.file,
        });
      } catch (err) {
        throw new KubeReadError('refused', `No credentials for context ${context}: ${err instanceof Error ? err.message : String(err)}`);
      }
    } else if (entry.authProvider) {
      throw new KubeReadError('refused', `Context ${context} uses the "${entry.authProvider}" auth-provider, which Gantry does not run; use an exec credential plugin.`);
    }
    const c = this.clients.get(context);
    if (c && c.credential === credential) return c.api;
    const config = contextKubeConfig(entry, credential);
    const api = config.makeApiClient(CustomObjectsApi);
    this.clients.set(context, { credential, api, config });
    return api;
  }

  async read(context: string, ref: ControllerRef): Promise<unknown> {
    const what = `${ref.kind} ${ref.namespace}/${ref.name}`;
    const watched = this.gate.watched?.(context, ref);
    if (watched) {
      if (watched.found) return watched.object;
      throw new KubeReadError('missing', `No ${what} in context ${context}: apply rendered/_bootstrap once (or the CRD is not installed).`);
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KubeReadError('unreachable', `The Kubernetes API of context ${context} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`)), REQUEST_TIMEOUT_MS);
    });
    try {
      const api = await this.client(context);
      return await Promise.race([
        api.getNamespacedCustomObject({ group: ref.group, version: ref.version, namespace: ref.namespace, plural: ref.plural, name: ref.name }),
        timeout,
      ]);
    } catch (err) {
      if (err instanceof KubeReadError) throw err;
      if (err instanceof ApiException) {
        const code = (err as ApiException<unknown>).code;
        if (code === 404) throw new KubeReadError('missing', `No ${what} in context ${context}: apply rendered/_bootstrap once (or the CRD is not installed).`);
        if (code === 401 || code === 403) throw new KubeReadError('refused', `Context ${context} may not read ${what} (HTTP ${code}); ask for get on ${ref.plural}.${ref.group}.`);
        throw new KubeReadError('unreachable', `The Kubernetes API of context ${context} answered HTTP ${code} for ${what}.`);
      }
      throw new KubeReadError('unreachable', `Cannot reach the Kubernetes API of context ${context}: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
