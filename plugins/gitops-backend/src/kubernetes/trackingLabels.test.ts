import {
  APPLICATION_LABEL,
  applicationLabelValue,
  ENTITY_REF_ANNOTATION,
  ENVIRONMENT_LABEL,
  isPruneDisabled,
  isTrackedBy,
  isValidLabelValue,
  MANAGED_BY_LABEL,
  trackingSelector,
  withTracking,
} from './trackingLabels';

const configMap = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'flags',
    labels: { app: 'payments', [APPLICATION_LABEL]: 'someone-else' },
    annotations: { note: 'kept' },
  },
  data: { a: 'b' },
};

describe('trackingLabels', () => {
  it('turns entity refs into stable, valid, distinct label values', () => {
    const value = applicationLabelValue('component:default/payments');
    expect(value).toMatch(/^payments-[0-9a-f]{10}$/);
    expect(isValidLabelValue(value)).toBe(true);
    expect(applicationLabelValue('Component:Default/Payments')).toBe(value);
    expect(applicationLabelValue('component:other/payments')).not.toBe(value);

    const long = applicationLabelValue(
      `component:default/${'x'.repeat(60)}_.-y`,
    );
    expect(long.length).toBeLessThanOrEqual(63);
    expect(isValidLabelValue(long)).toBe(true);
    expect(() => applicationLabelValue('not a ref')).toThrow(
      /not a valid entity ref/,
    );
  });

  it('stamps labels and annotations on a copy', () => {
    const tracked = withTracking(
      configMap,
      'component:default/payments',
      'dev',
    );
    expect(tracked.metadata.labels).toEqual({
      app: 'payments',
      [MANAGED_BY_LABEL]: 'slipway',
      [APPLICATION_LABEL]: applicationLabelValue('component:default/payments'),
      [ENVIRONMENT_LABEL]: 'dev',
    });
    expect(tracked.metadata.annotations).toEqual({
      note: 'kept',
      [ENTITY_REF_ANNOTATION]: 'component:default/payments',
    });
    expect(configMap.metadata.labels[APPLICATION_LABEL]).toBe('someone-else');
    expect(
      isTrackedBy(tracked, {
        application: 'component:default/payments',
        environment: 'dev',
      }),
    ).toBe(true);
    expect(
      isTrackedBy(tracked, {
        application: 'component:default/payments',
        environment: 'staging',
      }),
    ).toBe(false);
  });

  it('selects an application in an environment', () => {
    expect(
      trackingSelector({
        application: 'component:default/payments',
        environment: 'dev',
      }),
    ).toBe(
      `app.kubernetes.io/managed-by=slipway,slipway.dev/application=${applicationLabelValue(
        'component:default/payments',
      )},slipway.dev/environment=dev`,
    );
    expect(() =>
      trackingSelector({
        application: 'component:default/payments',
        environment: 'dev env',
      }),
    ).toThrow(/cannot be a Kubernetes label value/);
  });

  it.each([
    [{ 'slipway.dev/prune': 'disabled' }, true],
    [{ 'argocd.argoproj.io/sync-options': 'Prune=false' }, true],
    [
      {
        'argocd.argoproj.io/sync-options': 'ServerSideApply=true, Prune=false',
      },
      true,
    ],
    [{ 'argocd.argoproj.io/sync-options': 'Prune=true' }, false],
    [{ 'slipway.dev/prune': 'enabled' }, false],
    [undefined, false],
  ])('reads the prune opt-out from %j', (annotations, disabled) => {
    expect(
      isPruneDisabled({ ...configMap, metadata: { name: 'x', annotations } }),
    ).toBe(disabled);
  });
});
