/**
 * The outcome of one ref in `git push --porcelain`.
 */
export interface PushRefStatus {
  /** ` ` fast-forward, `+` forced, `-` deleted, `*` new, `!` rejected, `=` up to date. */
  flag: string;
  ref: string;
  summary: string;
  reason?: string;
}

/** Parses `git push --porcelain` stdout. */
export function parsePushPorcelain(output: string): PushRefStatus[] {
  const statuses: PushRefStatus[] = [];
  for (const line of output.split('\n')) {
    const match = /^([ +\-*!=])\t([^\t]+)\t(.*)$/.exec(line);
    if (!match) {
      continue;
    }
    const [, flag, refs, rest] = match;
    const reasonMatch = /^(.*?)\s*\((.*)\)$/.exec(rest);
    statuses.push({
      flag,
      ref: refs.split(':').pop() ?? refs,
      summary: reasonMatch ? reasonMatch[1] : rest,
      reason: reasonMatch ? reasonMatch[2] : undefined,
    });
  }
  return statuses;
}

/**
 * Whether a rejected push failed only because the branch moved under us, so
 * fetching, re-applying and pushing again can succeed. A remote that refuses
 * for its own reasons (protected branch, hook) is not retried.
 */
export function isRetryablePushRejection(status: PushRefStatus): boolean {
  if (status.flag !== '!') {
    return false;
  }
  const text = `${status.summary} ${status.reason ?? ''}`;
  if (/^\[rejected\]/.test(status.summary)) {
    return /fetch first|non-fast-forward|stale info|already exists/.test(text);
  }
  return /cannot lock ref|failed to update ref|incorrect old value|failed to lock|reference already exists/i.test(
    text,
  );
}
