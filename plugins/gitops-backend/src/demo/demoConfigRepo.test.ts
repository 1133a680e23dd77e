import { promises as fs } from 'fs';
import { join } from 'path';
import { createRendererChain } from '../render/createRendererChain';
import { instantiateDemoConfigRepo } from './demoConfigRepo';
import { InMemorySnapshot } from '../render/InMemorySnapshot';

const demo = join(__dirname, '..', '..', '..', '..', 'examples', 'demo');

// The first render in a process starts kustomize, which parses its OpenAPI schema:
// seconds on a busy machine.
jest.setTimeout(60_000);

describe('the demo config repos', () => {
  it.each(['payments', 'checkout', 'storefront'])(
    'render every environment of %s',
    async name => {
      const services = JSON.parse(
        await fs.readFile(join(demo, 'services.json'), 'utf8'),
      );
      const service = services.services.find(
        (s: { name: string }) => s.name === name,
      );
      const version = services.initialVersion[name];
      const files = await instantiateDemoConfigRepo(
        join(demo, 'config-repo-template'),
        { ...service, version },
      );
      const snapshot = new InMemorySnapshot({ revision: 'demo', files });
      const chain = createRendererChain();
      const prefix = service.configPath === '.' ? '' : `${service.configPath}/`;
      const replicas: Record<string, number> = {
        dev: 1,
        staging: 2,
        production: 3,
      };
      for (const env of ['dev', 'staging', 'production']) {
        const objects = await chain.render({
          snapshot,
          path: `${prefix}envs/${env}`,
        });
        expect(
          objects.map(
            o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
          ),
        ).toEqual([
          `Namespace/undefined/${name}-${env}`,
          `Service/${name}-${env}/${name}`,
          `Deployment/${name}-${env}/${name}`,
        ]);
        const [, svc, deployment] = objects as any[];
        const labels = {
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/part-of': 'slipway-demo',
        };
        expect(svc.spec.selector).toEqual({ app: name, ...labels });
        expect(deployment.spec.selector.matchLabels).toEqual({
          app: name,
          ...labels,
        });
        expect(deployment.spec.replicas).toBe(replicas[env]);
        const container = deployment.spec.template.spec.containers[0];
        expect(container.image).toBe(`ghcr.io/slipway-demo/${name}:${version}`);
        expect(container.ports[0].containerPort).toBe(service.port);
        expect(container.resources.limits.memory).toBe(
          env === 'production' ? '256Mi' : '128Mi',
        );
      }
    },
  );
});
