import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EnvironmentDiff,
  gitopsDeployPermission,
  gitopsPromotePermission,
  gitopsRollbackPermission,
  gitopsSyncPermission,
} from '@slipway/plugin-gitops-common';
import { JsonObject } from '@backstage/types';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { z } from 'zod';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ApplicationCatalog, GitOpsApplication } from '../applications';
import { OperationStore } from '../database/OperationStore';
import { StatusStore } from '../database/StatusStore';
import { DeliveryResult, DeliveryService } from '../operations/DeliveryService';
import { HistoryService } from '../operations/HistoryService';
import { Actor } from '../operations/Actor';
import { resolveActor } from '../operations/resolveActor';
import { ENGINE_ACTOR, SyncEngine } from '../engine/SyncEngine';
import { formatEnvironmentDiff } from '../status/formatEnvironmentDiff';
import { buildApplicationStatus } from '../status/buildApplicationStatus';
import { authorizeOperation } from './authorizeOperation';
import { toHttpError } from './toHttpError';
import {
  deployRequestSchema,
  environmentQuerySchema,
  pageQuerySchema,
  parseRequest,
  promoteRequestSchema,
  rollbackRequestSchema,
  syncRequestSchema,
  engineActionRequestSchema,
} from './requestSchemas';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  applications: ApplicationCatalog;
  statusStore: StatusStore;
  operations: OperationStore;
  delivery: DeliveryService;
  history: HistoryService;
  engine: SyncEngine;
  /** Receives GitHub and GitLab push webhooks; mounted before the JSON body parser. */
  webhooks: express.Router;
}

const ENTITY = '/entities/:kind/:namespace/:name';

/**
 * The REST API under `/api/gitops`. Reads come from the stores only, so no
 * page view waits on a cluster; every change is authorised on the entity
 * first, recorded as an operation and audited.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auth, permissions, auditor, catalog, applications } =
    options;
  const router = Router();
  // The webhook route authenticates with an HMAC of the raw body, so it must
  // see the bytes before any body parser does.
  router.use(options.webhooks);
  router.use(express.json({ limit: '100kb' }));

  const applicationOf = async (req: Request) => {
    const credentials = await httpAuth.credentials(req);
    const application = await applications.getApplication(
      {
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      },
      credentials,
    );
    return { credentials, application };
  };

  const environmentOf = (application: GitOpsApplication, name: string) => {
    const environment = application.environments.find(e => e.name === name);
    if (!environment) {
      throw new InputError(
        `${
          application.entityRef
        } has no environment "${name}"; its pipeline is ${application.environments
          .map(e => e.name)
          .join(' → ')}`,
      );
    }
    return environment;
  };

  /**
   * Runs one attempt to change something, audited whatever its outcome:
   * the event is created before the caller is authorised, so refusals
   * (403), bad requests and failures are recorded with the actor, the
   * entity and the reason, as well as successes. `work` adds what it
   * learns to `meta` and gives the response.
   */
  const audited = async (
    req: Request,
    res: express.Response,
    eventId: string,
    work: (meta: JsonObject) => Promise<{
      status: number;
      body: unknown;
      outcome?: JsonObject;
    }>,
  ) => {
    const meta: JsonObject = {
      entityRef:
        `${req.params.kind}:${req.params.namespace}/${req.params.name}`.toLocaleLowerCase(
          'en-US',
        ),
    };
    const event = await auditor.createEvent({
      eventId,
      severityLevel: 'medium',
      request: req,
      meta,
    });
    try {
      const { status, body, outcome } = await work(meta);
      await event.success({ meta: { ...meta, ...outcome } });
      res.status(status).json(body);
    } catch (error) {
      const mapped = toHttpError(error);
      await event.fail({ meta, error: mapped as Error });
      throw mapped;
    }
  };

  /** The response and audit outcome of a deploy, promote or rollback. */
  const deliveryResponse = (result: DeliveryResult) =>
    'operation' in result
      ? {
          status: 201,
          body: result,
          outcome: {
            operationId: result.operation.id,
            revision: result.operation.revision ?? null,
            pullRequestUrl: result.operation.pullRequestUrl ?? null,
          },
        }
      : { status: 200, body: result, outcome: { dryRun: true } };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(`${ENTITY}/status`, async (req, res) => {
    const { application } = await applicationOf(req);
    const observations = await options.statusStore.getObservations(
      application.entityRef,
    );
    res.json(buildApplicationStatus(application, observations));
  });

  /**
   * A deploy, promote or rollback route: the body is checked, the caller
   * authorised on the entity for the environment the change lands in, and
   * the change run with its audit event.
   */
  const changeRoute = <TBody extends { dryRun?: boolean }>(route: {
    action: 'deploy' | 'promote' | 'rollback';
    schema: z.ZodType<TBody, z.ZodTypeDef, unknown>;
    permission: ResourcePermission<'catalog-entity'>;
    /** The environments the body names; the last is the one that changes. */
    environmentsOf: (body: TBody) => string[];
    meta: (body: TBody) => JsonObject;
    run: (
      application: GitOpsApplication,
      body: TBody,
      actor: Actor,
    ) => Promise<DeliveryResult>;
  }) =>
    router.post(`${ENTITY}/${route.action}`, (req, res) =>
      audited(req, res, route.action, async meta => {
        const body = parseRequest(
          route.schema,
          req.body,
          `${route.action} request`,
        );
        Object.assign(meta, route.meta(body), { dryRun: Boolean(body.dryRun) });
        const { credentials, application } = await applicationOf(req);
        meta.entityRef = application.entityRef;
        const environments = route
          .environmentsOf(body)
          .map(name => environmentOf(application, name));
        await authorizeOperation(permissions, credentials, {
          permission: route.permission,
          entityRef: application.entityRef,
          environment: environments[environments.length - 1],
        });
        const actor = await resolveActor(credentials, catalog, auth);
        return deliveryResponse(await route.run(application, body, actor));
      }),
    );

  changeRoute({
    action: 'deploy',
    schema: deployRequestSchema,
    permission: gitopsDeployPermission,
    environmentsOf: body => [body.environment],
    meta: body => ({ environment: body.environment, version: body.version }),
    run: (application, body, actor) =>
      options.delivery.deploy(application, body, actor),
  });

  changeRoute({
    action: 'promote',
    schema: promoteRequestSchema,
    permission: gitopsPromotePermission,
    environmentsOf: body => [body.from, body.to],
    meta: body => ({ from: body.from, to: body.to }),
    run: (application, body, actor) =>
      options.delivery.promote(application, body, actor),
  });

  changeRoute({
    action: 'rollback',
    schema: rollbackRequestSchema,
    permission: gitopsRollbackPermission,
    environmentsOf: body => [body.environment],
    meta: body => ({ environment: body.environment, revision: body.revision }),
    run: (application, body, actor) =>
      options.delivery.rollback(application, body, actor),
  });

  router.post(`${ENTITY}/sync`, (req, res) =>
    audited(req, res, 'sync', async meta => {
      const body = parseRequest(syncRequestSchema, req.body, 'sync request');
      Object.assign(meta, {
        environment: body.environment,
        dryRun: Boolean(body.dryRun),
        force: Boolean(body.force),
      });
      const { credentials, application } = await applicationOf(req);
      meta.entityRef = application.entityRef;
      const environment = environmentOf(application, body.environment);
      await authorizeOperation(permissions, credentials, {
        permission: gitopsSyncPermission,
        entityRef: application.entityRef,
        environment,
      });
      const actor = await resolveActor(credentials, catalog, auth);
      const result = await options.engine.syncNow(
        application,
        environment,
        {
          prune: body.prune ?? environment.sync.prune,
          dryRun: body.dryRun,
          force: body.force,
        },
        actor.entityRef === ENGINE_ACTOR ? actor.name : actor.entityRef,
      );
      return result.operation
        ? {
            status: 201,
            body: result,
            outcome: { operationId: result.operation.id },
          }
        : { status: 200, body: result, outcome: { dryRun: true } };
    }),
  );

  // Terminate (Argo CD), suspend and resume (Flux) change only the engine's
  // own object, and are held to the same permission as a sync.
  const engineActions: Array<{
    action: 'terminate' | 'suspend' | 'resume';
    run: (
      application: GitOpsApplication,
      environment: GitOpsApplication['environments'][number],
    ) => Promise<void>;
  }> = [
    {
      action: 'terminate',
      run: (application, environment) =>
        options.engine.terminate(application, environment),
    },
    {
      action: 'suspend',
      run: (application, environment) =>
        options.engine.setSuspended(application, environment, true),
    },
    {
      action: 'resume',
      run: (application, environment) =>
        options.engine.setSuspended(application, environment, false),
    },
  ];
  for (const { action, run } of engineActions) {
    router.post(`${ENTITY}/${action}`, (req, res) =>
      audited(req, res, action, async meta => {
        const body = parseRequest(
          engineActionRequestSchema,
          req.body,
          `${action} request`,
        );
        meta.environment = body.environment;
        const { credentials, application } = await applicationOf(req);
        meta.entityRef = application.entityRef;
        const environment = environmentOf(application, body.environment);
        await authorizeOperation(permissions, credentials, {
          permission: gitopsSyncPermission,
          entityRef: application.entityRef,
          environment,
        });
        if (environment.engine.type === 'builtin') {
          throw new ConflictError(
            `Environment ${environment.name} is applied by Slipway itself; ${action} is for environments Argo CD or Flux applies`,
          );
        }
        await run(application, environment);
        return {
          status: 200,
          body: { environment: environment.name },
          outcome: { engine: environment.engine.name },
        };
      }),
    );
  }

  router.post(`${ENTITY}/refresh`, (req, res) =>
    audited(req, res, 'refresh', async meta => {
      const { application } = await applicationOf(req);
      meta.entityRef = application.entityRef;
      // Comparing changes nothing in Git or a cluster, so seeing the entity
      // is enough; an automated environment may sync as a consequence, as
      // it would on the next pass.
      await options.engine.reconcileApplication(application, 'manual');
      const observations = await options.statusStore.getObservations(
        application.entityRef,
      );
      return {
        status: 200,
        body: buildApplicationStatus(application, observations),
      };
    }),
  );

  router.get(`${ENTITY}/diff`, async (req, res) => {
    const query = parseRequest(environmentQuerySchema, req.query, 'query');
    const { application } = await applicationOf(req);
    const environment = environmentOf(application, query.environment);
    const observed = (
      await options.statusStore.getObservations(application.entityRef)
    ).get(environment.name);
    const resources = (observed?.resources ?? []).map(resource => ({
      ...resource,
      changes: resource.changes ?? [],
    }));
    const diff: EnvironmentDiff = {
      environment: environment.name,
      revision: observed?.revision,
      resources,
      text: formatEnvironmentDiff(resources),
    };
    res.json(diff);
  });

  router.get(`${ENTITY}/operations`, async (req, res) => {
    const query = parseRequest(pageQuerySchema, req.query, 'query');
    const { application } = await applicationOf(req);
    if (query.environment) {
      environmentOf(application, query.environment);
    }
    res.json(
      await options.operations.list({
        entityRef: application.entityRef,
        environment: query.environment,
        limit: query.limit,
        offset: query.offset,
      }),
    );
  });

  router.get(`${ENTITY}/history`, async (req, res) => {
    const query = parseRequest(pageQuerySchema, req.query, 'query');
    if (!query.environment) {
      throw new InputError('Invalid query: environment is required');
    }
    const { application } = await applicationOf(req);
    const environment = environmentOf(application, query.environment);
    res.json(
      await options.history.list(application, environment, {
        limit: query.limit,
        offset: query.offset,
      }),
    );
  });

  router.get('/operations/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const operation = await options.operations.get(req.params.id);
    // Only callers who may see the entity may see its operations.
    const visible =
      operation &&
      (await catalog.getEntityByRef(operation.entityRef, { credentials }));
    if (!operation || !visible) {
      throw new NotFoundError(`No operation ${req.params.id}`);
    }
    res.json(operation);
  });

  // Reads fail the same ways changes do (Git or a cluster away, content
  // that cannot be rendered); they answer with the same codes.
  router.use(
    (
      error: unknown,
      _req: Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => next(toHttpError(error)),
  );

  return router;
}
