import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { liveAfterSync } from './liveAfterSync';

function object(
  kind: string,
  name: string,
  resourceVersion: string,
  namespace: string | undefined = 'shop',
): KubernetesObject {
  return {
    apiVersion: kind === 'Deployment' ? 'apps/v1' : 'v1',
    kind,
    metadata: { name, namespace, resourceVersion },
  };
}

const identity = (kind: string, name: string, namespace?: string) => ({
  group: kind === 'Deployment' ? 'apps' : '',
  kind,
  namespace,
  name,
});

describe('liveAfterSync', () => {
  it('puts the answers of applies in place, adds created objects and drops pruned ones', () => {
    const before = [
      object('Deployment', 'web', '1'),
      object('ConfigMap', 'old', '2'),
      object('Namespace', 'shop', '3', undefined),
    ];
    const after = liveAfterSync(
      before,
      [
        {
          id: 'apps/Deployment shop/web',
          identity: identity('Deployment', 'web', 'shop'),
          action: 'configured',
          result: object('Deployment', 'web', '10'),
        },
        {
          id: 'Service shop/web',
          identity: identity('Service', 'web', 'shop'),
          action: 'created',
          result: object('Service', 'web', '11'),
        },
        {
          id: 'Namespace shop',
          identity: identity('Namespace', 'shop'),
          action: 'unchanged',
          result: object('Namespace', 'shop', '3', undefined),
        },
      ],
      [
        {
          id: 'ConfigMap shop/old',
          identity: identity('ConfigMap', 'old', 'shop'),
          action: 'deleted',
        },
      ],
    );
    expect(
      after.map(
        o => `${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion}`,
      ),
    ).toEqual(['Deployment/web@10', 'Namespace/shop@3', 'Service/web@11']);
  });

  it('keeps what a failed apply or a skipped prune left as it was', () => {
    const before = [
      object('Deployment', 'web', '1'),
      object('ConfigMap', 'kept', '2'),
    ];
    const after = liveAfterSync(
      before,
      [
        {
          id: 'apps/Deployment shop/web',
          identity: identity('Deployment', 'web', 'shop'),
          action: 'failed',
          error: 'refused',
        },
      ],
      [
        {
          id: 'ConfigMap shop/kept',
          identity: identity('ConfigMap', 'kept', 'shop'),
          action: 'skipped',
          reason: 'prune disabled',
        },
      ],
    );
    expect(after).toEqual(before);
  });
});
