import { condition, liveObject } from './__testUtils__/liveObject';
import { fluxHealth } from './fluxHealth';

const kustomization = (
  status?: Record<string, unknown>,
  spec?: Record<string, unknown>,
) =>
  liveObject('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', {
    status,
    spec,
  });
const helmRelease = (
  status?: Record<string, unknown>,
  spec?: Record<string, unknown>,
) => liveObject('helm.toolkit.fluxcd.io/v2', 'HelmRelease', { status, spec });
const gitRepository = (status?: Record<string, unknown>) =>
  liveObject('source.toolkit.fluxcd.io/v1', 'GitRepository', { status });
const ociRepository = (status?: Record<string, unknown>) =>
  liveObject('source.toolkit.fluxcd.io/v1beta2', 'OCIRepository', { status });

describe('fluxHealth', () => {
  it('supports the toolkit groups only', () => {
    expect(fluxHealth.supports(kustomization())).toBe(true);
    expect(fluxHealth.supports(ociRepository())).toBe(true);
    expect(
      fluxHealth.supports({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
      }),
    ).toBe(false);
  });

  it.each([
    [
      'a suspended Kustomization',
      kustomization({}, { suspend: true }),
      {
        status: 'Suspended',
        message: 'Kustomization reconciliation is suspended',
      },
    ],
    [
      'a Kustomization not reconciled yet',
      kustomization(),
      {
        status: 'Progressing',
        message:
          'Waiting for the Flux controller to reconcile the Kustomization',
      },
    ],
    [
      'a Kustomization of an older generation',
      kustomization({
        observedGeneration: 2,
        conditions: [condition('Ready', 'True', 'ReconciliationSucceeded')],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (observed 2)',
      },
    ],
    [
      'an applied Kustomization',
      kustomization({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'True',
            'ReconciliationSucceeded',
            'Applied revision: main@sha1:4f2a9c1',
          ),
        ],
      }),
      { status: 'Healthy', message: 'Applied revision: main@sha1:4f2a9c1' },
    ],
    [
      'a Kustomization running its health checks',
      kustomization({
        observedGeneration: 3,
        conditions: [
          condition(
            'Reconciling',
            'True',
            'ProgressingWithRetry',
            'Running health checks with a timeout of 5m0s',
          ),
          condition(
            'Ready',
            'Unknown',
            'Progressing',
            'Reconciliation in progress',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'ProgressingWithRetry: Running health checks with a timeout of 5m0s',
      },
    ],
    [
      'a Kustomization whose health checks failed',
      kustomization({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'False',
            'HealthCheckFailed',
            'health check failed after 5m0s: timeout waiting for: [Deployment/payments/api status: InProgress]',
          ),
          condition('Healthy', 'False', 'HealthCheckFailed'),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: HealthCheckFailed: health check failed after 5m0s: timeout waiting for: [Deployment/payments/api status: InProgress]',
      },
    ],
    [
      'a Kustomization that cannot build',
      kustomization({
        observedGeneration: 3,
        conditions: [
          condition(
            'Stalled',
            'True',
            'BuildFailed',
            'kustomize build failed: accumulating resources',
          ),
          condition(
            'Ready',
            'False',
            'BuildFailed',
            'kustomize build failed: accumulating resources',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Stalled: BuildFailed: kustomize build failed: accumulating resources',
      },
    ],
    [
      'a Kustomization waiting for its dependencies',
      kustomization({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'False',
            'DependencyNotReady',
            "dependency 'flux-system/infra' is not ready",
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          "Ready: DependencyNotReady: dependency 'flux-system/infra' is not ready",
      },
    ],
    [
      'an installed HelmRelease',
      helmRelease({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'True',
            'InstallSucceeded',
            'Helm install succeeded for release payments/redis.v1 with chart redis@19.0.1',
          ),
          condition('Released', 'True', 'InstallSucceeded'),
        ],
      }),
      {
        status: 'Healthy',
        message:
          'Helm install succeeded for release payments/redis.v1 with chart redis@19.0.1',
      },
    ],
    [
      'a HelmRelease whose upgrade failed while Flux retries',
      helmRelease({
        observedGeneration: 3,
        conditions: [
          condition(
            'Reconciling',
            'True',
            'ProgressingWithRetry',
            'Detecting drift for revision 19.0.2',
          ),
          condition(
            'Ready',
            'False',
            'UpgradeFailed',
            'Helm upgrade failed for release payments/redis: timed out waiting for the condition',
          ),
          condition('Released', 'False', 'UpgradeFailed'),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: UpgradeFailed: Helm upgrade failed for release payments/redis: timed out waiting for the condition',
      },
    ],
    [
      'a HelmRelease out of retries',
      helmRelease({
        observedGeneration: 3,
        conditions: [
          condition(
            'Stalled',
            'True',
            'RetriesExceeded',
            'Failed to install after 1 attempt(s)',
          ),
          condition('Ready', 'False', 'InstallFailed'),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Stalled: RetriesExceeded: Failed to install after 1 attempt(s)',
      },
    ],
    [
      'a suspended HelmRelease',
      helmRelease(
        { conditions: [condition('Ready', 'False', 'UpgradeFailed')] },
        { suspend: true },
      ),
      {
        status: 'Suspended',
        message: 'HelmRelease reconciliation is suspended',
      },
    ],
    [
      'a GitRepository with an artifact',
      gitRepository({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'True',
            'Succeeded',
            "stored artifact for revision 'main@sha1:4f2a9c1'",
          ),
        ],
      }),
      {
        status: 'Healthy',
        message: "stored artifact for revision 'main@sha1:4f2a9c1'",
      },
    ],
    [
      'a GitRepository that cannot fetch',
      gitRepository({
        observedGeneration: 3,
        conditions: [
          condition(
            'FetchFailed',
            'True',
            'GitOperationFailed',
            "failed to checkout and determine revision: unable to clone 'https://example.com/acme/config': authentication required",
          ),
          condition(
            'Ready',
            'False',
            'GitOperationFailed',
            'failed to checkout',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: GitOperationFailed: failed to checkout',
      },
    ],
    [
      'an OCIRepository being fetched',
      ociRepository({
        observedGeneration: 3,
        conditions: [
          condition(
            'Reconciling',
            'True',
            'Progressing',
            "building artifact: new revision '1.4.0@sha256:9a1f'",
          ),
          condition('Ready', 'Unknown', 'Progressing'),
        ],
      }),
      {
        status: 'Progressing',
        message:
          "Progressing: building artifact: new revision '1.4.0@sha256:9a1f'",
      },
    ],
    [
      'an OCIRepository whose artifact cannot be verified',
      ociRepository({
        observedGeneration: 3,
        conditions: [
          condition(
            'Ready',
            'False',
            'VerificationError',
            'failed to verify the signature using provider cosign',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: VerificationError: failed to verify the signature using provider cosign',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(fluxHealth.assess(object)).toEqual(expected);
  });

  it('gives static Flux objects no health', () => {
    expect(
      fluxHealth.assess(
        liveObject('notification.toolkit.fluxcd.io/v1beta3', 'Provider', {
          spec: { type: 'slack' },
        }),
      ),
    ).toBeUndefined();
    expect(
      fluxHealth.assess(
        liveObject('source.toolkit.fluxcd.io/v1', 'HelmRepository', {
          spec: { type: 'oci', url: 'oci://ghcr.io/acme/charts' },
        }),
      ),
    ).toBeUndefined();
    expect(
      fluxHealth.assess(
        liveObject('source.toolkit.fluxcd.io/v1', 'HelmRepository', {
          spec: { url: 'https://charts.example.com' },
        }),
      ),
    ).toEqual({
      status: 'Progressing',
      message:
        'Waiting for the Flux controller to reconcile the HelmRepository',
    });
  });
});
