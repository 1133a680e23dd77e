import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { planPrune } from './planPrune';
import { TrackingTarget, withTracking } from './trackingLabels';

const target: TrackingTarget = {
  application: 'component:default/payments',
  environment: 'dev',
};

function cm(
  name: string,
  namespace?: string,
  extra: Partial<KubernetesObject['metadata']> = {},
) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, ...extra },
  };
}
const tracked = (object: KubernetesObject) =>
  withTracking(object, target.application, target.environment);

describe('planPrune', () => {
  it('prunes only tracked, undeclared objects that did not opt out, dependants first', () => {
    const live = [
      tracked({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'old' },
      }),
      tracked(cm('kept', 'apps')),
      tracked(cm('in-default-ns', 'apps')),
      tracked(cm('gone', 'apps')),
      tracked(
        cm('opted-out', 'apps', {
          annotations: { 'slipway.dev/prune': 'disabled' },
        }),
      ),
      withTracking(cm('other-env', 'apps'), target.application, 'staging'),
      tracked({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'old', namespace: 'apps' },
      }),
    ];
    const desired = [cm('kept', 'apps'), cm('in-default-ns')];
    const plan = planPrune(desired, live, target, 'apps');
    expect(plan.prune.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/old',
      'ConfigMap/gone',
      'Namespace/old',
    ]);
    expect(plan.skipped.map(s => [s.object.metadata.name, s.reason])).toEqual([
      ['other-env', "it does not carry this application's tracking labels"],
      ['opted-out', 'pruning disabled by annotation'],
    ]);
  });

  it('treats a namespace-less desired object as declaring a cluster-scoped live one', () => {
    const live = [
      tracked({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
      }),
    ];
    const desired = [
      {
        apiVersion: 'example.com/v2',
        kind: 'Widget',
        metadata: { name: 'w', namespace: 'apps' },
      },
    ];
    expect(planPrune(desired, live, target, 'apps').prune).toEqual([]);
  });
});
