/**
 * Why a git command that talked to a remote failed, as far as git's stderr
 * tells.
 *
 * @public
 */
export type GitFailureKind =
  | 'authentication'
  | 'not-found'
  | 'unreachable'
  | 'timeout'
  | 'output-limit'
  | 'rejected'
  | 'failed';

const AUTHENTICATION = [
  /authentication failed/i,
  /could not read (username|password)/i,
  /terminal prompts disabled/i,
  /HTTP Basic: Access denied/i,
  /returned error: 40[13]\b/i,
  /Invalid username or password/i,
  /Permission denied \(publickey/i,
];

const NOT_FOUND = [
  /repository .*not found/i,
  /does not appear to be a git repository/i,
  /returned error: 404\b/i,
  /no such repository/i,
];

const UNREACHABLE = [
  /could not resolve host/i,
  /failed to connect/i,
  /connection refused/i,
  /connection timed out/i,
  /couldn't connect to server/i,
  /network is unreachable/i,
  /could not read from remote repository/i,
  /unable to access/i,
  /SSL certificate problem/i,
  /returned error: 5\d\d\b/i,
];

/**
 * Classifies the stderr of a failed git command that talked to a remote.
 * Authentication is checked first because git's "unable to access" wraps
 * HTTP 401/403 too.
 */
export function classifyGitFailure(stderr: string): GitFailureKind {
  if (AUTHENTICATION.some(pattern => pattern.test(stderr))) {
    return 'authentication';
  }
  if (NOT_FOUND.some(pattern => pattern.test(stderr))) {
    return 'not-found';
  }
  if (UNREACHABLE.some(pattern => pattern.test(stderr))) {
    return 'unreachable';
  }
  return 'failed';
}
