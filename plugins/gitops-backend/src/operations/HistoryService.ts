import { HistoryEntry, Page } from '@slipway/plugin-gitops-common';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { OperationStore } from '../database/OperationStore';
import { RepositoryCache } from '../git';
import { OPERATION_TRAILER } from './operationCommitMessage';
import { readOverlayVersion } from './overlayVersion';

/**
 * An environment's deployment history: the commits that changed its overlay,
 * newest first, each with the version the overlay declared then and the
 * Slipway operation that made it (joined by the commit's trailer). This is
 * what rollback offers.
 */
export class HistoryService {
  constructor(
    private readonly options: {
      repositories: RepositoryCache;
      operations: OperationStore;
    },
  ) {}

  async list(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
    page: { limit: number; offset: number },
  ): Promise<Page<HistoryEntry>> {
    const { repositories, operations } = this.options;
    const { url, branch } = application.configRepo;
    const head = await repositories.resolveBranch(url, branch);
    // One commit more than asked tells whether a next page exists.
    const commits = await repositories.log(
      url,
      head.revision,
      environment.overlayPath,
      { limit: page.limit + 1, skip: page.offset },
    );
    const shown = commits.slice(0, page.limit);
    const operationIds = shown.flatMap(commit =>
      commit.trailers
        .filter(trailer => trailer.key === OPERATION_TRAILER)
        .map(trailer => trailer.value),
    );
    const recorded = await operations.getMany(operationIds);
    const items = await Promise.all(
      shown.map(async commit => {
        const operationId = commit.trailers.find(
          trailer => trailer.key === OPERATION_TRAILER,
        )?.value;
        const version = await readOverlayVersion(
          await repositories.readTree(url, commit.sha, environment.overlayPath),
          environment.overlayPath,
          application.image,
        ).catch(() => undefined);
        return {
          revision: commit.sha,
          date: commit.date,
          author: commit.author,
          subject: commit.subject,
          version: version?.version,
          operation: operationId ? recorded.get(operationId) : undefined,
        };
      }),
    );
    return {
      items,
      nextOffset:
        commits.length > page.limit ? page.offset + page.limit : undefined,
    };
  }
}
