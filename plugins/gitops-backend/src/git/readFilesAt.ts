import { GitCli } from './GitCli';

/**
 * The text of files at revisions (`rev:path` each), in one `git cat-file
 * --batch`; undefined for what does not exist (or is not a file).
 */
export async function readFilesAt(
  git: GitCli,
  gitDir: string,
  requests: ReadonlyArray<{ revision: string; path: string }>,
): Promise<Array<string | undefined>> {
  if (requests.length === 0) {
    return [];
  }
  const { stdout } = await git.run(['cat-file', '--batch'], {
    gitDir,
    input: `${requests
      .map(request => `${request.revision}:${request.path}`)
      .join('\n')}\n`,
  });
  // One header per request, in order: `<oid> <type> <size>` and the
  // content, or `<request> missing`.
  const answers: Array<string | undefined> = [];
  let offset = 0;
  for (let index = 0; index < requests.length; index++) {
    const headerEnd = stdout.indexOf(0x0a, offset);
    if (headerEnd < 0) {
      throw new Error('Truncated git cat-file --batch output');
    }
    const header = stdout.toString('utf8', offset, headerEnd).split(' ');
    offset = headerEnd + 1;
    if (header[header.length - 1] === 'missing' || header.length !== 3) {
      answers.push(undefined);
      continue;
    }
    const size = Number(header[2]);
    answers.push(
      header[1] === 'blob'
        ? stdout.toString('utf8', offset, offset + size)
        : undefined,
    );
    offset += size + 1;
  }
  return answers;
}
