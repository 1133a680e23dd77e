import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  ANNOTATION_CONFIG_BRANCH,
  ANNOTATION_CONFIG_PATH,
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_IMAGE,
  canonicalRepositoryPath,
  parseVersion,
  validateRepositoryPath,
} from '@slipway/plugin-gitops-common';
import { GitOpsConfig } from '@slipway/plugin-gitops-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { engineAnnotations } from '../engines/engineAnnotations';
import { EngineSetup } from '../engines/EngineSetup';
import { generateEngineFiles } from '../engines/generateEngineFiles';
import { planEngineObjects } from '../engines/planEngineObjects';
import { validateEngineSetup } from '../engines/validateEngineSetup';
import { generateConfigRepoFiles } from './generateConfigRepoFiles';
import { examples } from './createGenerateConfigAction.examples';
import { validateKubernetesName } from './validateKubernetesName';

// A registry port is only a port when a path follows it: `nginx:1` is an
// image with a tag, `localhost:5000/app` an image on a registry.
const IMAGE_REPOSITORY =
  /^[a-z0-9]+([._-][a-z0-9]+)*((:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+)?$/;
const HOST_NAME =
  /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const GENERATE_CONFIG_ACTION_ID = 'gitops:config:generate';

/**
 * `gitops:config:generate`: writes a config repository skeleton for a new
 * application into the workspace, with one overlay per environment of the
 * portal's pipeline and, for environments that Argo CD or Flux applies, the
 * objects that make them do so; outputs the catalog annotations that wire it
 * up.
 */
export function createGenerateConfigAction(options: { config: GitOpsConfig }) {
  const { config } = options;
  return createTemplateAction({
    id: GENERATE_CONFIG_ACTION_ID,
    description:
      'Writes a GitOps config repository (Kustomize base plus one overlay per environment, and an Argo CD Application or Flux GitRepository and Kustomization for each environment those engines apply) into the workspace and outputs the Slipway catalog annotations.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe('Kubernetes name of the application (DNS-1123 label)'),
        image: z =>
          z
            .string()
            .describe(
              'Image repository without tag, e.g. ghcr.io/acme/payments',
            ),
        tag: z =>
          z
            .string()
            .default('0.1.0')
            .describe('The version every environment starts at'),
        port: z =>
          z
            .number()
            .int()
            .min(1)
            .max(65535)
            .default(8080)
            .describe('Container port'),
        environments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "The application's pipeline; defaults to every environment the portal configures",
            ),
        pendingEnvironments: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Environments whose overlay names the image without pinning a version, because a later gitops:deploy step makes their first deploy',
            ),
        outputPath: z =>
          z
            .string()
            .default('.')
            .describe(
              "Workspace folder that becomes the config repository's root, e.g. config when the workspace also holds the app repo",
            ),
        targetPath: z =>
          z
            .string()
            .default('.')
            .describe(
              'Folder in the workspace (and the config repo) to write to',
            ),
        ingressHost: z =>
          z
            .string()
            .optional()
            .describe('Host name for an Ingress; none when empty'),
        codeOwners: z =>
          z
            .string()
            .optional()
            .describe(
              'Owners who must review protected overlays, e.g. @acme/platform',
            ),
        configRepoUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "URL the config repo will be published at, for the annotations; required when an environment's engine is Argo CD or Flux, which clone it from there",
            ),
        configBranch: z =>
          z
            .string()
            .default('main')
            .describe('Branch Slipway (and Argo CD or Flux) should track'),
      },
      output: {
        annotations: z =>
          z
            .record(z.string())
            .describe('Catalog annotations to put on the new entity'),
        environments: z => z.array(z.string()),
        files: z =>
          z
            .array(z.string())
            .describe(
              "Files written, relative to the config repository's root (outputPath)",
            ),
        overlays: z =>
          z
            .record(z.string())
            .describe(
              "Each environment's kustomization file, relative to the config repository's root",
            ),
        engineFiles: z =>
          z
            .record(z.string())
            .describe(
              "The Argo CD Application or Flux manifest of each environment those engines apply, relative to the config repository's root; empty when Slipway applies every environment",
            ),
      },
    },
    async handler(ctx) {
      // The scaffolder checks inputs against the schema but does not fill in
      // its defaults, so apply them here for inputs a template leaves out.
      const input = {
        ...ctx.input,
        tag: ctx.input.tag ?? '0.1.0',
        port: ctx.input.port ?? 8080,
        outputPath: ctx.input.outputPath ?? '.',
        targetPath: ctx.input.targetPath ?? '.',
        configBranch: ctx.input.configBranch ?? 'main',
      };
      const nameProblem = validateKubernetesName(input.name);
      if (nameProblem) {
        throw new InputError(`name "${input.name}" ${nameProblem}`);
      }
      if (!IMAGE_REPOSITORY.test(input.image)) {
        throw new InputError(
          `image "${input.image}" is not an image repository (expected e.g. ghcr.io/acme/payments, without a tag)`,
        );
      }
      const version = parseVersion(input.tag);
      if (version.kind !== 'tag') {
        throw new InputError(
          version.kind === 'invalid'
            ? `tag ${version.problem}`
            : `tag must be an image tag for a new application, not a digest`,
        );
      }
      const outputProblem = validateRepositoryPath(input.outputPath);
      if (outputProblem) {
        throw new InputError(
          `outputPath "${input.outputPath}" ${outputProblem}`,
        );
      }
      const pathProblem = validateRepositoryPath(input.targetPath);
      if (pathProblem) {
        throw new InputError(`targetPath "${input.targetPath}" ${pathProblem}`);
      }
      if (input.ingressHost && !HOST_NAME.test(input.ingressHost)) {
        throw new InputError(
          `ingressHost "${input.ingressHost}" is not a host name`,
        );
      }
      if (config.environments.length === 0) {
        throw new InputError(
          'The portal configures no environments: add gitops.environments to app-config.yaml',
        );
      }
      const wanted = input.environments ?? config.environments.map(e => e.name);
      const unknown = wanted.filter(
        name => !config.environments.some(env => env.name === name),
      );
      if (unknown.length > 0 || wanted.length === 0) {
        throw new InputError(
          `environments ${
            wanted.length === 0
              ? 'is empty'
              : `names ${unknown.map(n => `"${n}"`).join(', ')}`
          }; the portal's pipeline is ${config.environments
            .map(e => e.name)
            .join(' → ')}`,
        );
      }
      const pending = input.pendingEnvironments ?? [];
      const notGenerated = pending.filter(name => !wanted.includes(name));
      if (notGenerated.length > 0) {
        throw new InputError(
          `pendingEnvironments names ${notGenerated
            .map(n => `"${n}"`)
            .join(', ')}, which the config repo will not have; it has ${wanted
            .map(n => `"${n}"`)
            .join(', ')}`,
        );
      }
      const selected = config.environments.filter(env =>
        wanted.includes(env.name),
      );
      // Both paths were validated (overlayPath when the config was read), so
      // each has a canonical form.
      const overlayPathOf = (environment: string) =>
        canonicalRepositoryPath(
          config.overlayPath.replace(/\{environment\}/g, environment),
        )!;
      const environments = selected.map(env => ({
        name: env.name,
        protected: env.protected,
        pinned: !pending.includes(env.name),
        overlayPath: overlayPathOf(env.name),
      }));
      const configPath = canonicalRepositoryPath(input.targetPath)!;
      const engineSetup: EngineSetup = {
        application: input.name,
        repoUrl: input.configRepoUrl || undefined,
        branch: input.configBranch,
        configPath,
        environments: selected.map(env => ({
          name: env.name,
          overlayPath: overlayPathOf(env.name),
          namespace: env.namespace,
          cluster: env.cluster,
          sync: env.sync,
          engine: env.engine,
        })),
      };
      const engineProblem = validateEngineSetup(engineSetup);
      if (engineProblem) {
        throw new InputError(engineProblem);
      }
      const files = generateConfigRepoFiles({
        name: input.name,
        configPath,
        image: input.image,
        tag: input.tag,
        port: input.port,
        environments,
        ingressHost: input.ingressHost || undefined,
        codeOwners: input.codeOwners || undefined,
      });
      const engineFiles = generateEngineFiles(engineSetup);
      for (const [file, content] of Object.entries(engineFiles)) {
        // Only an application folder or overlay inside argocd/ or flux/
        // gets here; one file must not silently replace the other.
        if (file in files) {
          throw new InputError(
            `${file} would be both a file of the application and an engine manifest; keep targetPath and gitops.overlayPath out of argocd/ and flux/`,
          );
        }
        files[file] = content;
      }

      const written = Object.keys(files).sort();
      if (!ctx.isDryRun) {
        for (const file of written) {
          const target = resolveSafeChildPath(
            ctx.workspacePath,
            path.posix.join(input.outputPath, file),
          );
          await fs.mkdir(path.dirname(target), { recursive: true });
          await fs.writeFile(target, files[file], 'utf8');
        }
      }
      ctx.logger.info(
        `Wrote ${written.length} files for ${
          input.name
        }: overlays for ${environments.map(env => env.name).join(', ')}${
          Object.keys(engineFiles).length > 0
            ? `; engine manifests ${Object.keys(engineFiles).join(', ')}`
            : ''
        }`,
      );

      const annotations: Record<string, string> = {
        [ANNOTATION_CONFIG_PATH]: configPath,
        [ANNOTATION_CONFIG_BRANCH]: input.configBranch,
        [ANNOTATION_IMAGE]: input.image,
        [ANNOTATION_ENVIRONMENTS]: environments.map(env => env.name).join(','),
      };
      if (input.configRepoUrl) {
        annotations[ANNOTATION_CONFIG_REPO] = input.configRepoUrl;
      }
      Object.assign(annotations, engineAnnotations(engineSetup));
      ctx.output('annotations', annotations);
      ctx.output(
        'environments',
        environments.map(env => env.name),
      );
      ctx.output('files', written);
      const prefix = configPath === '.' ? '' : `${configPath}/`;
      ctx.output(
        'overlays',
        Object.fromEntries(
          environments.map(env => [
            env.name,
            `${prefix}${env.overlayPath}/kustomization.yaml`,
          ]),
        ),
      );
      ctx.output(
        'engineFiles',
        Object.fromEntries(
          planEngineObjects(engineSetup).map(plan => [
            plan.environment,
            plan.file,
          ]),
        ),
      );
    },
  });
}
