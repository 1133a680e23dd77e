import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { Operation } from '@slipway/plugin-gitops-common';
import { parseEntityRef, stringifyEntityName } from '../catalog/parseEntityRef';
import {
  CatalogWait,
  waitForCatalogEntity,
} from '../catalog/waitForCatalogEntity';
import { PluginApiClient, responseError } from '../clients/PluginApiClient';
import { examples } from './createDeployAction.examples';

export const DEPLOY_ACTION_ID = 'gitops:deploy';

const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 600;
const POLL_INTERVAL_MS = 2000;

/** What one deploy produced; stored by the checkpoint, so plain JSON. */
type DeployedOperation = {
  operationId: string;
  revision: string | null;
  pullRequestUrl: string | null;
};

/**
 * `gitops:deploy`: deploys a version of an application to one environment
 * through the gitops backend's REST API, as the task's initiator. It is the
 * Deployments tab's code path: the same permission checks (the initiator must
 * be allowed to deploy there), the same operation record with the initiator
 * as actor, and a commit or pull request as the environment is configured.
 */
export function createDeployAction(options: {
  client: PluginApiClient;
  /** How often to look for the entity in the catalog (tests shorten it). */
  pollIntervalMs?: number;
}) {
  const { client } = options;
  return createTemplateAction({
    id: DEPLOY_ACTION_ID,
    description:
      "Deploys a version of a catalog entity to one environment through Slipway's backend, on behalf of the user who runs the template, once the catalog has ingested the entity.",
    examples,
    schema: {
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The application, e.g. component:default/payments (usually the catalog:register step output)',
            ),
        environment: z =>
          z.string().describe('Environment of its pipeline, e.g. dev'),
        version: z =>
          z.string().describe('Image tag or digest to deploy, e.g. 0.1.0'),
        timeoutSeconds: z =>
          z
            .number()
            .int()
            .min(1)
            .max(MAX_TIMEOUT_SECONDS)
            .default(DEFAULT_TIMEOUT_SECONDS)
            .describe(
              'How long to wait for the catalog to ingest a newly registered entity',
            ),
      },
      output: {
        operationId: z =>
          z.string().describe("The deploy's id in the entity's history"),
        revision: z =>
          z
            .string()
            .optional()
            .describe('The config-repo commit the deploy made'),
        pullRequestUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The pull request, for environments changed by pull request',
            ),
      },
    },
    async handler(ctx) {
      const entity = parseEntityRef(ctx.input.entityRef);
      const entityRef = stringifyEntityName(entity);
      const { environment, version } = ctx.input;
      if (!environment.trim() || !version.trim()) {
        throw new InputError('environment and version must not be empty');
      }
      const wait: CatalogWait = {
        timeoutMs: (ctx.input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        intervalMs: options.pollIntervalMs ?? POLL_INTERVAL_MS,
      };

      // A retried task must not deploy twice: the second deploy of the same
      // version would fail as "already runs", and a later one would not be
      // what the template asked for.
      const deployed = await ctx.checkpoint<DeployedOperation>({
        key: `deploy.${entityRef}.${environment}.${version}`,
        fn: async () => {
          const onBehalfOf = await ctx.getInitiatorCredentials();
          await waitForCatalogEntity({
            client,
            entity,
            onBehalfOf,
            wait,
            signal: ctx.signal,
            onWaiting: () =>
              ctx.logger.info(
                `Waiting up to ${Math.round(
                  wait.timeoutMs / 1000,
                )} s for the catalog to ingest ${entityRef}`,
              ),
          });
          const response = await client.request({
            pluginId: 'gitops',
            method: 'POST',
            path: `/entities/${[entity.kind, entity.namespace, entity.name]
              .map(encodeURIComponent)
              .join('/')}/deploy`,
            body: { environment, version },
            onBehalfOf,
            signal: ctx.signal,
          });
          if (!response.ok) {
            throw await responseError(
              response,
              `Deploying ${version} of ${entityRef} to ${environment} failed`,
            );
          }
          const { operation } = (await response.json()) as {
            operation: Operation;
          };
          if (operation.state === 'failed') {
            throw new Error(
              `Deploying ${version} of ${entityRef} to ${environment} failed: ${
                operation.message ?? 'the operation failed'
              }`,
            );
          }
          return {
            operationId: operation.id,
            revision: operation.revision ?? null,
            pullRequestUrl: operation.pullRequestUrl ?? null,
          };
        },
      });

      ctx.logger.info(
        deployed.pullRequestUrl
          ? `Opened ${deployed.pullRequestUrl} to deploy ${version} of ${entityRef} to ${environment} (operation ${deployed.operationId})`
          : `Deployed ${version} of ${entityRef} to ${environment}${
              deployed.revision ? ` in ${deployed.revision}` : ''
            } (operation ${deployed.operationId})`,
      );
      ctx.output('operationId', deployed.operationId);
      if (deployed.revision) {
        ctx.output('revision', deployed.revision);
      }
      if (deployed.pullRequestUrl) {
        ctx.output('pullRequestUrl', deployed.pullRequestUrl);
      }
    },
  });
}
