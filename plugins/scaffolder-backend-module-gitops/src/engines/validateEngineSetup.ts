import {
  MAX_KUBERNETES_NAME_LENGTH,
  validateKubernetesName,
} from '../actions/validateKubernetesName';
import { EngineSetup } from './EngineSetup';
import { planEngineObjects } from './planEngineObjects';

const ENGINE_LABELS = { argocd: 'Argo CD', flux: 'Flux' } as const;
const OBJECT_KINDS = { argocd: 'Application', flux: 'Kustomization' } as const;
// The `url` pattern of Flux's GitRepository CRD: anything else is refused by
// the API server, so Flux would never clone it.
const FLUX_URL = /^(http|https|ssh):\/\/.+$/;

/**
 * Why the engine objects of a setup cannot be written, as one sentence that
 * names the input or setting at fault, or undefined when they can. Checked
 * before anything is written or published, so a bad setup changes nothing.
 */
export function validateEngineSetup(setup: EngineSetup): string | undefined {
  for (const plan of planEngineObjects(setup)) {
    const engine = ENGINE_LABELS[plan.type];
    const kind = OBJECT_KINDS[plan.type];
    const { name, namespace } =
      plan.type === 'argocd' ? plan.application : plan.flux;
    const where = `environment "${plan.environment}"`;

    if (!setup.repoUrl) {
      return `configRepoUrl is required: ${engine} applies ${where} and clones the config repository from its URL`;
    }
    const nameProblem = validateKubernetesName(name);
    if (nameProblem) {
      const tooLong = name.length > MAX_KUBERNETES_NAME_LENGTH;
      const room = MAX_KUBERNETES_NAME_LENGTH - plan.environment.length - 1;
      return `${engine} ${kind} "${name}" for ${where} ${nameProblem}${
        tooLong ? `; the name may have at most ${room} characters` : ''
      }`;
    }
    const namespaceProblem = validateKubernetesName(namespace);
    if (namespaceProblem) {
      return `${engine} namespace "${namespace}" of ${where} ${namespaceProblem}; fix the engine's namespace in gitops.engines`;
    }
    if (plan.type === 'flux') {
      if (!FLUX_URL.test(setup.repoUrl)) {
        return `configRepoUrl "${setup.repoUrl}" cannot be cloned by Flux, which applies ${where}: a GitRepository takes http://, https:// or ssh:// URLs only`;
      }
      const secret = plan.flux.kubeConfigSecret;
      const secretProblem = secret && validateKubernetesName(secret);
      if (secretProblem) {
        return `Flux reaches the cluster of ${where} through the kubeconfig Secret "${secret}", which ${secretProblem}; give the cluster a Kubernetes name in the portal's configuration`;
      }
    }
  }
  return undefined;
}
