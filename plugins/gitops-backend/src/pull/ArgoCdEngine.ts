import { ConflictError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { engineObjectName } from '../applications/readEngineObjectAnnotations';
import { ClusterClients } from '../kubernetes';
import { ArgoCdApplication } from './ArgoCdApplication';
import {
  argoCdApplicationState,
  RUNNING_OPERATION_PHASES,
} from './argoCdApplicationState';
import { EngineKind, EngineObjectWatch } from './EngineObjectWatch';
import {
  EngineSyncFailedError,
  EngineSyncTimeoutError,
} from './EngineSyncFailedError';
import { findArgoCdApplication } from './findArgoCdApplication';
import {
  PullEngine,
  PullObservation,
  PullSyncResult,
  PullTarget,
} from './PullEngine';
import { describeEngineObject, patchEngineObject } from './patchEngineObject';
import { waitFor } from './waitFor';

export const ARGOCD_APPLICATION: EngineKind = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  plural: 'applications',
  engine: 'Argo CD',
  type: 'argocd',
};

const REFRESH_ANNOTATION = 'argocd.argoproj.io/refresh';
// Marks the operations Slipway asks for, so their outcome can be told apart.
const OPERATION_INFO = 'Slipway-Operation';

/**
 * Argo CD as an environment's engine. Applications are read from a watch on
 * the instance's namespace; sync, refresh and terminate are written to the
 * Application the way Argo CD's own API server writes them (the `operation`
 * field, the refresh annotation, the operation state's phase), so the
 * application controller acts on them as on a sync from its UI.
 */
export class ArgoCdEngine implements PullEngine {
  constructor(
    private readonly clusters: ClusterClients,
    private readonly watch: EngineObjectWatch,
    private readonly options: { syncTimeoutMs: number },
  ) {}

  async observe(target: PullTarget): Promise<PullObservation> {
    const found = await this.find(target);
    if (!found.object) {
      return { message: found.message };
    }
    return { state: argoCdApplicationState(found.object) };
  }

  async refresh(target: PullTarget): Promise<void> {
    const application = await this.require(target);
    await patchEngineObject(
      this.clusters,
      target.environment.engine.cluster,
      ARGOCD_APPLICATION,
      application.metadata,
      {
        metadata: { annotations: { [REFRESH_ANNOTATION]: 'normal' } },
      },
    );
  }

  async sync(
    target: PullTarget,
    options: { prune: boolean; actor: string },
  ): Promise<PullSyncResult> {
    const application = await this.require(target);
    const running = application.status?.operationState;
    if (
      application.operation ||
      RUNNING_OPERATION_PHASES.includes(running?.phase ?? '')
    ) {
      throw new ConflictError(
        `Argo CD is already running an operation on Application ${describeEngineObject(
          application,
        )}; wait for it or terminate it`,
      );
    }
    const id = randomUUID();
    const spec = application.spec ?? {};
    const sources = spec.sources;
    await patchEngineObject(
      this.clusters,
      target.environment.engine.cluster,
      ARGOCD_APPLICATION,
      application.metadata,
      {
        // A precondition: if the Application changed since it was read (an
        // operation started meanwhile), the API server refuses with 409.
        metadata: { resourceVersion: application.metadata.resourceVersion },
        operation: {
          initiatedBy: { username: options.actor },
          info: [{ name: OPERATION_INFO, value: id }],
          sync: {
            ...(sources
              ? { revisions: sources.map(s => s.targetRevision || 'HEAD') }
              : { revision: spec.source?.targetRevision || 'HEAD' }),
            prune: options.prune,
            // An operation does not inherit the policy's options (e.g.
            // CreateNamespace=true); Argo CD's UI copies them in as well.
            syncOptions: spec.syncPolicy?.syncOptions ?? [],
          },
        },
      },
    );
    const finished = await waitFor(
      async () => {
        const now = await this.require(target);
        const state = now.status?.operationState as
          | (NonNullable<ArgoCdApplication['status']>['operationState'] & {
              operation?: { info?: Array<{ name: string; value: string }> };
            })
          | undefined;
        const ours = state?.operation?.info?.some(
          info => info.name === OPERATION_INFO && info.value === id,
        );
        return ours && !RUNNING_OPERATION_PHASES.includes(state?.phase ?? '')
          ? state
          : undefined;
      },
      { timeoutMs: this.options.syncTimeoutMs },
    );
    if (!finished) {
      throw new EngineSyncTimeoutError(
        `Argo CD did not finish syncing Application ${describeEngineObject(
          application,
        )} within ${Math.round(
          this.options.syncTimeoutMs / 1000,
        )} s; it goes on, and its status shows the outcome`,
      );
    }
    const revision =
      finished.syncResult?.revision || finished.syncResult?.revisions?.[0];
    if (finished.phase !== 'Succeeded') {
      throw new EngineSyncFailedError(
        `Argo CD sync of Application ${describeEngineObject(application)} ${
          finished.phase?.toLowerCase() ?? 'failed'
        }: ${finished.message ?? 'no message'}`,
      );
    }
    return {
      revision,
      message: `Argo CD synced Application ${describeEngineObject(
        application,
      )}${revision ? ` to ${revision.slice(0, 7)}` : ''}: ${
        finished.message ?? 'done'
      }`,
    };
  }

  async terminate(target: PullTarget): Promise<void> {
    const application = await this.require(target);
    const phase = application.status?.operationState?.phase;
    if (phase !== 'Running') {
      throw new ConflictError(
        `Application ${describeEngineObject(
          application,
        )} has no sync operation running${
          phase ? ` (last operation: ${phase})` : ''
        }`,
      );
    }
    // What `argocd app terminate-op` does through the API server.
    await patchEngineObject(
      this.clusters,
      target.environment.engine.cluster,
      ARGOCD_APPLICATION,
      application.metadata,
      {
        metadata: { resourceVersion: application.metadata.resourceVersion },
        status: { operationState: { phase: 'Terminating' } },
      },
    );
  }

  async setSuspended(): Promise<void> {
    throw new ConflictError(
      'Argo CD has no suspend: turn automated sync off in the Application instead',
    );
  }

  private async require(target: PullTarget): Promise<ArgoCdApplication> {
    const found = await this.find(target);
    if (!found.object) {
      throw new ConflictError(found.message);
    }
    return found.object;
  }

  private async find(target: PullTarget) {
    const { engine } = target.environment;
    const namespace = engine.namespace ?? 'argocd';
    const applications = await this.watch.list<ArgoCdApplication>(
      engine.cluster,
      ARGOCD_APPLICATION,
      namespace,
    );
    const template = target.application.engineObjects?.argocdApp;
    return findArgoCdApplication(applications, {
      location: {
        url: target.application.configRepo.url,
        branch: target.application.configRepo.branch,
        overlayPath: target.environment.overlayPath,
      },
      named: template
        ? engineObjectName(template, target.environment.name, namespace)
        : undefined,
      where: `namespace ${namespace} of cluster ${engine.cluster}`,
    });
  }
}
