/**
 * A link shown under a pull request's description, e.g. the CI build.
 *
 * @public
 */
export interface PullRequestLink {
  title: string;
  url: string;
}

/**
 * What a Slipway pull request changes and why.
 *
 * @public
 */
export interface PullRequestBodyInput {
  application: string;
  environment: string;
  /** The version live before; absent on a first deploy. */
  fromVersion?: string;
  toVersion: string;
  /** Who asked, e.g. `user:default/jane`. */
  actor: string;
  operationId: string;
  links?: readonly PullRequestLink[];
}

/**
 * The Markdown description of a deploy/promote/rollback pull request. Every
 * value may come from a catalog entity or a request body, so text is escaped
 * (no injected links, images, HTML or @-mentions) and only http(s) links are
 * kept.
 *
 * @public
 */
export function formatPullRequestBody(input: PullRequestBodyInput): string {
  const from =
    input.fromVersion === undefined || input.fromVersion === ''
      ? '_none_'
      : inlineCode(input.fromVersion);
  const lines = [
    `Slipway changes **${escapeMarkdown(
      input.application,
    )}** in **${escapeMarkdown(input.environment)}**: ${from} → ${inlineCode(
      input.toVersion,
    )}`,
    '',
    `- Application: ${escapeMarkdown(input.application)}`,
    `- Environment: ${escapeMarkdown(input.environment)}`,
    `- Version: ${from} → ${inlineCode(input.toVersion)}`,
    `- Requested by: ${escapeMarkdown(input.actor)}`,
    `- Operation: ${inlineCode(input.operationId)}`,
  ];
  const links = (input.links ?? []).flatMap(link => {
    const href = safeHref(link.url);
    if (!href) {
      return [];
    }
    const title = escapeMarkdown(link.title.trim()) || escapeMarkdown(href);
    return [`- [${title}](<${href}>)`];
  });
  if (links.length > 0) {
    lines.push('', '**Links**', '', ...links);
  }
  lines.push(
    '',
    '_Merging this pull request deploys the change; Slipway notices the merge._',
  );
  return `${lines.join('\n')}\n`;
}

/**
 * Backslash-escapes the characters that start emphasis, code, links, images,
 * HTML, tables, entities or mentions mid-line; values never start a line, so
 * list and heading markers need no escape.
 */
function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]()<>!|~@&]/g, char => `\\${char}`);
}

/** A code span that stays one, whatever backticks the text contains. */
function inlineCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const longestRun = Math.max(
    0,
    ...(flat.match(/`+/g) ?? []).map(run => run.length),
  );
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * The link target, or undefined for anything but http(s): a `javascript:` or
 * `data:` link in a review tool is a trap for the reviewer. Credentials in
 * the URL are dropped so a pasted link cannot publish them.
 */
function safeHref(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return undefined;
  }
  parsed.username = '';
  parsed.password = '';
  // The WHATWG serialisation percent-encodes spaces and angle brackets, so
  // the result is safe inside a `<…>` link destination.
  return parsed.href;
}
