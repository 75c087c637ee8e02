import { ApiException, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { ControllerRef } from '../../gitops/core/render/cluster-objects.ts';

/** How a read of a cluster's object ended when it did not return the object. */
export class KubeReadError extends Error {
  constructor(
    /**
     * missing: the API answered 404; refused: no credentials (an exec plugin such as
     * gke-gcloud-auth-plugin failed) or 401/403; unreachable: no answer, TLS or other errors.
     */
    readonly kind: 'missing' | 'refused' | 'unreachable',
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

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Reads through @kubernetes/client-node with the person's kubeconfig (KUBECONFIG or ~/.kube/config,
 * exec credential plugins included), one API client per context. Credentials stay in this process.
 */
export class KubeControllerReader implements ControllerReader {
  private config: KubeConfig | undefined;
  private readonly clients = new Map<string, { config: KubeConfig; api: CustomObjectsApi }>();

  constructor(private readonly kubeconfigFile?: string) {}

  /** A fresh load (relative certificate paths resolve against the kubeconfig's folder, as kubectl does). */
  private load(): KubeConfig {
    const kc = new KubeConfig();
    try {
      if (this.kubeconfigFile) kc.loadFromFile(this.kubeconfigFile);
      else kc.loadFromDefault();
    } catch {
      // No readable kubeconfig: every cluster shows as not connected.
    }
    return kc;
  }

  private kubeConfig(): KubeConfig {
    return (this.config ??= this.load());
  }

  contexts(): string[] {
    return this.kubeConfig().getContexts().map((c) => c.name);
  }

  private client(context: string): { config: KubeConfig; api: CustomObjectsApi } {
    let c = this.clients.get(context);
    if (!c) {
      const config = this.load();
      config.setCurrentContext(context);
      c = { config, api: config.makeApiClient(CustomObjectsApi) };
      this.clients.set(context, c);
    }
    return c;
  }

  /** Runs the context's credential step (token, certificates, exec plugin) on its own, to say so when that is what fails. */
  private async credentials(context: string, config: KubeConfig): Promise<void> {
    try {
      await config.applyToFetchOptions({});
    } catch (err) {
      // Plugins written in Go prefix their errors with a klog header ("F1123 02:27:58.976117 16157 cred.go:145] ").
      const detail = (err instanceof Error ? err.message : String(err))
        .replace(/^[IWEF]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] /gm, '')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 600);
      throw new KubeReadError('refused', `No credentials for context ${context}: ${detail || 'its credential plugin failed without saying why'}`);
    }
  }

  async read(context: string, ref: ControllerRef): Promise<unknown> {
    const what = `${ref.kind} ${ref.namespace}/${ref.name}`;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new KubeReadError('unreachable', `The Kubernetes API of context ${context} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`)), REQUEST_TIMEOUT_MS);
    });
    try {
      const { config, api } = this.client(context);
      await Promise.race([this.credentials(context, config), timeout]);
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
