import { ConflictError } from '@backstage/errors';
import { Operation } from '@slipway/plugin-gitops-common';
import {
  ApplicationEnvironment,
  KubernetesObject,
} from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { OperationRunner } from '../operations/OperationRunner';
import {
  AgentSyncOptions,
  AgentSyncResult,
  agentTargetOf,
  ClusterAgent,
} from './ClusterAgent';
import { DesiredState } from './DesiredState';
import { EngineMetrics } from './EngineMetrics';
import { SyncFailedError } from './SyncFailedError';

/** Options of {@link SyncOperations}. */
export interface SyncOperationsOptions {
  runner: Pick<OperationRunner, 'run'>;
  agent: Pick<ClusterAgent, 'sync'>;
  metrics?: Pick<EngineMetrics, 'recordSync'>;
  /** Told whenever a sync operation is recorded. */
  onOperation?: (operation: Operation) => void;
}

/**
 * Syncs as operations: each one holds the environment's operation lock, is
 * recorded with what it applied, and is counted in the sync metrics.
 */
export class SyncOperations {
  constructor(private readonly options: SyncOperationsOptions) {}

  /**
   * Records and runs one sync; gives the operation and, when the agent
   * knows it, the live state the sync left.
   */
  async run(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    desired: DesiredState,
    options: AgentSyncOptions,
    actor: string,
    reason?: string,
  ): Promise<{ operation: Operation; after?: KubernetesObject[] }> {
    const started = Date.now();
    const target = agentTargetOf(application, environment);
    let after: KubernetesObject[] | undefined;
    try {
      const operation = await this.options.runner.run(
        {
          entityRef: application.entityRef,
          environment: environment.name,
          kind: 'sync',
          actor,
          toVersion: desired.version,
        },
        async () => {
          const result = await this.options.agent.sync(
            target,
            desired.objects,
            options,
          );
          if (result.errors.length > 0) {
            throw new SyncFailedError(result);
          }
          after = result.after;
          return {
            revision: desired.revision,
            message: describeSync(result, reason),
          };
        },
      );
      this.options.metrics?.recordSync(
        environment.name,
        'succeeded',
        Date.now() - started,
      );
      this.options.onOperation?.(operation);
      return { operation, after };
    } catch (error) {
      // A sync the operation lock turned away never ran: it is no failure.
      if (!(error instanceof ConflictError)) {
        this.options.metrics?.recordSync(
          environment.name,
          'failed',
          Date.now() - started,
        );
      }
      throw error;
    }
  }
}

/** A sync's operation message: what it did, and why it ran (pure). */
export function describeSync(result: AgentSyncResult, reason?: string): string {
  const count = (action: string) =>
    result.applied.filter(item => item.action === action).length;
  const pruned = result.pruned.filter(item => item.action === 'deleted').length;
  const parts = [
    `${count('created')} created`,
    `${count('configured')} configured`,
    `${count('unchanged')} unchanged`,
  ];
  if (pruned > 0) {
    parts.push(`${pruned} pruned`);
  }
  const why = reason ? ` (${reason.replace('-', ' ')})` : '';
  return `Synced${why}: ${parts.join(', ')}`;
}
