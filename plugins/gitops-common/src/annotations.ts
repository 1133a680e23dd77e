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
