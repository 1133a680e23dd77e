import {
  KubernetesObject,
  ResourceHealthCheck,
} from '@slipway/plugin-gitops-node';
import { conditionsHealth } from './conditionsHealth';
import { readArray, readString } from './readField';
import {
  describeConditionWithType,
  readConditions,
  trueCondition,
} from './statusConditions';
import { supportsKinds } from './supportsKind';

/**
 * External Secrets Operator health. `ExternalSecret`, `PushSecret`,
 * `SecretStore` and `ClusterSecretStore` follow their `Ready` condition:
 * `True` (`SecretSynced`, `StoreValidated`, `Synced`) is Healthy, `False`
 * (`SecretSyncedError`, `SecretDeleted`, `InvalidProviderConfig`,
 * `ValidationFailed`, `Errored`) is Degraded, none yet is Progressing.
 * `ClusterExternalSecret` is Degraded when `NotReady` or `PartiallyReady` is
 * true (some namespaces failed; they are named).
 */
export const externalSecretsHealth: ResourceHealthCheck = {
  supports: supportsKinds(
    ['external-secrets.io'],
    [
      'ExternalSecret',
      'ClusterExternalSecret',
      'SecretStore',
      'ClusterSecretStore',
      'PushSecret',
    ],
  ),
  assess(object: KubernetesObject) {
    const conditions = readConditions(object);
    const failing = ['NotReady', 'PartiallyReady']
      .map(type => trueCondition(conditions, type))
      .find(Boolean);
    if (failing) {
      const namespaces = readArray(object, 'status.failedNamespaces')
        .map(failed => readString(failed, 'namespace'))
        .filter(Boolean);
      return {
        status: 'Degraded',
        message: `${describeConditionWithType(failing)}${
          namespaces.length ? ` (failed in ${namespaces.join(', ')})` : ''
        }`,
      };
    }
    return conditionsHealth(object, {
      readinessTypes: ['Ready'],
      whenUnreported: `Waiting for the External Secrets controller to sync the ${object.kind}`,
    });
  },
};
