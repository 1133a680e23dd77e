import { LoggerService } from '@backstage/backend-plugin-api';
import { Operation } from '@slipway/plugin-gitops-common';
import { GitOpsApplication } from '../applications';
import { LockStore } from '../database/LockStore';
import { OperationStore, OperationUpdate } from '../database/OperationStore';
import { RepositoryCache } from '../git';
import { OPERATION_TRAILER } from './operationCommitMessage';
import { pullRequestBranchOf } from './pullRequestBranchOf';

/** Options of {@link AbandonedOperationRecovery}. */
export interface AbandonedOperationRecoveryOptions {
  operations: OperationStore;
  locks: LockStore;
  repositories: RepositoryCache;
  /** The application an operation changed, to know its config repository. */
  applicationOf: (entityRef: string) => Promise<GitOpsApplication>;
  logger: LoggerService;
  /** Locks whose heartbeat is older than this are abandoned. */
  staleBefore: () => Date;
  /**
   * While Git cannot be asked, an abandoned operation stays open this long
   * (15 min), so a Git outage does not record a landed commit as failed.
   */
  gitGraceMs?: number;
  now?: () => Date;
}

/** What one recovery run did. */
export interface RecoverySummary {
  /** Operations whose commit had landed: recorded as succeeded. */
  recovered: number;
  failed: number;
  /** Left open because Git could not be asked; tried again next run. */
  deferred: number;
}

const STOPPED =
  'The backend stopped while this operation ran, before it wrote to the config repository';

/**
 * Settles the operations whose backend died while they ran (their lock went
 * stale), so nothing stays "running" and nothing waits for them: a deploy,
 * promote or rollback whose commit landed — found by its
 * `Slipway-Operation` trailer — is recorded as succeeded with that
 * revision; everything else as failed with the reason; and their locks are
 * released. Run at start-up and periodically.
 */
export class AbandonedOperationRecovery {
  private readonly gitGraceMs: number;
  private readonly now: () => Date;

  constructor(private readonly options: AbandonedOperationRecoveryOptions) {
    this.gitGraceMs = options.gitGraceMs ?? 15 * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  async run(): Promise<RecoverySummary> {
    const { operations, locks } = this.options;
    const summary: RecoverySummary = { recovered: 0, failed: 0, deferred: 0 };
    const abandoned = await operations.listAbandoned(
      this.options.staleBefore(),
    );
    const settled: string[] = [];
    for (const operation of abandoned) {
      const outcome = await this.outcomeOf(operation);
      if (!outcome) {
        summary.deferred++;
        continue;
      }
      if (await operations.settleAbandoned(operation.id, outcome)) {
        summary[outcome.state === 'succeeded' ? 'recovered' : 'failed']++;
      }
      settled.push(operation.id);
    }
    await locks.releaseAll(settled);
    return summary;
  }

  /** How the operation ended, or undefined when Git cannot tell yet. */
  private async outcomeOf(
    operation: Operation,
  ): Promise<
    (OperationUpdate & { state: 'succeeded' | 'failed' }) | undefined
  > {
    if (operation.kind === 'sync') {
      return {
        state: 'failed',
        message:
          'The backend stopped while this sync ran; the next pass compares the cluster again',
      };
    }
    try {
      const landed = await this.findLanded(operation);
      if (landed?.pullRequestBranch) {
        return {
          state: 'failed',
          revision: landed.sha,
          branch: landed.branch,
          message: `The backend stopped after pushing ${landed.branch}, before recording its pull request; open one from that branch or delete it`,
        };
      }
      if (landed) {
        return {
          state: 'succeeded',
          revision: landed.sha,
          branch: landed.branch,
          message: `Committed ${landed.sha.slice(0, 7)} to ${
            landed.branch
          }; the backend stopped before recording it, and found the commit by its ${OPERATION_TRAILER} trailer`,
        };
      }
      return { state: 'failed', message: STOPPED };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const age = this.now().getTime() - Date.parse(operation.createdAt);
      if (age < this.gitGraceMs) {
        this.options.logger.warn(
          `Cannot yet tell whether abandoned operation ${operation.id} landed: ${reason}`,
        );
        return undefined;
      }
      return {
        state: 'failed',
        message: `The backend stopped while this operation ran, and whether its commit landed could not be checked: ${reason}`,
      };
    }
  }

  /** The commit the operation wrote, on the tracked branch or its pull-request branch. */
  private async findLanded(operation: Operation) {
    const { repositories } = this.options;
    const application = await this.options.applicationOf(operation.entityRef);
    const { url, branch } = application.configRepo;
    await repositories.fetch(url);
    const head = await repositories.resolveBranch(url, branch);
    const candidates = [{ branch: head.branch, pullRequestBranch: false }];
    const proposed = pullRequestBranchOf(operation);
    if (await repositories.localBranch(url, proposed)) {
      candidates.push({ branch: proposed, pullRequestBranch: true });
    }
    for (const candidate of candidates) {
      const commits = await repositories.log(url, candidate.branch, '', {
        grep: `${OPERATION_TRAILER}: ${operation.id}`,
        limit: 5,
      });
      const commit = commits.find(found =>
        found.trailers.some(
          trailer =>
            trailer.key === OPERATION_TRAILER && trailer.value === operation.id,
        ),
      );
      if (commit) {
        return { sha: commit.sha, ...candidate };
      }
    }
    return undefined;
  }
}
