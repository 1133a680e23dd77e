import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  KubernetesObject,
  ManifestRenderer,
  RenderError,
  RenderRequest,
} from '@slipway/plugin-gitops-node';
import { hasKustomization } from './KustomizeRenderer';
import { materializeSnapshot } from './materializeSnapshot';
import { parseManifests } from './parseManifests';
import { RenderLimits, resolveRenderLimits } from './renderLimits';
import { canonicalRepositoryPath } from '@slipway/plugin-gitops-common';

/** @public */
export interface ExternalCommandRendererOptions {
  /** Name shown in errors and status, e.g. `kustomize-binary`. */
  name: string;
  /** The executable to run (no shell is involved). */
  command: string;
  /**
   * Its arguments; `{path}` is replaced by the folder to render inside the
   * materialized copy of the repository (the process runs in the copy's root).
   */
  args: string[];
  /** Which folders it renders; default: folders with a kustomization file. */
  supports?: (request: RenderRequest) => Promise<boolean>;
  /** Default 60 seconds. */
  timeoutMs?: number;
  /** Extra environment variables; the process otherwise sees only PATH and a temporary HOME. */
  env?: Record<string, string>;
  limits?: Partial<RenderLimits>;
}

const maxErrorChars = 2000;

/**
 * Renders by running a configured binary (`kustomize build`, `helm template`
 * …) on a copy of the snapshot written to a temporary folder, with a timeout
 * and a bound on its output.
 *
 * @public
 */
export class ExternalCommandRenderer implements ManifestRenderer {
  readonly name: string;
  readonly #options: ExternalCommandRendererOptions;
  readonly #limits: RenderLimits;

  /** `kustomize build <folder>` with the given binary. */
  static kustomize(
    command: string,
    options: Partial<ExternalCommandRendererOptions> = {},
  ) {
    return new ExternalCommandRenderer({
      name: 'kustomize-binary',
      command,
      args: ['build', '{path}'],
      ...options,
    });
  }

  /** `helm template <release> <folder>` for folders holding a Chart.yaml. */
  static helm(
    command: string,
    options: Partial<ExternalCommandRendererOptions> & {
      releaseName?: string;
    } = {},
  ) {
    const { releaseName = 'release', ...rest } = options;
    return new ExternalCommandRenderer({
      name: 'helm',
      command,
      args: ['template', releaseName, '{path}'],
      supports: async request => {
        const root = canonicalRepositoryPath(request.path);
        return (
          !!root &&
          (
            await request.snapshot.stat(
              `${root === '.' ? '' : `${root}/`}Chart.yaml`,
            )
          )?.type === 'file'
        );
      },
      ...rest,
    });
  }

  constructor(options: ExternalCommandRendererOptions) {
    this.name = options.name;
    this.#options = options;
    this.#limits = resolveRenderLimits(options.limits);
  }

  async supports(request: RenderRequest): Promise<boolean> {
    return (this.#options.supports ?? hasKustomization)(request);
  }

  async render(request: RenderRequest): Promise<KubernetesObject[]> {
    const root = canonicalRepositoryPath(request.path);
    if (!root) {
      throw new RenderError('path is outside the repository', {
        file: request.path,
      });
    }
    const workspace = await fs.mkdtemp(join(tmpdir(), 'slipway-render-'));
    try {
      const repository = join(workspace, 'repo');
      const home = join(workspace, 'home');
      await fs.mkdir(repository);
      await fs.mkdir(home);
      await materializeSnapshot(request.snapshot, repository, this.#limits);
      const folder =
        root === '.' ? repository : join(repository, ...root.split('/'));
      const args = this.#options.args.map(arg =>
        arg.split('{path}').join(folder),
      );
      const output = await this.#run(args, repository, home, root);
      return parseManifests(output, `${this.name} output for ${root}`, {
        maxAliasCount: this.#limits.maxAliasCount,
      }).map(manifest => manifest.object);
    } finally {
      await fs.rm(workspace, { recursive: true, force: true });
    }
  }

  #run(
    args: string[],
    cwd: string,
    home: string,
    root: string,
  ): Promise<string> {
    const timeoutMs = this.#options.timeoutMs ?? 60_000;
    const maxOutput = this.#limits.maxOutputBytes;
    return new Promise((resolve, reject) => {
      const child = spawn(this.#options.command, args, {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: home, ...this.#options.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const stdout: Buffer[] = [];
      let stdoutBytes = 0;
      let stderr = '';
      let failure: RenderError | undefined;
      const stop = (error: RenderError) => {
        failure ??= error;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () =>
          stop(
            new RenderError(
              `${this.name} did not finish within ${timeoutMs} ms`,
              { file: root },
            ),
          ),
        timeoutMs,
      );
      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxOutput) {
          stop(
            new RenderError(
              `${this.name} printed more than ${maxOutput} bytes (limit maxOutputBytes)`,
              { file: root },
            ),
          );
          return;
        }
        stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < maxErrorChars) {
          stderr += chunk.toString('utf8');
        }
      });
      child.on('error', error => {
        clearTimeout(timer);
        reject(
          new RenderError(`${this.name} could not start: ${error.message}`, {
            file: root,
          }),
        );
      });
      child.on('close', code => {
        clearTimeout(timer);
        if (failure) {
          reject(failure);
        } else if (code !== 0) {
          const detail = stderr
            .slice(0, maxErrorChars)
            .split(cwd)
            .join('<repo>')
            .trim();
          reject(
            new RenderError(
              `${this.name} exited with ${code}${detail ? `: ${detail}` : ''}`,
              { file: root },
            ),
          );
        } else {
          resolve(Buffer.concat(stdout).toString('utf8'));
        }
      });
    });
  }
}
