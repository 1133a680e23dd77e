import {
  ANNOTATION_ENVIRONMENTS,
  ApplicationAnnotations,
  InvalidAnnotationError,
} from '@slipway/plugin-gitops-common';
import { ConfigReader } from '@backstage/config';
import { readGitOpsConfig } from './readGitOpsConfig';
import { resolvePipeline } from './resolvePipeline';

const environments = [
  { name: 'dev', cluster: 'dev-cluster', sync: { automated: true } },
  { name: 'staging', cluster: 'dev-cluster', promotion: { from: 'dev' } },
  {
    name: 'production',
    cluster: 'prod-cluster',
    promotion: { from: 'staging' },
    protected: true,
  },
];

function config(overlayPath?: string, envs: unknown[] = environments) {
  return readGitOpsConfig(
    new ConfigReader({
      gitops: { environments: envs, ...(overlayPath ? { overlayPath } : {}) },
    } as any),
  );
}

function annotations(path = '.', narrowed?: string[]): ApplicationAnnotations {
  return {
    configRepo: { url: 'https://github.com/acme/payments-config', path },
    environments: narrowed,
  };
}

describe('resolvePipeline', () => {
  it('returns every configured environment in pipeline order with its settings', () => {
    const pipeline = resolvePipeline(config(), annotations());
    expect(pipeline.map(env => [env.name, env.overlayPath])).toEqual([
      ['dev', 'envs/dev'],
      ['staging', 'envs/staging'],
      ['production', 'envs/production'],
    ]);
    expect(pipeline[0].sync.automated).toBe(true);
    expect(pipeline[1].promotion).toEqual({
      from: 'dev',
      requireHealthySource: false,
    });
    expect(pipeline[2]).toMatchObject({
      cluster: 'prod-cluster',
      protected: true,
    });
  });

  it("narrows to the entity's environments but keeps the portal's order", () => {
    const pipeline = resolvePipeline(
      config(),
      annotations('.', ['production', 'dev']),
    );
    expect(pipeline.map(env => env.name)).toEqual(['dev', 'production']);
  });

  it('refuses environments the portal does not configure, listing the configured ones', () => {
    let error: unknown;
    try {
      resolvePipeline(config(), annotations('.', ['dev', 'qa', 'prod']));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    expect((error as InvalidAnnotationError).annotation).toBe(
      ANNOTATION_ENVIRONMENTS,
    );
    expect((error as Error).message).toBe(
      `${ANNOTATION_ENVIRONMENTS} names "qa", "prod", which the portal does not configure (configured: dev, staging, production)`,
    );
  });

  it('says "none" when the portal configures no environments', () => {
    expect(() =>
      resolvePipeline(config(undefined, []), annotations('.', ['dev'])),
    ).toThrow(
      `${ANNOTATION_ENVIRONMENTS} names "dev", which the portal does not configure (configured: none)`,
    );
  });

  it('returns an empty pipeline when the portal configures none and the entity does not narrow', () => {
    expect(resolvePipeline(config(undefined, []), annotations())).toEqual([]);
  });

  it('joins the overlay path under a config-path subfolder', () => {
    expect(
      resolvePipeline(config(), annotations('apps/payments')).map(
        env => env.overlayPath,
      ),
    ).toEqual([
      'apps/payments/envs/dev',
      'apps/payments/envs/staging',
      'apps/payments/envs/production',
    ]);
  });

  it('substitutes every {environment} and normalises "." segments', () => {
    expect(
      resolvePipeline(
        config('./clusters/{environment}/apps/{environment}/'),
        annotations('apps/payments', ['staging']),
      ).map(env => env.overlayPath),
    ).toEqual(['apps/payments/clusters/staging/apps/staging']);
  });

  it('puts the overlay at the repository root for overlayPath {environment} and config-path "."', () => {
    expect(
      resolvePipeline(config('{environment}'), annotations('.', ['dev'])).map(
        env => env.overlayPath,
      ),
    ).toEqual(['dev']);
  });
});
