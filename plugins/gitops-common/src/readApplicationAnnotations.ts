import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CONFIG_BRANCH,
  ANNOTATION_CONFIG_PATH,
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_IMAGE,
} from './annotations';
import { ConfigRepoLocation } from './api';
import {
  canonicalRepositoryPath,
  validateRepositoryPath,
} from './repositoryPath';

/**
 * An entity's Slipway annotations, checked and with defaults applied where
 * they need no configuration.
 *
 * @public
 */
export interface ApplicationAnnotations {
  configRepo: ConfigRepoLocation;
  /** The image whose tag is the version, when the entity names one. */
  image?: string;
  /** The entity's own pipeline, when it narrows the portal's environments. */
  environments?: string[];
}

/**
 * Raised when an entity's annotations cannot describe a GitOps application.
 * The message names the annotation at fault.
 *
 * @public
 */
export class InvalidAnnotationError extends Error {
  readonly annotation: string;

  constructor(annotation: string, message: string) {
    super(message);
    this.name = 'InvalidAnnotationError';
    this.annotation = annotation;
  }
}

/**
 * True when the entity carries the one required annotation; the condition for
 * showing the Deployments tab.
 *
 * @public
 */
export function isGitOpsAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ANNOTATION_CONFIG_REPO]?.trim());
}

const SUPPORTED_URL_SCHEMES = ['https:', 'http:', 'file:', 'ssh:'];
// A branch name as `git check-ref-format --branch` would accept it, minus the
// rarely used corners that only make error messages confusing.
const BRANCH_PATTERN =
  /^(?!\/|.*\/\/|.*\.\.|.*@\{|.*\.lock$|.*\/$|.*\.$)[A-Za-z0-9._/-]+$/;
const ENVIRONMENT_NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// A registry port is only a port when a path follows it: `nginx:1` is an
// image with a tag, `localhost:5000/app` an image on a registry.
const IMAGE_PATTERN =
  /^[a-z0-9]+([._-][a-z0-9]+)*((:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+)?$/;

/**
 * Reads and checks an entity's Slipway annotations. Throws
 * {@link InvalidAnnotationError} naming the annotation when one is missing or
 * malformed.
 *
 * @public
 */
export function readApplicationAnnotations(
  entity: Entity,
): ApplicationAnnotations {
  const annotations = entity.metadata.annotations ?? {};

  const url = annotations[ANNOTATION_CONFIG_REPO]?.trim();
  if (!url) {
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_REPO,
      `Entity has no ${ANNOTATION_CONFIG_REPO} annotation; add the URL of its config repository`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_REPO,
      `${ANNOTATION_CONFIG_REPO} is not a URL: "${url}"`,
    );
  }
  if (!SUPPORTED_URL_SCHEMES.includes(parsed.protocol)) {
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_REPO,
      `${ANNOTATION_CONFIG_REPO} must be an https, http, ssh or file URL, got "${parsed.protocol}"`,
    );
  }
  // An SSH user name (the `git` of ssh://git@host/repo) is not a secret: the
  // key is. Any other user-info is a credential.
  const sshUserOnly = parsed.protocol === 'ssh:' && !parsed.password;
  if ((parsed.username && !sshUserOnly) || parsed.password) {
    // Credentials come from the portal's integrations config, never from the
    // catalog, where anyone who can read the entity would see them.
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_REPO,
      `${ANNOTATION_CONFIG_REPO} must not contain credentials; configure them under integrations`,
    );
  }

  const rawPath = annotations[ANNOTATION_CONFIG_PATH]?.trim() || '.';
  const pathProblem = validateRepositoryPath(rawPath);
  if (pathProblem) {
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_PATH,
      `${ANNOTATION_CONFIG_PATH} "${rawPath}" ${pathProblem}`,
    );
  }

  const branch = annotations[ANNOTATION_CONFIG_BRANCH]?.trim() || undefined;
  if (branch !== undefined && !BRANCH_PATTERN.test(branch)) {
    throw new InvalidAnnotationError(
      ANNOTATION_CONFIG_BRANCH,
      `${ANNOTATION_CONFIG_BRANCH} "${branch}" is not a valid branch name`,
    );
  }

  const image = annotations[ANNOTATION_IMAGE]?.trim() || undefined;
  if (image !== undefined && !IMAGE_PATTERN.test(image)) {
    throw new InvalidAnnotationError(
      ANNOTATION_IMAGE,
      `${ANNOTATION_IMAGE} "${image}" is not an image repository (expected e.g. ghcr.io/acme/payments, without a tag)`,
    );
  }

  const rawEnvironments = annotations[ANNOTATION_ENVIRONMENTS];
  let environments: string[] | undefined;
  if (rawEnvironments !== undefined && rawEnvironments.trim() !== '') {
    environments = rawEnvironments.split(',').map(name => name.trim());
    const bad = environments.find(name => !ENVIRONMENT_NAME_PATTERN.test(name));
    if (bad !== undefined) {
      throw new InvalidAnnotationError(
        ANNOTATION_ENVIRONMENTS,
        `${ANNOTATION_ENVIRONMENTS} has an invalid environment name "${bad}"; use a comma-separated list such as dev,staging,production`,
      );
    }
    const duplicate = environments.find(
      (name, index) => environments!.indexOf(name) !== index,
    );
    if (duplicate !== undefined) {
      throw new InvalidAnnotationError(
        ANNOTATION_ENVIRONMENTS,
        `${ANNOTATION_ENVIRONMENTS} names "${duplicate}" twice`,
      );
    }
  }

  return {
    // Validated above, so it has a canonical form.
    configRepo: { url, path: canonicalRepositoryPath(rawPath)!, branch },
    image,
    environments,
  };
}
