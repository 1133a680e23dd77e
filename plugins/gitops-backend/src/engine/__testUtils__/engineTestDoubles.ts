import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../../applications';
import {
  EnvironmentObservation,
  StatusStore,
} from '../../database/StatusStore';

/** An environment the built-in engine applies, automated unless told. */
export function testEnvironment(
  name: string,
  overrides: Partial<ApplicationEnvironment> = {},
): ApplicationEnvironment {
  return {
    name,
    cluster: `${name}-cluster`,
    namespace: `shop-${name}`,
    engine: { type: 'builtin', name: 'builtin', cluster: `${name}-cluster` },
    sync: { automated: true, prune: true, selfHeal: false },
    changes: 'commit',
    protected: false,
    overlayPath: `envs/${name}`,
    ...overrides,
  };
}

/** An application with a config repository of its own. */
export function testApplication(
  name: string,
  environments: ApplicationEnvironment[] = [testEnvironment('dev')],
  repository = `https://git.example.com/acme/${name}-config`,
): GitOpsApplication {
  return {
    entityRef: `component:default/${name}`,
    configRepo: { url: repository, path: '.', branch: 'main' },
    image: `ghcr.io/acme/${name}`,
    environments,
  };
}

/** A status store in memory, which counts its writes. */
export class InMemoryStatusStore implements StatusStore {
  readonly observations = new Map<string, EnvironmentObservation>();
  writes = 0;

  async saveObservation(observation: EnvironmentObservation): Promise<void> {
    this.writes += 1;
    this.observations.set(
      `${observation.entityRef}\0${observation.environment}`,
      { ...observation },
    );
  }

  async getObservations(
    entityRef: string,
  ): Promise<Map<string, EnvironmentObservation>> {
    const found = new Map<string, EnvironmentObservation>();
    for (const observation of this.observations.values()) {
      if (observation.entityRef === entityRef) {
        found.set(observation.environment, { ...observation });
      }
    }
    return found;
  }

  get(entityRef: string, environment: string) {
    return this.observations.get(`${entityRef}\0${environment}`);
  }
}
