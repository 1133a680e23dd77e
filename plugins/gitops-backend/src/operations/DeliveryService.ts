import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { Operation, parseVersion } from '@slipway/plugin-gitops-common';
import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { parseEntityRef } from '@backstage/catalog-model';
import { GitOpsApplication, LocationOwnership } from '../applications';
import { StatusStore } from '../database/StatusStore';
import {
  ConfigDiff,
  ConfigRepoWriter,
  RepositoryCache,
  TreeEdit,
} from '../git';
import { ImageVersionUpdate } from '../overlays';
import {
  formatPullRequestBody,
  PullRequestProvider,
  selectPullRequestProvider,
} from '../pullRequests';
import { Actor } from './Actor';
import { OperationRunner } from './OperationRunner';
import { operationCommitMessage } from './operationCommitMessage';
import { pullRequestBranchOf } from './pullRequestBranchOf';
import { readOverlayVersion, writeOverlayVersion } from './overlayVersion';

/** What a dry run would change. */
export interface DryRunResult {
  environment: string;
  fromVersion?: string;
  toVersion?: string;
  diff: ConfigDiff | undefined;
}

/** A deploy, promote or rollback: the recorded operation, or the dry run's diff. */
export type DeliveryResult =
  | { operation: Operation }
  | { dryRun: DryRunResult };

/** Options of {@link DeliveryService}. */
export interface DeliveryServiceOptions {
  repositories: RepositoryCache;
  writer: ConfigRepoWriter;
  runner: OperationRunner;
  statusStore: StatusStore;
  pullRequestProviders: PullRequestProvider[];
  logger: LoggerService;
  /** One owner per config location: a shared location is never written. */
  ownership?: LocationOwnership;
  /** Called after a change lands, e.g. to refresh the application's status at once. */
  onChanged?: (application: GitOpsApplication, operation: Operation) => void;
}

interface VersionChange {
  kind: 'deploy' | 'promote' | 'rollback';
  application: GitOpsApplication;
  environment: ApplicationEnvironment;
  actor: Actor;
  fromVersion?: string;
  toVersion?: string;
  sourceEnvironment?: string;
  targetRevision?: string;
  edit: TreeEdit;
  dryRun?: boolean;
  /** The head the checks above read: the change starts from it. */
  head: string;
}

/**
 * Deploy, promote and rollback as Git changes to the config repository: a
 * commit on the tracked branch, or a branch and a pull request for
 * environments configured with `changes: pull-request`. Input is checked
 * before anything is written; a failed check writes nothing.
 */
export class DeliveryService {
  constructor(private readonly options: DeliveryServiceOptions) {}

  async deploy(
    application: GitOpsApplication,
    request: {
      environment: string;
      version: string;
      expectedVersion?: string;
      dryRun?: boolean;
    },
    actor: Actor,
  ): Promise<DeliveryResult> {
    const environment = findEnvironment(application, request.environment);
    const update = toImageUpdate(request.version, 'version');
    const { head, current } = await this.currentVersion(
      application,
      environment,
    );
    const image = this.imageOf(application, current?.image);
    if (
      request.expectedVersion !== undefined &&
      current?.version !== request.expectedVersion
    ) {
      throw new ConflictError(
        `${environment.name} runs ${
          current?.version ?? 'no version'
        }, not the expected ${request.expectedVersion}; reload and try again`,
      );
    }
    if (current?.version === request.version) {
      throw new ConflictError(
        `${environment.name} already runs ${request.version}`,
      );
    }
    return this.changeVersion({
      kind: 'deploy',
      application,
      environment,
      actor,
      fromVersion: current?.version,
      toVersion: request.version,
      dryRun: request.dryRun,
      head,
      edit: async tree => {
        if (request.expectedVersion !== undefined) {
          // Checked again on the tree being committed: a retry after a lost
          // push race must not overwrite a version someone else just set.
          const now = await readOverlayVersion(
            tree,
            environment.overlayPath,
            image,
          );
          if (now?.version !== request.expectedVersion) {
            throw new ConflictError(
              `${environment.name} changed to ${now?.version} while deploying; reload and try again`,
            );
          }
        }
        await writeOverlayVersion(tree, environment.overlayPath, {
          ...update,
          image,
        } as ImageVersionUpdate);
      },
    });
  }

  async promote(
    application: GitOpsApplication,
    request: { from: string; to: string; dryRun?: boolean },
    actor: Actor,
  ): Promise<DeliveryResult> {
    const source = findEnvironment(application, request.from);
    const target = findEnvironment(application, request.to);
    if (target.promotion?.from !== source.name) {
      const allowed = target.promotion
        ? `${target.name} is promoted from ${target.promotion.from}`
        : `${target.name} is not promoted from any environment`;
      throw new InputError(
        `Cannot promote from ${source.name} to ${target.name}: ${allowed}`,
      );
    }
    if (target.promotion.requireHealthySource) {
      const observed = (
        await this.options.statusStore.getObservations(application.entityRef)
      ).get(source.name);
      if (observed?.syncStatus !== 'Synced' || observed?.health !== 'Healthy') {
        throw new ConflictError(
          `${target.name} only takes versions from a Synced and Healthy ${
            source.name
          }, which is ${observed?.syncStatus ?? 'Unknown'} and ${
            observed?.health ?? 'Unknown'
          }`,
        );
      }
    }
    const { current: sourceVersion } = await this.currentVersion(
      application,
      source,
    );
    if (!sourceVersion?.version) {
      throw new ConflictError(
        `${source.name} pins no version of ${this.imageOf(
          application,
          sourceVersion?.image,
        )} to promote`,
      );
    }
    const image = this.imageOf(application, sourceVersion.image);
    const { head, current } = await this.currentVersion(application, target);
    if (current?.version === sourceVersion.version) {
      throw new ConflictError(
        `${target.name} already runs ${sourceVersion.version}`,
      );
    }
    const update = toImageUpdate(
      sourceVersion.version,
      `${source.name}'s version`,
    );
    return this.changeVersion({
      kind: 'promote',
      application,
      environment: target,
      actor,
      sourceEnvironment: source.name,
      fromVersion: current?.version,
      toVersion: sourceVersion.version,
      dryRun: request.dryRun,
      head,
      edit: tree =>
        writeOverlayVersion(tree, target.overlayPath, {
          ...update,
          image,
        } as ImageVersionUpdate),
    });
  }

  async rollback(
    application: GitOpsApplication,
    request: { environment: string; revision: string; dryRun?: boolean },
    actor: Actor,
  ): Promise<DeliveryResult> {
    const environment = findEnvironment(application, request.environment);
    if (!/^[0-9a-f]{7,64}$/.test(request.revision)) {
      throw new InputError(
        `revision "${request.revision}" is not a commit SHA (7 to 64 lowercase hex characters)`,
      );
    }
    const { repositories } = this.options;
    const { url, branch } = application.configRepo;
    const head = await repositories.resolveBranch(url, branch);
    const history = await repositories.log(
      url,
      head.revision,
      environment.overlayPath,
      { limit: 1000 },
    );
    const target = history.find(commit =>
      commit.sha.startsWith(request.revision),
    );
    if (!target) {
      throw new InputError(
        `${request.revision} is not a revision at which ${environment.name}'s overlay (${environment.overlayPath}) changed on ${head.branch}`,
      );
    }
    if (target.sha === history[0]?.sha) {
      throw new ConflictError(
        `${environment.name} is already as it was at ${target.sha.slice(0, 7)}`,
      );
    }
    const [then, now] = await Promise.all([
      readOverlayVersion(
        await repositories.readTree(url, target.sha, environment.overlayPath),
        environment.overlayPath,
        application.image,
      ),
      readOverlayVersion(
        await repositories.readTree(
          url,
          head.revision,
          environment.overlayPath,
        ),
        environment.overlayPath,
        application.image,
      ),
    ]);
    return this.changeVersion({
      kind: 'rollback',
      application,
      environment,
      actor,
      fromVersion: now?.version,
      toVersion: then?.version,
      targetRevision: target.sha,
      dryRun: request.dryRun,
      head: head.revision,
      edit: tree => tree.restore(environment.overlayPath, target.sha),
    });
  }

  private async changeVersion(change: VersionChange): Promise<DeliveryResult> {
    const { writer } = this.options;
    const { application, environment, actor } = change;
    const { url, branch } = application.configRepo;
    const author = { name: actor.name, email: actor.email };
    await this.options.ownership?.assertSoleOwner(application);

    if (change.dryRun) {
      const preview = operationCommitMessage({
        ...change,
        application: applicationName(application),
        entityRef: application.entityRef,
        environment: environment.name,
        operationId: 'dry-run',
      });
      const result = await writer.commit({
        url,
        branch,
        author,
        message: preview.message,
        edit: change.edit,
        dryRun: true,
        knownHead: change.head,
      });
      return {
        dryRun: {
          environment: environment.name,
          fromVersion: change.fromVersion,
          toVersion: change.toVersion,
          diff: result.status === 'dry-run' ? result.diff : undefined,
        },
      };
    }

    const provider =
      environment.changes === 'pull-request'
        ? selectPullRequestProvider(this.options.pullRequestProviders, url)
        : undefined;

    const operation = await this.options.runner.run(
      {
        entityRef: application.entityRef,
        environment: environment.name,
        kind: change.kind,
        actor: actor.entityRef,
        sourceEnvironment: change.sourceEnvironment,
        fromVersion: change.fromVersion,
        toVersion: change.toVersion,
        targetRevision: change.targetRevision,
      },
      async recorded => {
        const { message, trailers } = operationCommitMessage({
          ...change,
          application: applicationName(application),
          entityRef: application.entityRef,
          environment: environment.name,
          operationId: recorded.id,
        });
        if (provider) {
          const newBranch = pullRequestBranchOf(recorded);
          const pushed = await writer.commitToNewBranch({
            url,
            branch,
            newBranch,
            author,
            message,
            trailers,
            edit: change.edit,
            knownHead: change.head,
          });
          if (pushed.status !== 'committed') {
            throw new ConflictError(
              `${environment.name}'s overlay already has this content; nothing to propose`,
            );
          }
          const pullRequest = await provider.openPullRequest({
            repoUrl: url,
            sourceBranch: newBranch,
            targetBranch: branch ?? (await this.defaultBranch(url)),
            title: message.split('\n')[0],
            body: formatPullRequestBody({
              application: applicationName(application),
              environment: environment.name,
              fromVersion: change.fromVersion,
              toVersion: change.toVersion ?? 'none',
              actor: actor.entityRef,
              operationId: recorded.id,
            }),
          });
          return {
            revision: pushed.commit,
            branch: newBranch,
            pullRequestUrl: pullRequest.url,
            message: `Pull request #${pullRequest.number} opened`,
          };
        }
        const committed = await writer.commit({
          url,
          branch,
          author,
          message,
          trailers,
          edit: change.edit,
          knownHead: change.head,
        });
        if (committed.status !== 'committed') {
          throw new ConflictError(
            `${environment.name}'s overlay already has this content; nothing to commit`,
          );
        }
        return {
          revision: committed.commit,
          branch: committed.branch,
          message: `Committed ${committed.commit.slice(0, 7)} to ${
            committed.branch
          }`,
        };
      },
    );
    this.options.onChanged?.(application, operation);
    return { operation };
  }

  private async currentVersion(
    application: GitOpsApplication,
    environment: ApplicationEnvironment,
  ) {
    const { repositories } = this.options;
    const { url, branch } = application.configRepo;
    const head = await repositories.resolveBranch(url, branch);
    const snapshot = await repositories.readTree(
      url,
      head.revision,
      environment.overlayPath,
    );
    return {
      head: head.revision,
      current: await readOverlayVersion(
        snapshot,
        environment.overlayPath,
        application.image,
      ),
    };
  }

  private imageOf(application: GitOpsApplication, found?: string): string {
    const image = application.image ?? found;
    if (!image) {
      throw new InputError(
        `Cannot tell which image is ${application.entityRef}'s version: add the slipway.dev/image annotation`,
      );
    }
    return image;
  }

  private async defaultBranch(url: string): Promise<string> {
    return (await this.options.repositories.resolveBranch(url)).branch;
  }
}

function findEnvironment(
  application: GitOpsApplication,
  name: string,
): ApplicationEnvironment {
  const environment = application.environments.find(env => env.name === name);
  if (!environment) {
    throw new InputError(
      `${
        application.entityRef
      } has no environment "${name}"; its pipeline is ${application.environments
        .map(env => env.name)
        .join(' → ')}`,
    );
  }
  return environment;
}

function toImageUpdate(
  version: string,
  what: string,
): { tag: string } | { digest: string } {
  const parsed = parseVersion(version);
  if (parsed.kind === 'invalid') {
    throw new InputError(`${what} ${parsed.problem}`);
  }
  return parsed.kind === 'tag'
    ? { tag: parsed.tag }
    : { digest: parsed.digest };
}

function applicationName(application: GitOpsApplication): string {
  return parseEntityRef(application.entityRef).name;
}
