import { LoggerService } from '@backstage/backend-plugin-api';
import { ApplicationCatalog, GitOpsApplication } from '../applications';
import { StatusStore } from '../database/StatusStore';
import { RepositoryCache } from '../git';
import { RenderCache } from '../render';
import { findApplicationVersion } from './findApplicationVersion';
import { runWithConcurrency } from './runWithConcurrency';

/** What one refresh pass did, for logs and benchmarks. */
export interface RefreshSummary {
  applications: number;
  environments: number;
  failed: number;
  invalidEntities: number;
  durationMs: number;
}

// The cluster side (live state, sync status, health) is not compared by this
// stage; it says so instead of guessing.
const CLUSTER_NOT_COMPARED =
  'Desired state read from Git; the cluster has not been compared yet';

/**
 * The engine's Git stage: for every application, resolve the tracked branch's
 * head, render each environment's overlay at that revision (cached), read the
 * version it declares, and store it. One repository's failure is recorded on
 * its application's environments and never stalls the others.
 */
export class StatusRefresher {
  constructor(
    private readonly options: {
      applications: ApplicationCatalog;
      repositories: RepositoryCache;
      renderCache: RenderCache;
      statusStore: StatusStore;
      logger: LoggerService;
      concurrency: number;
    },
  ) {}

  async refreshAll(): Promise<RefreshSummary> {
    const started = Date.now();
    const { applications, invalid } =
      await this.options.applications.listApplications();
    for (const entity of invalid) {
      this.options.logger.warn(
        `Skipping ${entity.entityRef}: ${entity.message}`,
      );
    }
    let environments = 0;
    let failed = 0;
    await runWithConcurrency(
      applications,
      this.options.concurrency,
      async application => {
        const result = await this.refreshApplication(application);
        environments += result.environments;
        failed += result.failed;
      },
    );
    return {
      applications: applications.length,
      environments,
      failed,
      invalidEntities: invalid.length,
      durationMs: Date.now() - started,
    };
  }

  async refreshApplication(
    application: GitOpsApplication,
  ): Promise<{ environments: number; failed: number }> {
    const { repositories, renderCache, statusStore } = this.options;
    const { url, branch } = application.configRepo;
    let failed = 0;
    let revision: string;
    try {
      revision = (await repositories.lsRemote(url, branch)).revision;
    } catch (error) {
      await this.recordFailure(application, undefined, error);
      return {
        environments: application.environments.length,
        failed: application.environments.length,
      };
    }

    for (const environment of application.environments) {
      try {
        const snapshot = await repositories.readTree(
          url,
          revision,
          environment.overlayPath,
        );
        const rendered = await renderCache.render(url, {
          snapshot,
          path: environment.overlayPath,
        });
        const found = findApplicationVersion(
          rendered.objects,
          application.image,
        );
        await statusStore.saveObservation({
          entityRef: application.entityRef,
          environment: environment.name,
          revision,
          version: found?.version,
          image: found?.image ?? application.image,
          syncStatus: 'Unknown',
          health: 'Unknown',
          message: found
            ? CLUSTER_NOT_COMPARED
            : `No workload in ${environment.overlayPath} runs ${
                application.image ?? 'any container image'
              }`,
          refreshedAt: new Date(),
        });
      } catch (error) {
        failed += 1;
        await this.recordFailure(application, environment.name, error);
      }
    }
    return { environments: application.environments.length, failed };
  }

  private async recordFailure(
    application: GitOpsApplication,
    environmentName: string | undefined,
    error: unknown,
  ) {
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(
      `Refreshing ${application.entityRef}${
        environmentName ? ` in ${environmentName}` : ''
      } failed: ${message}`,
    );
    const previous = await this.options.statusStore.getObservations(
      application.entityRef,
    );
    const targets = environmentName
      ? [environmentName]
      : application.environments.map(env => env.name);
    for (const name of targets) {
      const last = previous.get(name);
      await this.options.statusStore.saveObservation({
        entityRef: application.entityRef,
        environment: name,
        // Keep what was last known to be true; the message says why it is stale.
        revision: last?.revision,
        version: last?.version,
        image: last?.image ?? application.image,
        syncStatus: 'Unknown',
        health: 'Unknown',
        message,
        refreshedAt: new Date(),
      });
    }
  }
}
