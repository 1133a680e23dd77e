import { condition, liveObject } from './__testUtils__/liveObject';
import { externalSecretsHealth } from './externalSecretsHealth';

const eso = (kind: string, status?: Record<string, unknown>) =>
  liveObject('external-secrets.io/v1beta1', kind, { status });

describe('externalSecretsHealth', () => {
  it.each([
    [
      'an ExternalSecret not synced yet',
      eso('ExternalSecret'),
      {
        status: 'Progressing',
        message:
          'Waiting for the External Secrets controller to sync the ExternalSecret',
      },
    ],
    [
      'a synced ExternalSecret',
      eso('ExternalSecret', {
        conditions: [
          condition('Ready', 'True', 'SecretSynced', 'secret synced'),
        ],
      }),
      { status: 'Healthy', message: 'secret synced' },
    ],
    [
      'an ExternalSecret that cannot sync',
      eso('ExternalSecret', {
        conditions: [
          condition(
            'Ready',
            'False',
            'SecretSyncedError',
            'could not get secret data from provider',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: SecretSyncedError: could not get secret data from provider',
      },
    ],
    [
      'an ExternalSecret whose Secret was deleted',
      eso('ExternalSecret', {
        conditions: [
          condition(
            'Ready',
            'False',
            'SecretDeleted',
            'secret deleted due to DeletionPolicy',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: SecretDeleted: secret deleted due to DeletionPolicy',
      },
    ],
    [
      'a valid SecretStore',
      eso('SecretStore', {
        conditions: [condition('Ready', 'True', 'Valid', 'store validated')],
      }),
      { status: 'Healthy', message: 'store validated' },
    ],
    [
      'a ClusterSecretStore with a bad provider config',
      eso('ClusterSecretStore', {
        conditions: [
          condition(
            'Ready',
            'False',
            'InvalidProviderConfig',
            'unable to validate store',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: InvalidProviderConfig: unable to validate store',
      },
    ],
    [
      'a PushSecret that failed',
      eso('PushSecret', {
        conditions: [
          condition(
            'Ready',
            'False',
            'Errored',
            'set secret failed: permission denied',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: Errored: set secret failed: permission denied',
      },
    ],
    [
      'a ClusterExternalSecret failing in some namespaces',
      eso('ClusterExternalSecret', {
        conditions: [
          condition(
            'PartiallyReady',
            'True',
            undefined,
            'one or more namespaces failed',
          ),
        ],
        failedNamespaces: [
          { namespace: 'billing', reason: 'ExternalSecret already exists' },
        ],
      }),
      {
        status: 'Degraded',
        message:
          'PartiallyReady: one or more namespaces failed (failed in billing)',
      },
    ],
    [
      'a ready ClusterExternalSecret',
      eso('ClusterExternalSecret', {
        conditions: [condition('Ready', 'True')],
      }),
      { status: 'Healthy', message: 'Ready' },
    ],
  ])('%s', (_, object, expected) => {
    expect(externalSecretsHealth.assess(object)).toEqual(expected);
  });
});
