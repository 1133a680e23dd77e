/*
 * The two config-repository layouts the engine benchmark measures:
 *
 * - `one-repo`: one repository holds every application under apps/<name>,
 *   reached as a file:// URL.
 * - `per-repo`: one repository per application (base/ and envs/<env>/ at
 *   its root), the layout Slipway's scaffolder creates, served over smart
 *   HTTP with basic authentication by `git http-backend` in a process of
 *   its own, as a Git host would serve it.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTestGitServer, testGit } from '../src/__testUtils__';
import { runWithConcurrency } from '../src/engine/runWithConcurrency';

export type Layout = 'one-repo' | 'per-repo';

/** Where an application's config lives, and how the benchmark commits to it. */
export interface ConfigRepositories {
  layout: Layout;
  repositoryCount: number;
  describe: string;
  /** Credentials the engine needs (per-repo: the Git host's basic auth). */
  credentials?: { username: string; password: string };
  location(i: number): {
    url: string;
    path: string;
    overlay(env: string): string;
  };
  /** Commits a new image tag to app i's dev overlay; returns the commit. */
  deploy(
    i: number,
    tag: string,
  ): Promise<{ url: string; after: string; overlay: string }>;
  /** The git host's process, for its CPU time (per-repo only). */
  hostPid?: number;
  close(): Promise<void>;
}

type Files = Record<string, string>;

export async function createConfigRepositories(options: {
  layout: Layout;
  apps: number;
  work: string;
  /** The files of app i, with paths relative to the app's folder. */
  appFiles(i: number): Files;
}): Promise<ConfigRepositories> {
  return options.layout === 'per-repo'
    ? createPerRepository(options)
    : createOneRepository(options);
}

async function createOneRepository(options: {
  apps: number;
  work: string;
  appFiles(i: number): Files;
}): Promise<ConfigRepositories> {
  const clone = join(options.work, 'work');
  const bare = join(options.work, 'config.git');
  await testGit(['init', '--quiet', '--initial-branch=main', clone]);
  for (let i = 0; i < options.apps; i++) {
    await writeFiles(clone, prefixed(`apps/app-${i}`, options.appFiles(i)));
  }
  await testGit(['add', '--all'], { cwd: clone });
  await testGit(['commit', '--quiet', '-m', 'Generated applications'], {
    cwd: clone,
  });
  await testGit(['clone', '--quiet', '--bare', clone, bare]);
  // A background `git gc` after the pushes would race the clean-up.
  await testGit(['config', 'gc.auto', '0'], { cwd: bare });
  await testGit(['remote', 'add', 'bench', bare], { cwd: clone });
  const url = pathToFileURL(bare).toString();
  return {
    layout: 'one-repo',
    repositoryCount: 1,
    describe: `one config repository of ${options.apps} applications (file://)`,
    location: i => ({
      url,
      path: `apps/app-${i}`,
      overlay: env => `apps/app-${i}/envs/${env}`,
    }),
    deploy: async (i, tag) => {
      const overlay = `apps/app-${i}/envs/dev/kustomization.yaml`;
      const after = await commitTag(
        clone,
        overlay,
        tag,
        `Deploy app-${i} ${tag}`,
      );
      await testGit(['push', '--quiet', 'bench', 'HEAD:main'], { cwd: clone });
      return { url, after, overlay };
    },
    close: async () => {},
  };
}

const HOST_USER = 'bench-bot';
const HOST_PASSWORD = 'bench-host-password';

async function createPerRepository(options: {
  apps: number;
  work: string;
  appFiles(i: number): Files;
}): Promise<ConfigRepositories> {
  const host = await startGitHost();
  const bareOf = (i: number) => join(host.root, `app-${i}.git`);
  const urlOf = (i: number) => `${host.url}app-${i}.git`;
  // Two git processes a repository: `init` and a `fast-import` of the
  // whole first commit (setting up is not what is measured).
  await runWithConcurrency(
    Array.from({ length: options.apps }, (_, i) => i),
    4,
    async i => {
      await testGit([
        'init',
        '--bare',
        '--quiet',
        '--initial-branch=main',
        bareOf(i),
      ]);
      await fastImport(bareOf(i), options.appFiles(i));
    },
  );
  const clones = join(options.work, 'clones');
  return {
    layout: 'per-repo',
    repositoryCount: options.apps,
    describe: `${options.apps} config repositories, one per application, over smart HTTP (git http-backend with basic auth, in its own process)`,
    credentials: { username: HOST_USER, password: HOST_PASSWORD },
    location: i => ({
      url: urlOf(i),
      path: '.',
      overlay: env => `envs/${env}`,
    }),
    deploy: async (i, tag) => {
      const clone = join(clones, `app-${i}`);
      try {
        await fs.access(clone);
      } catch {
        await testGit(['clone', '--quiet', bareOf(i), clone]);
      }
      const overlay = 'envs/dev/kustomization.yaml';
      const after = await commitTag(
        clone,
        overlay,
        tag,
        `Deploy app-${i} ${tag}`,
      );
      await testGit(['push', '--quiet', 'origin', 'HEAD:main'], { cwd: clone });
      return { url: urlOf(i), after, overlay };
    },
    hostPid: host.process.pid,
    close: host.close,
  };
}

async function commitTag(
  clone: string,
  overlay: string,
  tag: string,
  message: string,
): Promise<string> {
  const text = await fs.readFile(join(clone, overlay), 'utf8');
  await fs.writeFile(
    join(clone, overlay),
    text.replace(/newTag: "[^"]*"/, `newTag: "${tag}"`),
  );
  await testGit(['commit', '--quiet', '-am', message], { cwd: clone });
  return (await testGit(['rev-parse', 'HEAD'], { cwd: clone })).trim();
}

/** One commit on main holding `files`, written by `git fast-import`. */
function fastImport(bare: string, files: Files): Promise<void> {
  const parts: Buffer[] = [];
  const data = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    parts.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  parts.push(
    Buffer.from(
      'commit refs/heads/main\ncommitter Bench <bench@slipway.invalid> 1700000000 +0000\n',
    ),
  );
  data('Generated application');
  for (const [path, content] of Object.entries(files)) {
    parts.push(Buffer.from(`M 100644 inline ${path}\n`));
    data(content);
  }
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], {
      cwd: bare,
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code =>
      code === 0 ? resolve() : reject(new Error(`fast-import: ${stderr}`)),
    );
    child.stdin.end(Buffer.concat(parts));
  });
}

/**
 * The Git host runs in a process of its own (this same script, started with
 * `--serve-git`), so its work is not counted as the engine's.
 */
async function startGitHost(): Promise<{
  url: string;
  root: string;
  process: ChildProcess;
  close(): Promise<void>;
}> {
  const child = fork(process.argv[1], ['--serve-git'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { url, root } = await new Promise<{ url: string; root: string }>(
    (resolve, reject) => {
      child.once('message', message => resolve(message as any));
      child.once('exit', code =>
        reject(new Error(`git host exited with ${code}`)),
      );
    },
  );
  return {
    url,
    root,
    process: child,
    close: () =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

/** The `--serve-git` role: serve until the benchmark disconnects. */
export async function serveGitHost(): Promise<void> {
  const server = await createTestGitServer({
    username: HOST_USER,
    password: HOST_PASSWORD,
  });
  process.send!({ url: server.url, root: server.root });
  process.once('disconnect', () => {
    server.close().then(() => process.exit(0));
  });
}

function prefixed(folder: string, files: Files): Files {
  return Object.fromEntries(
    Object.entries(files).map(([path, content]) => [
      `${folder}/${path}`,
      content,
    ]),
  );
}

async function writeFiles(root: string, files: Files) {
  for (const [path, content] of Object.entries(files)) {
    await fs.mkdir(join(root, path, '..'), { recursive: true });
    await fs.writeFile(join(root, path), content);
  }
}
