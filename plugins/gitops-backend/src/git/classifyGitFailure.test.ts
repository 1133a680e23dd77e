import { classifyGitFailure } from './classifyGitFailure';

describe('classifyGitFailure', () => {
  it.each([
    ["fatal: Authentication failed for 'https://x/'", 'authentication'],
    [
      "fatal: could not read Username for 'https://x': terminal prompts disabled",
      'authentication',
    ],
    [
      "fatal: unable to access 'https://x/': The requested URL returned error: 403",
      'authentication',
    ],
    ["fatal: repository 'https://x/' not found", 'not-found'],
    ["fatal: 'missing/x' does not appear to be a git repository", 'not-found'],
    [
      "fatal: unable to access 'https://x/': Could not resolve host: x",
      'unreachable',
    ],
    [
      "fatal: unable to access 'http://127.0.0.1:9/': Failed to connect",
      'unreachable',
    ],
    ['error: something else', 'failed'],
  ])('%s → %s', (stderr, kind) => {
    expect(classifyGitFailure(stderr)).toBe(kind);
  });
});
