import { WebhookProvider } from './detectWebhookProvider';

/**
 * A branch push as reported by a Git host's webhook, reduced to what decides
 * which applications to refresh.
 *
 * @public
 */
export interface PushEvent {
  provider: WebhookProvider;
  /** Every clone or web URL the payload gives for the repository. */
  repositoryUrls: string[];
  /** The pushed branch, without `refs/heads/`. */
  branch: string;
  /** The repository's default branch, when the payload says. */
  defaultBranch?: string;
  /** The commit SHA the branch points at after the push. */
  after: string;
  /** Repository-relative paths added, modified or removed by the push. */
  changedPaths: string[];
  /**
   * False when the payload cannot list every changed path (truncated commit
   * list, force push, new branch); the caller must then treat every path as
   * touched.
   */
  complete: boolean;
}
