import { ResourceStatus, SyncStatus } from '@slipway/plugin-gitops-common';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { fluxHealth } from '../health/fluxHealth';
import { EngineState } from './EngineState';
import {
  FluxCondition,
  FluxGitRepository,
  FluxKustomization,
} from './FluxKustomization';
import { parseFluxRevision } from './parseFluxRevision';

/**
 * Reads a Kustomization (and the GitRepository it builds from) the way
 * `flux get kustomizations` does (pure): Ready and its message, the
 * revision the source fetched and the one last applied, suspension, and the
 * inventory of what it applied.
 */
export function fluxKustomizationState(
  kustomization: FluxKustomization,
  source: FluxGitRepository | undefined,
): EngineState {
  const status = kustomization.status ?? {};
  const health = fluxHealth.assess(
    kustomization as unknown as KubernetesObject,
  ) ?? { status: 'Unknown' as const, message: undefined };
  const ready = conditionOf(status.conditions, 'Ready');
  const appliedRevision = parseFluxRevision(status.lastAppliedRevision);
  const comparedRevision = parseFluxRevision(
    source?.status?.artifact?.revision,
  );
  const attemptedRevision = parseFluxRevision(status.lastAttemptedRevision);

  let syncStatus: SyncStatus = 'Unknown';
  if (appliedRevision) {
    syncStatus =
      ready?.status === 'True' &&
      (!comparedRevision || comparedRevision === appliedRevision)
        ? 'Synced'
        : 'OutOfSync';
  } else if (ready?.status === 'False') {
    syncStatus = 'OutOfSync';
  }

  const messages: string[] = [];
  if (ready?.status === 'False' && ready.message) {
    messages.push(ready.message);
  }
  if (
    attemptedRevision &&
    attemptedRevision !== appliedRevision &&
    ready?.status !== 'True'
  ) {
    messages.push(`Flux could not apply ${attemptedRevision.slice(0, 7)}`);
  }
  const sourceReady = conditionOf(source?.status?.conditions, 'Ready');
  if (sourceReady?.status === 'False' && sourceReady.message) {
    messages.push(`GitRepository: ${sourceReady.message}`);
  }

  if (messages.length === 0 && health.status !== 'Healthy' && health.message) {
    messages.push(health.message);
  }

  return {
    object: {
      kind: 'Kustomization',
      namespace: kustomization.metadata.namespace ?? '',
      name: kustomization.metadata.name,
    },
    syncStatus,
    health: health.status,
    comparedRevision,
    appliedRevision,
    automated: kustomization.spec?.suspend !== true,
    resources: inventoryOf(kustomization),
    message: messages.length > 0 ? messages.join('; ') : undefined,
    suspended: kustomization.spec?.suspend === true || undefined,
  };
}

/** One inventory entry, `<namespace>_<name>_<group>_<kind>` with its version. */
export interface InventoryEntry {
  namespace?: string;
  name: string;
  group: string;
  kind: string;
  version: string;
}

/**
 * The Kustomization's inventory. Kubernetes names cannot hold `_`, so the
 * id splits unambiguously; an entry that does not is left out.
 */
export function inventoryEntries(
  kustomization: FluxKustomization,
): InventoryEntry[] {
  const entries: InventoryEntry[] = [];
  for (const entry of kustomization.status?.inventory?.entries ?? []) {
    const parts = entry.id.split('_');
    if (parts.length !== 4) {
      continue;
    }
    const [namespace, name, group, kind] = parts;
    entries.push({
      namespace: namespace || undefined,
      name,
      group,
      kind,
      version: entry.v,
    });
  }
  return entries;
}

function inventoryOf(kustomization: FluxKustomization): ResourceStatus[] {
  return inventoryEntries(kustomization).map(entry => ({
    group: entry.group,
    kind: entry.kind,
    namespace: entry.namespace,
    name: entry.name,
    syncStatus: 'Synced',
  }));
}

function conditionOf(
  conditions: FluxCondition[] | undefined,
  type: string,
): FluxCondition | undefined {
  return conditions?.find(condition => condition.type === type);
}
