import { generateConfigRepoFiles } from '@slipway/plugin-scaffolder-backend-module-gitops';
import {
  startTestClusters,
  TestClusters,
} from '../kubernetes/__testUtils__/startTestClusters';
import { ClusterApplier } from '../kubernetes/ClusterApplier';
import { readOverlayVersion } from '../operations/overlayVersion';
import { setKustomizeImage } from '../overlays';
import { createRendererChain } from './createRendererChain';
import { InMemorySnapshot } from './InMemorySnapshot';

// The scaffolder module's generator is checked against this package's own
// renderer, version reader and cluster dry run: a new service's config repo
// must work with the engine from its first commit.
const IMAGE = 'ghcr.io/acme/payments';

function generate(options: { pending?: string[]; ingressHost?: string } = {}) {
  return generateConfigRepoFiles({
    name: 'payments',
    configPath: '.',
    image: IMAGE,
    tag: '0.1.0',
    port: 8080,
    ingressHost: options.ingressHost,
    codeOwners: '@acme/platform',
    environments: ['dev', 'staging', 'production'].map(name => ({
      name,
      overlayPath: `envs/${name}`,
      protected: name === 'production',
      pinned: !(options.pending ?? []).includes(name),
    })),
  });
}

function snapshotOf(files: Record<string, string>) {
  return new InMemorySnapshot({ revision: 'generated', files });
}

// The first render in a process starts kustomize, which parses its OpenAPI schema:
// seconds on a busy machine.
jest.setTimeout(60_000);

describe('a config repo from gitops:config:generate', () => {
  let clusters: TestClusters;
  let applier: ClusterApplier;

  beforeAll(async () => {
    clusters = await startTestClusters(['dev-cluster']);
    applier = new ClusterApplier(clusters.clients, {
      newKindWaitMs: 2000,
      pollMs: 20,
    });
    await applier.apply('dev-cluster', [
      ...['dev', 'staging', 'production'].map(env => ({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `payments-${env}` },
      })),
    ]);
  });

  afterAll(async () => {
    await clusters.stop();
  });

  it.each(['dev', 'staging', 'production'])(
    'renders the %s overlay with the Kustomize renderer',
    async env => {
      const objects = await createRendererChain().render({
        snapshot: snapshotOf(generate({ ingressHost: 'pay.example.com' })),
        path: `envs/${env}`,
      });
      expect(
        objects
          .map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)
          .sort(),
      ).toEqual([
        `Deployment/payments-${env}/payments`,
        `Ingress/payments-${env}/payments`,
        `Namespace/undefined/payments-${env}`,
        `Service/payments-${env}/payments`,
      ]);
      const deployment = objects.find(o => o.kind === 'Deployment') as any;
      const labels = { app: 'payments', 'app.kubernetes.io/name': 'payments' };
      expect(deployment.spec.selector.matchLabels).toEqual(labels);
      expect(deployment.spec.template.metadata.labels).toEqual(labels);
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        `${IMAGE}:0.1.0`,
      );
    },
  );

  it("passes the cluster's dry run in every environment", async () => {
    const snapshot = snapshotOf(generate());
    for (const env of ['dev', 'staging', 'production']) {
      const objects = await createRendererChain().render({
        snapshot,
        path: `envs/${env}`,
      });
      const results = await applier.apply('dev-cluster', objects, {
        dryRun: true,
        tracking: {
          application: 'component:default/payments',
          environment: env,
        },
      });
      expect(results.map(r => [r.id, r.action, r.error])).toEqual(
        expect.arrayContaining([
          [`apps/Deployment payments-${env}/payments`, 'created', undefined],
          [`Service payments-${env}/payments`, 'created', undefined],
          // The test cluster may already have it from an earlier case.
          [
            `Namespace payments-${env}`,
            expect.stringMatching(/^(created|configured)$/),
            undefined,
          ],
        ]),
      );
      expect(results).toHaveLength(3);
    }
  });

  it('leaves a pending overlay unpinned, so the first deploy can pin it', async () => {
    const files = generate({ pending: ['dev'] });
    const snapshot = snapshotOf(files);
    await expect(
      readOverlayVersion(snapshot, 'envs/dev', IMAGE),
    ).resolves.toEqual({ image: IMAGE, version: undefined });
    await expect(
      readOverlayVersion(snapshot, 'envs/staging', IMAGE),
    ).resolves.toEqual({ image: IMAGE, version: '0.1.0' });
    // Unpinned, the overlay runs the base's tag.
    const [before] = (
      await createRendererChain().render({
        snapshot,
        path: 'envs/dev',
      })
    ).filter(o => o.kind === 'Deployment') as any[];
    expect(before.spec.template.spec.containers[0].image).toBe(
      `${IMAGE}:0.1.0`,
    );

    // The deploy's own edit of the overlay.
    const file = 'envs/dev/kustomization.yaml';
    const deployed = snapshotOf({
      ...files,
      [file]: setKustomizeImage(files[file], file, {
        image: IMAGE,
        tag: '0.2.0',
      }),
    });
    await expect(
      readOverlayVersion(deployed, 'envs/dev', IMAGE),
    ).resolves.toEqual({ image: IMAGE, version: '0.2.0' });
    const [after] = (
      await createRendererChain().render({
        snapshot: deployed,
        path: 'envs/dev',
      })
    ).filter(o => o.kind === 'Deployment') as any[];
    expect(after.spec.template.spec.containers[0].image).toBe(`${IMAGE}:0.2.0`);
  });
});
