/**
 * The config repository of an application: any Git URL the backend's
 * integrations can reach, or `file://` for a local repository.
 *
 * @public
 */
export const ANNOTATION_CONFIG_REPO = 'slipway.dev/config-repo';

/**
 * Folder of the application inside its config repository (default `.`).
 *
 * @public
 */
export const ANNOTATION_CONFIG_PATH = 'slipway.dev/config-path';

/**
 * Branch the engine tracks and writes (default: the repository's default branch).
 *
 * @public
 */
export const ANNOTATION_CONFIG_BRANCH = 'slipway.dev/config-branch';

/**
 * The image whose tag is the application's version (default: the first
 * container image found in the rendered manifests).
 *
 * @public
 */
export const ANNOTATION_IMAGE = 'slipway.dev/image';

/**
 * Comma-separated pipeline of this application (default: every environment the
 * portal configures, in configured order).
 *
 * @public
 */
export const ANNOTATION_ENVIRONMENTS = 'slipway.dev/environments';

/**
 * The Argo CD `Application` that serves each environment, for environments
 * whose engine is Argo CD: a name, or `namespace/name`, in which
 * `{environment}` stands for the environment's name, e.g.
 * `payments-{environment}`. Without it, the Application whose source is the
 * environment's overlay (repository URL and path) is used.
 *
 * @public
 */
export const ANNOTATION_ARGOCD_APP = 'slipway.dev/argocd-app';

/**
 * The Flux `Kustomization` that serves each environment, for environments
 * whose engine is Flux: `namespace/name` (or a name in `flux-system`), in
 * which `{environment}` stands for the environment's name. Without it, the
 * Kustomization whose GitRepository and path are the environment's overlay
 * is used.
 *
 * @public
 */
export const ANNOTATION_FLUX_KUSTOMIZATION = 'slipway.dev/flux-kustomization';
