import { CustomErrorBase } from '@backstage/errors';
import { GitFailureKind } from './classifyGitFailure';

/**
 * A git command failed. The message names the command and the repository
 * (never with credentials) and carries git's own stderr, scrubbed.
 *
 * @public
 */
export class GitCommandError extends CustomErrorBase {
  name = 'GitCommandError' as const;
  /** Why it failed, so callers can map it (e.g. authentication → 401/403). */
  readonly kind: GitFailureKind;
  /** The git command line, without credentials, e.g. `git fetch --prune …`. */
  readonly command: string;
  /** The repository URL the command talked to, without credentials. */
  readonly url?: string;
  readonly exitCode?: number;
  /** git's stderr (tail), with every known secret removed. */
  readonly stderr: string;

  constructor(options: {
    message: string;
    kind: GitFailureKind;
    command: string;
    url?: string;
    exitCode?: number;
    stderr: string;
  }) {
    super(options.message);
    this.kind = options.kind;
    this.command = options.command;
    this.url = options.url;
    this.exitCode = options.exitCode;
    this.stderr = options.stderr;
  }
}
