/**
 * A trailer of a commit message, e.g. `Slipway-Operation: 42`.
 *
 * @public
 */
export interface CommitTrailer {
  key: string;
  value: string;
}

/**
 * One commit, as `log` returns it.
 *
 * @public
 */
export interface GitCommit {
  sha: string;
  parents: string[];
  author: { name: string; email: string };
  /** Author date, ISO 8601 with offset. */
  date: string;
  subject: string;
  /** The message after the subject, without the trailer block. */
  body: string;
  trailers: CommitTrailer[];
}

const FIELD = '\x1f';

/** The `--format` that {@link parseGitLog} reads; use with `-z`. */
export const GIT_LOG_FORMAT = [
  '%H',
  '%P',
  '%an',
  '%ae',
  '%aI',
  '%s',
  '%b',
  '%(trailers:only,unfold)',
].join('%x1f');

/** Parses `git log -z --format=GIT_LOG_FORMAT` output. */
export function parseGitLog(output: string): GitCommit[] {
  return output
    .split('\0')
    .filter(record => record.trim() !== '')
    .map(record => {
      const [sha, parents, name, email, date, subject, body, trailerText] =
        record.replace(/^\n/, '').split(FIELD);
      const trailers = parseTrailers(trailerText ?? '');
      return {
        sha,
        parents: parents ? parents.split(' ') : [],
        author: { name, email },
        date,
        subject,
        body: stripTrailerBlock(body ?? '', trailers),
        trailers,
      };
    });
}

function parseTrailers(text: string): CommitTrailer[] {
  return text
    .split('\n')
    .map(line => /^([A-Za-z0-9][A-Za-z0-9-]*):\s*(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(match => ({ key: match[1], value: match[2].trim() }));
}

function stripTrailerBlock(body: string, trailers: CommitTrailer[]): string {
  const trimmed = body.replace(/\s+$/, '');
  if (trailers.length === 0) {
    return trimmed;
  }
  const paragraphs = trimmed.split(/\n\s*\n/);
  const last = paragraphs[paragraphs.length - 1] ?? '';
  const lastIsTrailers = last
    .split('\n')
    .every(line => /^([A-Za-z0-9][A-Za-z0-9-]*):|^\s/.test(line));
  return lastIsTrailers ? paragraphs.slice(0, -1).join('\n\n') : trimmed;
}
