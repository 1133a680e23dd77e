import { execFile } from 'node:child_process';

/** The identity of commits the demo's merge button makes. */
export const DEMO_MERGER = {
  name: 'Slipway Demo',
  email: 'demo@slipway.dev',
};

/** A git command that exited non-zero; `exitCode` lets callers tell "conflict" from "broken". */
export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly stdout: string,
  ) {
    super(`git ${args[0]} failed: ${stderr.trim() || `exit ${exitCode}`}`);
    this.name = 'GitCommandError';
  }
}

/**
 * Runs git on a bare repository and returns its stdout. Arguments go to git
 * as an array (no shell), so branch names from stored pull requests cannot
 * be read as anything but arguments; inherited GIT_* variables are dropped so
 * the caller's environment cannot point git at another repository.
 */
export function runGit(
  repository: string,
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      args,
      {
        cwd: repository,
        env: {
          ...withoutGitVariables(process.env),
          GIT_DIR: repository,
          GIT_TERMINAL_PROMPT: '0',
          GIT_COMMITTER_NAME: DEMO_MERGER.name,
          GIT_COMMITTER_EMAIL: DEMO_MERGER.email,
          ...options.env,
        },
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const code = typeof error.code === 'number' ? error.code : undefined;
          reject(new GitCommandError(args, code, stderr, stdout));
        } else {
          resolve(stdout);
        }
      },
    );
    // git may exit without reading its input (e.g. on an error); its exit
    // status reports that, so a closed pipe is not a second failure.
    child.stdin?.on('error', () => undefined);
    if (options.input === undefined) {
      child.stdin?.end();
    } else {
      child.stdin?.end(options.input);
    }
  });
}

function withoutGitVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('GIT_')),
  );
}
