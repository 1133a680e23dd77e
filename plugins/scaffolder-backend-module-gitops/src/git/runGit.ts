import { execFile } from 'node:child_process';

/** How one git command runs. */
export interface RunGitOptions {
  /** Working directory of the process. */
  cwd: string;
  /** Extra environment, e.g. the commit author. */
  env?: Record<string, string>;
}

const TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

/**
 * Runs the git CLI with an argument array (never a shell, so names from a
 * template cannot inject commands) and returns its trimmed stdout. A failure
 * carries git's own stderr, which names what went wrong.
 */
export function runGit(
  args: string[],
  options: RunGitOptions,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        env: {
          ...process.env,
          // A template run must never wait for a terminal prompt or pick up
          // the machine user's global identity and hooks.
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
          ...options.env,
        },
        timeout: TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT_BYTES,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = String(stderr).trim() || error.message;
          reject(new Error(`git ${args[0]} failed: ${detail}`));
          return;
        }
        resolve(String(stdout).trim());
      },
    );
  });
}
