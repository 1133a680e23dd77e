import { DemoPullRequest } from './DemoPullRequestStore';

/**
 * The page of one demo pull request: what it proposes (title, branches,
 * description, diff) and, while open, Merge and Close buttons as plain form
 * posts, so it works without scripts. Every value is HTML-escaped: titles,
 * branch names and diffs come from the config repository.
 */
export function renderPullRequestPage(options: {
  pullRequest: DemoPullRequest;
  /** The repository's folder name, from {@link DemoPullRequestHost.repositoryName}. */
  repository: string;
  diff: string;
  /** The page's own path; the forms post to `<path>/merge` and `<path>/close`. */
  path: string;
  /** A message to show above the page, e.g. why a merge was refused. */
  notice?: string;
}): string {
  const { pullRequest, repository, diff, path, notice } = options;
  const title = `#${pullRequest.number} ${pullRequest.title}`;
  const state = {
    open: 'Open',
    merged: 'Merged',
    closed: 'Closed',
  }[pullRequest.state];
  const actions =
    pullRequest.state === 'open'
      ? `<div class="actions">
      <form method="post" action="${escapeHtml(path)}/merge">
        <button type="submit" class="merge">Merge</button>
      </form>
      <form method="post" action="${escapeHtml(path)}/close">
        <button type="submit">Close</button>
      </form>
    </div>`
      : '';
  const merged =
    pullRequest.state === 'merged' && pullRequest.mergedCommitSha
      ? `<dt>Merged as</dt><dd><code>${escapeHtml(
          pullRequest.mergedCommitSha,
        )}</code></dd>`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)} · Slipway demo pull request</title>
  <style>
    body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1f24; }
    .state { display: inline-block; padding: 0.2rem 0.7rem; border-radius: 1rem; color: #fff; background: #57606a; }
    .state.open { background: #1a7f37; } .state.merged { background: #8250df; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1rem; }
    dt { font-weight: 600; }
    pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: 1rem; overflow: auto; }
    .body { white-space: pre-wrap; }
    .actions { display: flex; gap: 0.75rem; margin: 1.5rem 0; }
    button { font-size: 1rem; padding: 0.5rem 1.2rem; cursor: pointer; }
    button.merge { background: #1a7f37; color: #fff; border: 1px solid #116329; }
    button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
    [role="alert"] { border: 1px solid #cf222e; background: #ffebe9; padding: 0.75rem 1rem; }
  </style>
</head>
<body>
  <main>
    <p>Slipway demo pull request (a stand-in for GitHub or GitLab; demo only)</p>
    ${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
    <h1>${escapeHtml(title)}</h1>
    <p><span class="state ${pullRequest.state}">${state}</span></p>
    <dl>
      <dt>Branch</dt><dd><code>${escapeHtml(
        pullRequest.sourceBranch,
      )}</code></dd>
      <dt>Into</dt><dd><code>${escapeHtml(pullRequest.targetBranch)}</code></dd>
      <dt>Repository</dt><dd><code>${escapeHtml(repository)}</code></dd>
      ${merged}
    </dl>
    ${actions}
    <h2>Description</h2>
    <div class="body">${escapeHtml(pullRequest.body)}</div>
    <h2>Changes</h2>
    <pre aria-label="Diff of ${escapeHtml(
      pullRequest.sourceBranch,
    )}" tabindex="0"><code>${escapeHtml(diff) || 'No changes.'}</code></pre>
  </main>
</body>
</html>
`;
}

/** Escapes the characters that could start markup or end an attribute. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
