import { stringify } from 'yaml';
import { FieldChange } from './compareObjects';
import { ResourceDiff } from './diffResources';
import { formatIdentity } from './resourceIdentity';

/**
 * A resource diff as unified-style text: a header naming the resource, then
 * one hunk per changed field, `-` lines for the cluster and `+` lines for Git
 * (what a sync would change). Values are printed as YAML so nested items and
 * a number written as a string stay visible. The diff carries only masked
 * Secret values, so neither does this text.
 */
export function formatDiff(diff: ResourceDiff): string {
  const header = `${formatIdentity(diff)} (${diff.status})`;
  switch (diff.status) {
    case 'Synced':
      return `${header}\nno differences\n`;
    case 'Missing':
      return `${header}\ndeclared in Git, absent from the cluster\n`;
    case 'Extra':
      return `${header}\nin the cluster with this application's tracking label, no longer declared in Git\n`;
    default:
      return [
        header,
        '--- live',
        '+++ desired (Git)',
        ...diff.changes.flatMap(formatChange),
        '',
      ].join('\n');
  }
}

function formatChange(change: FieldChange): string[] {
  return [
    `@@ ${change.path} @@`,
    ...valueLines(change.live, '-'),
    ...valueLines(change.desired, '+'),
  ];
}

function valueLines(value: unknown, prefix: '-' | '+'): string[] {
  if (value === undefined) {
    return [`${prefix} (not set)`];
  }
  return stringify(value)
    .trimEnd()
    .split('\n')
    .map(line => `${prefix} ${line}`);
}
