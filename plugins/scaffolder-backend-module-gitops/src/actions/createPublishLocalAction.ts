import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LOCAL_PUBLISH_ROOT_KEY } from '../config/readLocalPublishRoot';
import { runGit } from '../git/runGit';
import { commitAuthor, SCAFFOLDER_IDENTITY } from './commitAuthor';
import { examples } from './createPublishLocalAction.examples';
import { validateRepositoryName } from './validateRepositoryName';

export const PUBLISH_LOCAL_ACTION_ID = 'gitops:publish:local';

/** Where the catalog descriptors of published repositories are copied to, inside the root. */
export const LOCAL_CATALOG_FOLDER = 'catalog';

/** What one publish produced; stored by the checkpoint, so plain JSON. */
type PublishedRepository = {
  remoteUrl: string;
  repoContentsUrl: string;
  commitHash: string;
  catalogInfoFile: string | null;
};

/**
 * `gitops:publish:local`: pushes a workspace folder as the first commit of a
 * new bare Git repository under the portal's local publish root, so a
 * template runs end to end without a Git host (the demo portal). Slipway's
 * backend reads and writes such a repository through its `file://` URL.
 */
export function createPublishLocalAction(options: {
  /** Absolute folder to publish into; local publishing is off when undefined. */
  localPublishRoot?: string;
}) {
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes a workspace folder as a new bare Git repository under the local publish root (gitops.scaffolder.localPublishRoot), for portals without a Git host.',
    examples,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Name of the new repository; it becomes <root>/<repoName>.git',
            ),
        sourcePath: z =>
          z
            .string()
            .default('.')
            .describe('Workspace folder whose content is the initial commit'),
        defaultBranch: z =>
          z.string().default('main').describe('Branch of the initial commit'),
        description: z =>
          z.string().optional().describe("The repository's description"),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Catalog descriptor inside sourcePath to copy to <root>/catalog/<repoName>.yaml, where the portal catalog reads local repositories from',
            ),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL of the new repository, to clone'),
        repoContentsUrl: z =>
          z
            .string()
            .describe('The repository and branch, as <remoteUrl>#<branch>'),
        commitHash: z => z.string().describe('The initial commit'),
        catalogInfoFile: z =>
          z
            .string()
            .optional()
            .describe('Where the catalog descriptor was copied to'),
      },
    },
    async handler(ctx) {
      const root = options.localPublishRoot;
      if (!root) {
        throw new InputError(
          `local publishing is not configured: set ${LOCAL_PUBLISH_ROOT_KEY}`,
        );
      }
      const { repoName } = ctx.input;
      const sourcePath = ctx.input.sourcePath ?? '.';
      const defaultBranch = ctx.input.defaultBranch ?? 'main';
      const nameProblem = validateRepositoryName(repoName);
      if (nameProblem) {
        throw new InputError(`repoName "${repoName}" ${nameProblem}`);
      }
      await assertBranchName(defaultBranch);
      const source = await sourceFolder(ctx.workspacePath, sourcePath);
      const catalogInfo = ctx.input.catalogInfoPath
        ? await catalogInfoFile(source, sourcePath, ctx.input.catalogInfoPath)
        : undefined;

      // A retried task gets the first attempt's result instead of a
      // "repository exists" failure for the repository it created itself.
      const published = await ctx.checkpoint<PublishedRepository>({
        key: `publish.local.${repoName}`,
        fn: async () => {
          const target = path.join(root, `${repoName}.git`);
          const remoteUrl = pathToFileURL(target).href;
          await fs.mkdir(root, { recursive: true });
          try {
            // Creating the folder claims the name: two tasks racing for it
            // cannot both publish.
            await fs.mkdir(target);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
              throw new ConflictError(
                `A repository named "${repoName}" already exists in the local publish root (${remoteUrl}); choose another name`,
              );
            }
            throw error;
          }
          try {
            const commitHash = await initialCommit({
              gitDir: target,
              workTree: source,
              branch: defaultBranch,
              author: commitAuthor(ctx.user),
              message: `Initial commit\n\nCreated by the scaffolder task ${ctx.task.id}.`,
            });
            if (ctx.input.description) {
              // gitweb and `git instaweb` show a bare repository's description file.
              await fs.writeFile(
                path.join(target, 'description'),
                `${ctx.input.description.trim()}\n`,
              );
            }
            let copied: string | null = null;
            if (catalogInfo) {
              copied = path.join(
                root,
                LOCAL_CATALOG_FOLDER,
                `${repoName}.yaml`,
              );
              await fs.mkdir(path.dirname(copied), { recursive: true });
              await fs.copyFile(catalogInfo, copied);
            }
            return {
              remoteUrl,
              repoContentsUrl: `${remoteUrl}#${defaultBranch}`,
              commitHash,
              catalogInfoFile: copied,
            };
          } catch (error) {
            // Half a repository would block the name for the retry.
            await fs.rm(target, { recursive: true, force: true });
            throw error;
          }
        },
      });

      ctx.logger.info(
        `Published ${repoName} at ${published.remoteUrl} (${defaultBranch} at ${published.commitHash})`,
      );
      ctx.output('remoteUrl', published.remoteUrl);
      ctx.output('repoContentsUrl', published.repoContentsUrl);
      ctx.output('commitHash', published.commitHash);
      if (published.catalogInfoFile) {
        ctx.output('catalogInfoFile', published.catalogInfoFile);
      }
    },
  });
}

async function assertBranchName(branch: string) {
  // git's own rules, rather than a copy of them that drifts; a leading dash
  // is refused first so the name can never be read as an option.
  const valid =
    !branch.startsWith('-') &&
    (await runGit(['check-ref-format', '--branch', branch], {
      cwd: os.tmpdir(),
    }).then(
      () => true,
      () => false,
    ));
  if (!valid) {
    throw new InputError(
      `defaultBranch "${branch}" is not a valid branch name`,
    );
  }
}

async function sourceFolder(workspacePath: string, sourcePath: string) {
  let folder: string;
  try {
    folder = resolveSafeChildPath(workspacePath, sourcePath);
  } catch {
    throw new InputError(`sourcePath "${sourcePath}" leaves the workspace`);
  }
  const entries = await fs.readdir(folder).catch(() => undefined);
  if (!entries) {
    throw new InputError(
      `sourcePath "${sourcePath}" is not a folder in the workspace`,
    );
  }
  if (entries.length === 0) {
    throw new InputError(
      `sourcePath "${sourcePath}" is empty; there is nothing to publish`,
    );
  }
  return folder;
}

async function catalogInfoFile(
  source: string,
  sourcePath: string,
  catalogInfoPath: string,
) {
  let file: string;
  try {
    file = resolveSafeChildPath(source, catalogInfoPath);
  } catch {
    throw new InputError(
      `catalogInfoPath "${catalogInfoPath}" leaves sourcePath "${sourcePath}"`,
    );
  }
  const stat = await fs.stat(file).catch(() => undefined);
  if (!stat?.isFile()) {
    throw new InputError(
      `catalogInfoPath "${catalogInfoPath}" is not a file in sourcePath "${sourcePath}"`,
    );
  }
  return file;
}

/**
 * Commits a folder's content as the first commit of an empty bare
 * repository, without copying it: the folder is the work tree and the index
 * lives in a temporary folder, so neither the workspace nor the repository
 * keeps any of git's bookkeeping.
 */
async function initialCommit(options: {
  gitDir: string;
  workTree: string;
  branch: string;
  author: { name: string; email: string };
  message: string;
}): Promise<string> {
  const { gitDir, workTree, branch, author, message } = options;
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-publish-'));
  try {
    await runGit(
      ['init', '--quiet', '--bare', `--initial-branch=${branch}`, gitDir],
      {
        cwd: scratch,
      },
    );
    const git = (args: string[]) =>
      runGit(
        [
          '--git-dir',
          gitDir,
          '--work-tree',
          workTree,
          // The machine's own git settings must not sign, hook or rewrite
          // line endings in a repository the portal creates.
          '-c',
          'commit.gpgsign=false',
          '-c',
          'core.hooksPath=/dev/null',
          '-c',
          'core.autocrlf=false',
          ...args,
        ],
        {
          cwd: workTree,
          env: {
            GIT_INDEX_FILE: path.join(scratch, 'index'),
            GIT_AUTHOR_NAME: author.name,
            GIT_AUTHOR_EMAIL: author.email,
            GIT_COMMITTER_NAME: SCAFFOLDER_IDENTITY.name,
            GIT_COMMITTER_EMAIL: SCAFFOLDER_IDENTITY.email,
          },
        },
      );
    await git(['add', '--all', '.']);
    await git(['commit', '--quiet', '-m', message]);
    return await git(['rev-parse', 'HEAD']);
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
}
