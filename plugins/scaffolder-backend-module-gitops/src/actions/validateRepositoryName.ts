// What GitHub and GitLab both accept as a repository name, and what is safe as
// one folder name: no separators, no leading dot (hidden) or dash (an option).
const REPOSITORY_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

/**
 * Why a repository name is not usable, as the end of a sentence that starts
 * with the name, or undefined when it is.
 */
export function validateRepositoryName(name: string): string | undefined {
  if (!REPOSITORY_NAME.test(name)) {
    return 'is not a valid repository name: up to 100 letters, digits, "_", "." or "-", starting with a letter, digit or "_"';
  }
  if (name.toLowerCase().endsWith('.git')) {
    return 'ends with ".git"; give the name without it';
  }
  return undefined;
}
