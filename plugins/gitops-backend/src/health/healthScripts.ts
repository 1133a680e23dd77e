import { parse as parseYaml } from 'yaml';
import { isRecord } from './readField';

/** A Lua health script for the kinds its group and kind patterns match. */
export interface HealthScript {
  /** API group; `''` for the core group; `*` and `?` match as in a glob. */
  group: string;
  /** Kind; `*` and `?` match as in a glob. */
  kind: string;
  script: string;
  /** Where the script came from, for messages: `app-config`, `argocd-cm`. */
  source: string;
}

const HEALTH_KEY_PREFIX = 'resource.customizations.health.';

/**
 * The health scripts of an `argocd-cm` ConfigMap's data, in both of Argo
 * CD's formats: one key per kind, `resource.customizations.health.<group>_<kind>`
 * (`…health.<kind>` for the core group), and the older
 * `resource.customizations` YAML block keyed by `<group>/<kind>` with a
 * `health.lua` entry. A kind in both takes the per-kind key, as in Argo CD.
 * Keys that name no kind are reported in `problems`, not thrown, so one bad
 * key does not cost the others.
 */
export function readArgoCdHealthScripts(
  data: Record<string, string>,
  source = 'argocd-cm',
): { scripts: HealthScript[]; problems: string[] } {
  const byKey = new Map<string, HealthScript>();
  const problems: string[] = [];
  const legacy = data['resource.customizations'];
  if (legacy) {
    let parsed: unknown;
    try {
      parsed = parseYaml(legacy);
    } catch (error) {
      problems.push(
        `resource.customizations is not valid YAML: ${
          (error as Error).message
        }`,
      );
    }
    if (isRecord(parsed)) {
      for (const [groupKind, customization] of Object.entries(parsed)) {
        const script = isRecord(customization)
          ? customization['health.lua']
          : undefined;
        if (typeof script === 'string' && script.trim()) {
          const [group, kind] = groupKind.includes('/')
            ? [
                groupKind.slice(0, groupKind.lastIndexOf('/')),
                groupKind.slice(groupKind.lastIndexOf('/') + 1),
              ]
            : ['', groupKind];
          byKey.set(`${group}/${kind}`, { group, kind, script, source });
        }
      }
    }
  }
  for (const [key, script] of Object.entries(data)) {
    if (!key.startsWith(HEALTH_KEY_PREFIX) || !script.trim()) {
      continue;
    }
    const groupKind = key.slice(HEALTH_KEY_PREFIX.length);
    const parts = groupKind.split('_');
    if (parts.length > 2 || parts.some(part => part === '')) {
      problems.push(
        `${key} names no kind: use resource.customizations.health.<group>_<kind>, or …health.<kind> for the core group`,
      );
      continue;
    }
    const [group, kind] = parts.length === 2 ? parts : ['', parts[0]];
    byKey.set(`${group}/${kind}`, { group, kind, script, source });
  }
  return { scripts: [...byKey.values()], problems };
}

/**
 * The script for a group and kind: an exact match first, then the most
 * specific pattern (fewest wildcards, then the longest), so
 * `*.crossplane.io/*` yields to `ec2.aws.crossplane.io/*`.
 */
export function findHealthScript(
  scripts: readonly HealthScript[],
  group: string,
  kind: string,
): HealthScript | undefined {
  let best: { script: HealthScript; rank: [number, number] } | undefined;
  for (const script of scripts) {
    if (!globMatches(script.group, group) || !globMatches(script.kind, kind)) {
      continue;
    }
    const pattern = `${script.group}/${script.kind}`;
    const rank: [number, number] = [
      (pattern.match(/[*?]/g) ?? []).length,
      -pattern.length,
    ];
    if (
      !best ||
      rank[0] < best.rank[0] ||
      (rank[0] === best.rank[0] && rank[1] < best.rank[1])
    ) {
      best = { script, rank };
    }
  }
  return best?.script;
}

/** Glob wildcards as regular expressions; every other character stands for itself. */
const WILDCARDS: Record<string, string> = { '*': '.*', '?': '.' };

function globMatches(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) {
    return pattern === value;
  }
  const expression = pattern
    .split('')
    .map(
      character =>
        WILDCARDS[character] ?? character.replace(/[.+^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${expression}$`).test(value);
}
