import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from './readGitOpsConfig';

function read(gitops?: unknown) {
  return readGitOpsConfig(
    new ConfigReader(gitops === undefined ? {} : ({ gitops } as any)),
  );
}

const dev = { name: 'dev', cluster: 'dev-cluster' };
const staging = { name: 'staging', cluster: 'dev-cluster' };

describe('readGitOpsConfig', () => {
  describe('defaults', () => {
    it('gives an empty pipeline and default settings without a gitops block', () => {
      expect(read()).toEqual({
        environments: [],
        overlayPath: 'envs/{environment}',
        engine: { intervalMs: 60_000, concurrency: 8 },
        webhooks: { secret: undefined },
        render: { kustomizeCommand: undefined, helmCommand: undefined },
        cacheDir: undefined,
      });
    });

    it('applies per-environment defaults', () => {
      expect(read({ environments: [dev] }).environments).toEqual([
        {
          name: 'dev',
          cluster: 'dev-cluster',
          namespace: undefined,
          sync: { automated: false, prune: false, selfHeal: false },
          promotion: undefined,
          changes: 'commit',
          protected: false,
          engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
        },
      ]);
    });
  });

  describe('engines', () => {
    it("runs Argo CD or Flux on the environment's own cluster by type", () => {
      const [a, b] = read({
        environments: [
          { ...dev, engine: 'argocd' },
          { ...staging, engine: 'flux' },
        ],
      }).environments;
      expect(a.engine).toEqual({
        type: 'argocd',
        name: 'argocd',
        cluster: 'dev-cluster',
        namespace: 'argocd',
      });
      expect(b.engine).toEqual({
        type: 'flux',
        name: 'flux',
        cluster: 'dev-cluster',
        namespace: undefined,
      });
    });

    it('names an instance on a management cluster from gitops.engines', () => {
      const [a] = read({
        engines: [
          {
            name: 'ops-argocd',
            type: 'argocd',
            cluster: 'ops',
            namespace: 'gitops',
          },
        ],
        environments: [{ ...dev, engine: 'ops-argocd' }],
      }).environments;
      expect(a.engine).toEqual({
        type: 'argocd',
        name: 'ops-argocd',
        cluster: 'ops',
        namespace: 'gitops',
      });
    });

    it.each([
      [
        { environments: [{ ...dev, engine: 'spinnaker' }] },
        'gitops.environments[0].engine "spinnaker" is neither builtin, argocd, flux nor the name of a gitops.engines entry',
      ],
      [
        { engines: [{ name: 'x', type: 'jenkins' }], environments: [dev] },
        'gitops.engines[0].type must be "argocd" or "flux", got "jenkins"',
      ],
      [
        { engines: [{ name: 'flux', type: 'argocd' }], environments: [dev] },
        'gitops.engines[0].name "flux" is an engine type of its own; name the argocd instance differently',
      ],
      [
        {
          engines: [
            { name: 'a', type: 'argocd' },
            { name: 'a', type: 'flux' },
          ],
          environments: [dev],
        },
        'gitops.engines[1].name "a" is configured twice',
      ],
    ])('refuses %j', (gitops, message) => {
      expect(() => read(gitops)).toThrow(message);
    });
  });

  it('reads the example configuration of DESIGN.md in pipeline order', () => {
    const config = read({
      environments: [
        {
          name: 'dev',
          cluster: 'dev-cluster',
          sync: { automated: true, prune: true, selfHeal: true },
        },
        { name: 'staging', cluster: 'dev-cluster', promotion: { from: 'dev' } },
        {
          name: 'production',
          cluster: 'prod-cluster',
          namespace: 'payments',
          promotion: { from: 'staging', requireHealthySource: true },
          changes: 'pull-request',
          protected: true,
        },
      ],
      overlayPath: 'overlays/{environment}',
      engine: { interval: '30s', concurrency: 2 },
      webhooks: { secret: 'hush' },
      cacheDir: '/var/cache/slipway',
    });
    expect(config).toEqual({
      environments: [
        {
          name: 'dev',
          cluster: 'dev-cluster',
          namespace: undefined,
          sync: { automated: true, prune: true, selfHeal: true },
          promotion: undefined,
          changes: 'commit',
          protected: false,
          engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
        },
        {
          name: 'staging',
          cluster: 'dev-cluster',
          namespace: undefined,
          sync: { automated: false, prune: false, selfHeal: false },
          promotion: { from: 'dev', requireHealthySource: false },
          changes: 'commit',
          protected: false,
          engine: { type: 'builtin', name: 'builtin', cluster: 'dev-cluster' },
        },
        {
          name: 'production',
          cluster: 'prod-cluster',
          namespace: 'payments',
          sync: { automated: false, prune: false, selfHeal: false },
          promotion: { from: 'staging', requireHealthySource: true },
          changes: 'pull-request',
          protected: true,
          engine: { type: 'builtin', name: 'builtin', cluster: 'prod-cluster' },
        },
      ],
      overlayPath: 'overlays/{environment}',
      engine: { intervalMs: 30_000, concurrency: 2 },
      webhooks: { secret: 'hush' },
      render: { kustomizeCommand: undefined, helmCommand: undefined },
      cacheDir: '/var/cache/slipway',
    });
  });

  describe('environment errors name the key', () => {
    it.each(['Dev', 'dev_1', '-dev', 'dev-', 'my env', 'dév'])(
      'refuses the name %j',
      name => {
        expect(() =>
          read({ environments: [dev, { name, cluster: 'c' }] }),
        ).toThrow(
          `gitops.environments[1].name "${name}" is not a valid environment name: use lowercase letters, digits and dashes`,
        );
      },
    );

    it('refuses an empty name, naming the key', () => {
      expect(() =>
        read({ environments: [{ name: '', cluster: 'c' }] }),
      ).toThrow(/gitops\.environments\[0\]\.name/);
    });

    it('refuses a duplicate name', () => {
      expect(() =>
        read({ environments: [dev, staging, { ...dev, cluster: 'other' }] }),
      ).toThrow('gitops.environments[2].name "dev" is configured twice');
    });

    it('refuses promotion from a later environment', () => {
      expect(() =>
        read({
          environments: [{ ...dev, promotion: { from: 'staging' } }, staging],
        }),
      ).toThrow(
        'gitops.environments[0].promotion.from "staging" must name an environment configured before "dev"',
      );
    });

    it('refuses promotion from an unknown environment', () => {
      expect(() =>
        read({
          environments: [dev, { ...staging, promotion: { from: 'qa' } }],
        }),
      ).toThrow(
        'gitops.environments[1].promotion.from "qa" must name an environment configured before "staging"',
      );
    });

    it('refuses promotion from itself', () => {
      expect(() =>
        read({ environments: [{ ...dev, promotion: { from: 'dev' } }] }),
      ).toThrow(
        'gitops.environments[0].promotion.from "dev" must name an environment configured before "dev"',
      );
    });

    it('refuses an unknown way of writing changes', () => {
      expect(() =>
        read({ environments: [{ ...dev, changes: 'push' }] }),
      ).toThrow(
        'gitops.environments[0].changes must be "commit" or "pull-request", got "push"',
      );
    });

    it('requires a name and a cluster', () => {
      expect(() => read({ environments: [{ cluster: 'c' }] })).toThrow(
        /gitops\.environments\[0\]\.name/,
      );
      expect(() => read({ environments: [{ name: 'dev' }] })).toThrow(
        /gitops\.environments\[0\]\.cluster/,
      );
    });
  });

  describe('overlayPath', () => {
    it.each([
      '{environment}',
      'apps/{environment}/overlay',
      './envs/{environment}',
    ])('accepts %j', overlayPath => {
      expect(read({ overlayPath }).overlayPath).toBe(overlayPath);
    });

    it('must contain {environment}', () => {
      expect(() => read({ overlayPath: 'envs/dev' })).toThrow(
        'gitops.overlayPath "envs/dev" must contain {environment}',
      );
    });

    it.each([
      ['../envs/{environment}', 'escapes the repository with ".."'],
      ['envs/{environment}/..', 'escapes the repository with ".."'],
      [
        '/envs/{environment}',
        'is absolute; give a path relative to the repository root',
      ],
      ['envs\\{environment}', 'contains a backslash; use forward slashes'],
    ])('refuses %j', (overlayPath, problem) => {
      expect(() => read({ overlayPath })).toThrow(
        `gitops.overlayPath "${overlayPath}" ${problem}`,
      );
    });
  });

  describe('engine.concurrency', () => {
    it.each([0, -1, 1.5])('refuses %p', concurrency => {
      expect(() => read({ engine: { concurrency } })).toThrow(
        `gitops.engine.concurrency must be a whole number of at least 1, got ${concurrency}`,
      );
    });

    it('accepts 1', () => {
      expect(read({ engine: { concurrency: 1 } }).engine.concurrency).toBe(1);
    });
  });

  describe('engine.interval', () => {
    it.each<[unknown, number]>([
      ['60s', 60_000],
      ['5m', 300_000],
      ['1h', 3_600_000],
      ['250ms', 250],
      [' 90s ', 90_000],
      ['PT1M', 60_000],
      ['PT1H30M', 5_400_000],
      [{ minutes: 2 }, 120_000],
      [{ seconds: 30 }, 30_000],
    ])('reads %j as %d ms', (interval, ms) => {
      expect(read({ engine: { interval } }).engine.intervalMs).toBe(ms);
    });

    it.each(['soon', '5 parsecs', '-5m'])('refuses %j', interval => {
      expect(() => read({ engine: { interval } })).toThrow(
        /^gitops\.engine\.interval is not a duration \(e\.g\. 60s, 5m, PT1M\)/,
      );
    });
  });
});
