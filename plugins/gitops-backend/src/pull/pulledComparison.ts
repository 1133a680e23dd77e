import {
  EngineType,
  HealthStatus,
  SyncStatus,
  worstHealth,
} from '@slipway/plugin-gitops-common';
import { StoredResource } from '../database/StatusStore';
import { EnvironmentComparison } from '../engine/compareEnvironment';
import { parseImageReference } from '../overlays/imageReference';
import { EngineState } from './EngineState';

/** An environment Argo CD or Flux applies, as the tab shows it. */
export interface PulledComparison {
  syncStatus: SyncStatus;
  health: HealthStatus;
  driftCount: number;
  resources: StoredResource[];
  liveVersion?: string;
  message?: string;
}

const ENGINE_NAMES: Record<EngineType, string> = {
  builtin: 'Slipway',
  argocd: 'Argo CD',
  flux: 'Flux',
};

/**
 * Holds what Argo CD or Flux says against the head of the tracked branch
 * (pure). An engine that has not fetched the head yet is not in sync with
 * Git, whatever it says of the revision it has. Argo CD's own comparison
 * (resources, drift, health) is taken as it is. Flux compares nothing after
 * it applies, so where Slipway read the objects live (`live`), drift and
 * per-resource health are Slipway's comparison of them with Git.
 */
export function pulledComparison(input: {
  engine: EngineType;
  head: string;
  state: EngineState;
  live?: EnvironmentComparison;
  image?: string;
}): PulledComparison {
  const { state, head, live } = input;
  const name = ENGINE_NAMES[input.engine];
  const messages: string[] = [];
  let syncStatus = state.syncStatus;
  if (state.comparedRevision && state.comparedRevision !== head) {
    syncStatus = 'OutOfSync';
    messages.push(
      `${name} has not fetched ${head.slice(
        0,
        7,
      )} yet (it has ${state.comparedRevision.slice(0, 7)})`,
    );
  } else if (
    input.engine === 'flux' &&
    state.appliedRevision &&
    state.appliedRevision !== head
  ) {
    syncStatus = 'OutOfSync';
    messages.push(
      `${name} has not applied ${head.slice(
        0,
        7,
      )} yet (it applied ${state.appliedRevision.slice(0, 7)})`,
    );
  }
  if (state.message) {
    messages.push(state.message);
  }

  if (input.engine === 'flux' && live) {
    if (syncStatus === 'Synced' && live.syncStatus === 'OutOfSync') {
      syncStatus = 'OutOfSync';
      messages.push(
        `${live.driftCount} resource(s) drifted from Git since Flux applied them`,
      );
    }
    const health = worstHealth([state.health, live.health]);
    return {
      syncStatus,
      health,
      driftCount: live.driftCount,
      resources: live.resources,
      liveVersion: live.liveVersion,
      message: withResourceHealth(messages, health, live.resources),
    };
  }
  return {
    syncStatus,
    health: state.health,
    driftCount: state.resources.filter(r => r.syncStatus !== 'Synced').length,
    resources: state.resources,
    liveVersion: versionOf(state.liveImages, input.image),
    message: withResourceHealth(messages, state.health, state.resources),
  };
}

/**
 * The messages, and why the environment is unhealthy when a resource says
 * so: engines often give the application's health without the reason,
 * which is on the resource (a Deployment past its progress deadline).
 */
function withResourceHealth(
  messages: string[],
  health: HealthStatus,
  resources: readonly StoredResource[],
): string | undefined {
  if (health !== 'Healthy' && health !== 'Suspended') {
    const cause = resources.find(
      resource => resource.health === health && resource.healthMessage,
    );
    if (cause) {
      messages.push(`${cause.kind} ${cause.name}: ${cause.healthMessage}`);
    }
  }
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** The tag (or digest) of the application's image among live images. */
function versionOf(images: string[] | undefined, image?: string) {
  for (const reference of images ?? []) {
    const parsed = parseImageReference(reference);
    if (image === undefined || parsed.repository === image) {
      return parsed.digest ?? parsed.tag;
    }
  }
  return undefined;
}
