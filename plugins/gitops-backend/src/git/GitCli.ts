import { LoggerService } from '@backstage/backend-plugin-api';
import { spawn } from 'node:child_process';
import { classifyGitFailure, GitFailureKind } from './classifyGitFailure';
import { discoverRefsOverHttp } from './discoverRefsOverHttp';
import { parseLsRemote } from './parseLsRemote';
import { RemoteRefs } from './parseRefAdvertisement';
import { unreachableCause, withoutRemoteText } from './withoutRemoteText';
import { GitCommandError } from './GitCommandError';
import { RepositoryUrlPolicy } from './RepositoryUrlPolicy';
import {
  credentialSecrets,
  credentialsToHeaders,
  GitCredentials,
  GitCredentialsProvider,
} from './GitCredentialsProvider';
import { parseRepositoryUrl } from './parseRepositoryUrl';
import { redactSecrets } from './redactSecrets';

/**
 * How to run one git command.
 *
 * @public
 */
export interface GitRunOptions {
  /** Working directory of the process. */
  cwd?: string;
  /** Passed as `--git-dir`. */
  gitDir?: string;
  /** Passed as `--work-tree`. */
  workTree?: string;
  /** A private index (GIT_INDEX_FILE), so edits never touch a shared one. */
  indexFile?: string;
  /**
   * The repository URL this command talks to. Its credentials are looked up
   * and handed to git as an HTTP header through the environment; failures are
   * classified (authentication, unreachable, …) and name this URL.
   */
  remote?: string;
  /** Written to the process's stdin. */
  input?: string | Buffer;
  /** Extra environment, e.g. author identity. */
  env?: Record<string, string>;
  /** Configuration passed through GIT_CONFIG_* (never on the command line). */
  config?: Record<string, string>;
  /** Exit codes that are not failures, e.g. 1 for `rev-parse --verify -q`. */
  allowedExitCodes?: number[];
  timeoutMs?: number;
  /** Most bytes of stdout kept before the command is stopped. */
  maxOutputBytes?: number;
}

/**
 * What a git command produced.
 *
 * @public
 */
export interface GitRunResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
}

/**
 * Options of {@link GitCli}.
 *
 * @public
 */
export interface GitCliOptions {
  credentials?: GitCredentialsProvider;
  logger?: LoggerService;
  /** The git executable, `git` from PATH by default. */
  binary?: string;
  /** Default timeout of a command (120 s). */
  timeoutMs?: number;
  /** Default stdout limit (256 MiB). */
  maxOutputBytes?: number;
  /** Which repositories may be reached; every remote command is checked. */
  urlPolicy?: RepositoryUrlPolicy;
  /**
   * Ask HTTP(S) remotes for their refs in process (true) rather than with a
   * `git ls-remote` process per call. On by default; off by itself where
   * the environment names a proxy.
   */
  refsOverHttp?: boolean;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_MAX_OUTPUT = 256 * 1024 * 1024;
const MAX_STDERR = 64 * 1024;
const SHOWN_ARGS_LENGTH = 300;

/** Inherited variables that would point git at another repository or config. */
const INHERITED_GIT_VARIABLES = new Set([
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_EXEC_PATH',
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_NOSYSTEM',
]);

/**
 * Runs the `git` CLI: never through a shell, arguments as an array, no
 * terminal prompts, a timeout and bounded output. Credentials travel as an
 * `http.<origin>.extraHeader` in GIT_CONFIG_* environment variables, so they
 * stay out of URLs, argv (`ps`), `.git/config`, logs and error messages.
 *
 * @public
 */
export class GitCli {
  private readonly credentials?: GitCredentialsProvider;
  private readonly logger?: LoggerService;
  private readonly binary: string;
  private readonly timeoutMs: number;
  private readonly maxOutputBytes: number;
  private readonly urlPolicy?: RepositoryUrlPolicy;
  private readonly refsOverHttp: boolean;
  /** Origins where asking in process failed and git succeeded. */
  private readonly gitOnlyOrigins = new Set<string>();
  /** Origins that answered a protocol v2 `ls-refs`. */
  private readonly v2Origins = new Set<string>();

  constructor(options: GitCliOptions = {}) {
    this.urlPolicy = options.urlPolicy;
    this.refsOverHttp =
      (options.refsOverHttp ?? true) && !gitHasOwnTransportSettings();
    this.credentials = options.credentials;
    this.logger = options.logger;
    this.binary = options.binary ?? 'git';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  }

  /** Runs git and returns stdout as text; throws {@link GitCommandError}. */
  async text(args: string[], options: GitRunOptions = {}): Promise<string> {
    const result = await this.run(args, options);
    return result.stdout.toString('utf8');
  }

  /**
   * The refs among `names` (exact names, `HEAD` included) that a remote
   * has, and where its symbolic refs point: what `git ls-remote --symref`
   * says. HTTP(S) remotes are asked in process over kept-alive connections,
   * which spares a pass over many repositories a process and a TLS handshake
   * per repository; git asks instead wherever that is not certain to give
   * git's answer (a dumb server, a redirect, no answer at all, or a refusal
   * when no credentials are configured and git may have a helper of its own).
   */
  async listRemoteRefs(remote: string, names: string[]): Promise<RemoteRefs> {
    const parsed = parseRepositoryUrl(remote);
    this.urlPolicy?.check(parsed.url);
    const origin = parsed.httpOrigin;
    if (this.refsOverHttp && origin && !this.gitOnlyOrigins.has(origin)) {
      const credentials = await this.lookupCredentials(
        parsed.url,
        parsed.embeddedCredentials,
      );
      const discovered = await discoverRefsOverHttp({
        url: parsed.url,
        headers: credentials ? headersOf(credentials, parsed.url) : {},
        prefixes: names,
        timeoutMs: this.timeoutMs,
        speaksV2: this.v2Origins.has(origin),
      });
      const shown = `git ls-remote -- ${parsed.url}`;
      switch (discovered.outcome) {
        case 'refs':
          if (discovered.protocol === 2) {
            this.v2Origins.add(origin);
          }
          return onlyNamed(discovered.refs, names);
        case 'denied':
          if (credentials) {
            throw failure(
              shown,
              128,
              `the server answered HTTP ${discovered.status}`,
              parsed.url,
              'authentication',
            );
          }
          break;
        case 'not-found':
          if (credentials) {
            throw failure(
              shown,
              128,
              'the server answered HTTP 404',
              parsed.url,
              'not-found',
            );
          }
          break;
        default: {
          const refs = await this.lsRemoteWithGit(remote, parsed.url, names);
          this.gitOnlyOrigins.add(origin);
          this.logger?.info(
            `Asking ${origin} for refs with git from now on: in process, ${discovered.reason}`,
          );
          return refs;
        }
      }
    }
    return this.lsRemoteWithGit(remote, parsed.url, names);
  }

  private async lsRemoteWithGit(
    remote: string,
    url: string,
    names: string[],
  ): Promise<RemoteRefs> {
    const output = await this.text(
      ['ls-remote', '--symref', '--', url, ...names],
      {
        remote,
      },
    );
    return onlyNamed(parseLsRemote(output), names);
  }

  /** Runs git; throws {@link GitCommandError} on a disallowed exit code. */
  async run(
    args: string[],
    options: GitRunOptions = {},
  ): Promise<GitRunResult> {
    const remote = options.remote
      ? parseRepositoryUrl(options.remote)
      : undefined;
    if (remote) {
      this.urlPolicy?.check(remote.url);
    }
    const credentials = remote
      ? await this.lookupCredentials(remote.url, remote.embeddedCredentials)
      : undefined;
    const secrets = credentials ? credentialSecrets(credentials) : [];

    const config: Record<string, string | string[]> = {
      // Background gc would run git in our directories after we return.
      'gc.autoDetach': 'false',
      'maintenance.autoDetach': 'false',
      ...options.config,
    };
    if (credentials && remote?.httpOrigin) {
      config[`http.${remote.httpOrigin}.extraHeader`] = Object.entries(
        headersOf(credentials, remote.url),
      ).map(([name, value]) => `${name}: ${value}`);
      // Our header is the only source of credentials: no stored helper may
      // answer instead, so a wrong password fails the same way everywhere.
      config['credential.helper'] = '';
    }

    const fullArgs = [
      ...(options.gitDir ? [`--git-dir=${options.gitDir}`] : []),
      ...(options.workTree ? [`--work-tree=${options.workTree}`] : []),
      ...args,
    ];
    const shown = describeCommand(args, secrets);
    const env = buildEnvironment(config, {
      ...options.env,
      ...(options.indexFile ? { GIT_INDEX_FILE: options.indexFile } : {}),
    });

    const started = Date.now();
    const outcome = await this.spawnGit(fullArgs, env, options);
    this.logger?.debug(`${shown} exited ${outcome.exitCode ?? 'on timeout'}`, {
      durationMs: Date.now() - started,
    });

    const stderr = redactSecrets(outcome.stderr, secrets).trim();
    const url = remote?.url;
    if (outcome.timedOut) {
      throw new GitCommandError({
        message: `${shown} timed out after ${Math.round(
          (options.timeoutMs ?? this.timeoutMs) / 1000,
        )}s${url ? ` talking to ${url}` : ''}`,
        kind: 'timeout',
        command: shown,
        url,
        stderr,
      });
    }
    if (outcome.outputLimited) {
      throw new GitCommandError({
        message: `${shown} produced more than ${
          options.maxOutputBytes ?? this.maxOutputBytes
        } bytes of output`,
        kind: 'output-limit',
        command: shown,
        url,
        stderr,
      });
    }
    const exitCode = outcome.exitCode ?? -1;
    if (exitCode !== 0 && !options.allowedExitCodes?.includes(exitCode)) {
      throw failure(shown, exitCode, stderr, url);
    }
    return { stdout: outcome.stdout, stderr, exitCode };
  }

  private async lookupCredentials(
    url: string,
    embedded: GitCredentials | undefined,
  ): Promise<GitCredentials | undefined> {
    return (await this.credentials?.getCredentials(url)) ?? embedded;
  }

  private spawnGit(
    args: string[],
    env: NodeJS.ProcessEnv,
    options: GitRunOptions,
  ): Promise<{
    stdout: Buffer;
    stderr: string;
    exitCode: number | null;
    timedOut: boolean;
    outputLimited: boolean;
  }> {
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const maxOutput = options.maxOutputBytes ?? this.maxOutputBytes;
    return new Promise((resolve, reject) => {
      // A process group of its own, so a timeout also ends the helpers git
      // starts (git-remote-https, upload-pack) and nothing else.
      const child = spawn(this.binary, args, {
        cwd: options.cwd,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        windowsHide: true,
      });
      const chunks: Buffer[] = [];
      let outputBytes = 0;
      let stderr = '';
      let timedOut = false;
      let outputLimited = false;

      const stop = () => {
        try {
          if (child.pid !== undefined) {
            process.kill(-child.pid, 'SIGKILL');
          }
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stop();
      }, timeoutMs);

      child.stdout.on('data', (chunk: Buffer) => {
        if (outputLimited) {
          return;
        }
        outputBytes += chunk.length;
        if (outputBytes > maxOutput) {
          outputLimited = true;
          stop();
          return;
        }
        chunks.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString('utf8')).slice(-MAX_STDERR);
      });
      child.on('error', error => {
        clearTimeout(timer);
        reject(
          new GitCommandError({
            message: `Could not start git (${this.binary}): ${error.message}`,
            kind: 'failed',
            command: this.binary,
            stderr: '',
          }),
        );
      });
      child.on('close', exitCode => {
        clearTimeout(timer);
        resolve({
          stdout: Buffer.concat(chunks),
          stderr,
          exitCode,
          timedOut,
          outputLimited,
        });
      });
      // git may exit before reading all input (e.g. on a bad object name).
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    });
  }
}

/** Credential headers, refused when a line break could inject another. */
function headersOf(
  credentials: GitCredentials,
  url: string,
): Record<string, string> {
  const headers = credentialsToHeaders(credentials);
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n]/.test(name) || /[\r\n]/.test(value)) {
      throw new GitCommandError({
        message: `The credentials for ${url} contain a line break`,
        kind: 'authentication',
        command: 'git',
        url,
        stderr: '',
      });
    }
  }
  return headers;
}

/** Only the exact names asked for: ls-remote patterns also match suffixes. */
function onlyNamed(found: RemoteRefs, names: string[]): RemoteRefs {
  const wanted = new Set(names);
  const refs: RemoteRefs = { refs: new Map(), symrefs: new Map() };
  for (const [name, id] of found.refs) {
    if (wanted.has(name)) refs.refs.set(name, id);
  }
  for (const [name, target] of found.symrefs) {
    if (wanted.has(name)) refs.symrefs.set(name, target);
  }
  return refs;
}

/**
 * A proxy named in the environment is git's way out: a request made in
 * process would go around it, which a network policy may forbid, so git
 * asks. (TLS settings need no such care: a certificate Node does not trust
 * fails the request, and git then asks with its own.)
 */
function gitHasOwnTransportSettings(): boolean {
  return [
    'http_proxy',
    'https_proxy',
    'all_proxy',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'ALL_PROXY',
  ].some(name => Boolean(process.env[name]));
}

/**
 * What git inherits from the backend's environment: everything but the
 * GIT_* variables that would point it at another repository or config.
 * Read once: the environment does not change, and a pass over a thousand
 * repositories would copy it a few thousand times.
 */
let inheritedEnvironment: NodeJS.ProcessEnv | undefined;

function inherited(): NodeJS.ProcessEnv {
  if (!inheritedEnvironment) {
    const env: NodeJS.ProcessEnv = {};
    for (const [name, value] of Object.entries(process.env)) {
      if (!name.startsWith('GIT_') || INHERITED_GIT_VARIABLES.has(name)) {
        env[name] = value;
      }
    }
    delete env.SSH_ASKPASS;
    env.GIT_TERMINAL_PROMPT = '0';
    env.GIT_LITERAL_PATHSPECS = '1';
    env.GCM_INTERACTIVE = 'never';
    env.LC_ALL = 'C';
    inheritedEnvironment = env;
  }
  return inheritedEnvironment;
}

function buildEnvironment(
  config: Record<string, string | string[]>,
  extra: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...inherited() };
  let index = 0;
  for (const [key, values] of Object.entries(config)) {
    for (const value of Array.isArray(values) ? values : [values]) {
      env[`GIT_CONFIG_KEY_${index}`] = key;
      env[`GIT_CONFIG_VALUE_${index}`] = value;
      index += 1;
    }
  }
  env.GIT_CONFIG_COUNT = String(index);
  return { ...env, ...extra };
}

function describeCommand(args: string[], secrets: string[]): string {
  const joined = redactSecrets(['git', ...args].join(' '), secrets);
  return joined.length > SHOWN_ARGS_LENGTH
    ? `${joined.slice(0, SHOWN_ARGS_LENGTH)}…`
    : joined;
}

function failure(
  command: string,
  exitCode: number,
  stderr: string,
  url: string | undefined,
  knownKind?: GitFailureKind,
): GitCommandError {
  const kind = knownKind ?? (url ? classifyGitFailure(stderr) : 'failed');
  // The remote's own words never reach the message: they may carry the
  // reply of whatever server the URL pointed at.
  let message: string;
  switch (kind) {
    case 'authentication':
      message = `Git authentication failed for ${url}: the host refused the configured credentials (or none are configured for it)`;
      break;
    case 'not-found':
      message = `Git repository ${url} was not found, or the configured credentials cannot see it`;
      break;
    case 'unreachable': {
      const cause = unreachableCause(stderr);
      message = `Cannot reach Git repository ${url}${
        cause ? `: ${cause}` : ''
      }`;
      break;
    }
    default: {
      const detail = url ? withoutRemoteText(stderr) : stderr;
      message = `${command} failed with exit code ${exitCode}${
        detail ? `: ${detail}` : ''
      }`;
    }
  }
  return new GitCommandError({ message, kind, command, url, exitCode, stderr });
}
