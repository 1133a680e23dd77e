import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { ApplicationCatalog } from '../applications';
import { StatusStore } from '../database/StatusStore';
import { buildApplicationStatus } from '../status/buildApplicationStatus';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  applications: ApplicationCatalog;
  statusStore: StatusStore;
}

/**
 * The REST API under `/api/gitops`. Reads come from the status store only, so
 * no request ever waits on Git or a cluster.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, applications, statusStore } = options;
  const router = Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const application = await applications.getApplication(
      {
        kind: req.params.kind,
        namespace: req.params.namespace,
        name: req.params.name,
      },
      credentials,
    );
    const observations = await statusStore.getObservations(
      application.entityRef,
    );
    res.json(buildApplicationStatus(application, observations));
  });

  return router;
}
