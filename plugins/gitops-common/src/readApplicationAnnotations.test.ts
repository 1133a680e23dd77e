import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_CONFIG_BRANCH,
  ANNOTATION_CONFIG_PATH,
  ANNOTATION_CONFIG_REPO,
  ANNOTATION_ENVIRONMENTS,
  ANNOTATION_IMAGE,
} from './annotations';
import {
  InvalidAnnotationError,
  isGitOpsAvailable,
  readApplicationAnnotations,
} from './readApplicationAnnotations';

const REPO = 'https://github.com/acme/payments-config';

function entity(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', ...(annotations ? { annotations } : {}) },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** Reads the annotations and returns the error, failing when there is none. */
function errorFor(
  annotations?: Record<string, string>,
): InvalidAnnotationError {
  try {
    readApplicationAnnotations(entity(annotations));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidAnnotationError);
    return error as InvalidAnnotationError;
  }
  throw new Error('expected readApplicationAnnotations to throw');
}

describe('isGitOpsAvailable', () => {
  it('is true when the entity has a config repo annotation', () => {
    expect(isGitOpsAvailable(entity({ [ANNOTATION_CONFIG_REPO]: REPO }))).toBe(
      true,
    );
  });

  it('is false without annotations, without the config repo annotation, or with a blank one', () => {
    expect(isGitOpsAvailable(entity())).toBe(false);
    expect(
      isGitOpsAvailable(
        entity({ [ANNOTATION_IMAGE]: 'ghcr.io/acme/payments' }),
      ),
    ).toBe(false);
    expect(isGitOpsAvailable(entity({ [ANNOTATION_CONFIG_REPO]: '   ' }))).toBe(
      false,
    );
  });
});

describe('readApplicationAnnotations', () => {
  describe('defaults', () => {
    it('needs only the config repo and defaults everything else', () => {
      expect(
        readApplicationAnnotations(entity({ [ANNOTATION_CONFIG_REPO]: REPO })),
      ).toEqual({
        configRepo: { url: REPO, path: '.', branch: undefined },
        image: undefined,
        environments: undefined,
      });
    });

    it('trims the values and treats blank optional annotations as absent', () => {
      expect(
        readApplicationAnnotations(
          entity({
            [ANNOTATION_CONFIG_REPO]: `  ${REPO} `,
            [ANNOTATION_CONFIG_PATH]: '  ',
            [ANNOTATION_CONFIG_BRANCH]: ' ',
            [ANNOTATION_IMAGE]: '',
            [ANNOTATION_ENVIRONMENTS]: '  ',
          }),
        ),
      ).toEqual({
        configRepo: { url: REPO, path: '.', branch: undefined },
        image: undefined,
        environments: undefined,
      });
    });

    it('returns every annotation when all are given', () => {
      expect(
        readApplicationAnnotations(
          entity({
            [ANNOTATION_CONFIG_REPO]: REPO,
            [ANNOTATION_CONFIG_PATH]: 'apps/payments',
            [ANNOTATION_CONFIG_BRANCH]: 'release/2024.1',
            [ANNOTATION_IMAGE]: 'ghcr.io/acme/payments',
            [ANNOTATION_ENVIRONMENTS]: 'dev, staging ,production',
          }),
        ),
      ).toEqual({
        configRepo: {
          url: REPO,
          path: 'apps/payments',
          branch: 'release/2024.1',
        },
        image: 'ghcr.io/acme/payments',
        environments: ['dev', 'staging', 'production'],
      });
    });
  });

  describe('slipway.dev/config-repo', () => {
    it('is required', () => {
      const cases: Array<Record<string, string> | undefined> = [
        undefined,
        {},
        { [ANNOTATION_CONFIG_REPO]: ' ' },
      ];
      for (const annotations of cases) {
        const error = errorFor(annotations);
        expect(error.annotation).toBe(ANNOTATION_CONFIG_REPO);
        expect(error.name).toBe('InvalidAnnotationError');
        expect(error.message).toBe(
          `Entity has no ${ANNOTATION_CONFIG_REPO} annotation; add the URL of its config repository`,
        );
      }
    });

    it('must be a URL', () => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: 'github.com/acme/payments-config',
      });
      expect(error.annotation).toBe(ANNOTATION_CONFIG_REPO);
      expect(error.message).toBe(
        `${ANNOTATION_CONFIG_REPO} is not a URL: "github.com/acme/payments-config"`,
      );
    });

    it.each(['https', 'http', 'ssh', 'file'])('accepts %s URLs', scheme => {
      const url =
        scheme === 'file'
          ? 'file:///srv/git/payments-config'
          : `${scheme}://git.example.com/acme/payments-config.git`;
      expect(
        readApplicationAnnotations(entity({ [ANNOTATION_CONFIG_REPO]: url }))
          .configRepo.url,
      ).toBe(url);
    });

    it.each([
      ['ftp://example.com/repo.git', 'ftp:'],
      // eslint-disable-next-line no-script-url -- the input this test refuses
      ['javascript:alert(1)', 'javascript:'],
      ['git://example.com/repo.git', 'git:'],
    ])('refuses the scheme of %s', (url, protocol) => {
      const error = errorFor({ [ANNOTATION_CONFIG_REPO]: url });
      expect(error.annotation).toBe(ANNOTATION_CONFIG_REPO);
      expect(error.message).toBe(
        `${ANNOTATION_CONFIG_REPO} must be an https, http, ssh or file URL, got "${protocol}"`,
      );
    });

    it.each([
      'https://user:s3cret@github.com/acme/payments-config',
      'https://ghp_token@github.com/acme/payments-config',
      'http://user@git.example.com/acme/payments-config',
      'ssh://git:s3cret@github.com/acme/payments-config.git',
    ])('refuses credentials in %s without repeating them', url => {
      const error = errorFor({ [ANNOTATION_CONFIG_REPO]: url });
      expect(error.annotation).toBe(ANNOTATION_CONFIG_REPO);
      expect(error.message).toBe(
        `${ANNOTATION_CONFIG_REPO} must not contain credentials; configure them under integrations`,
      );
      expect(error.message).not.toContain('s3cret');
      expect(error.message).not.toContain('ghp_token');
    });
  });

  it('accepts the SSH user name, which is not a credential', () => {
    const url = 'ssh://git@github.com/acme/payments-config.git';
    expect(
      readApplicationAnnotations(entity({ [ANNOTATION_CONFIG_REPO]: url }))
        .configRepo.url,
    ).toBe(url);
  });

  describe('slipway.dev/config-path', () => {
    it.each([
      ['apps/payments', 'apps/payments'],
      ['./apps/payments/', 'apps/payments'],
      ['apps//payments', 'apps/payments'],
      ['apps/./payments', 'apps/payments'],
      ['.', '.'],
      ['./', '.'],
      ['a..b/c', 'a..b/c'],
    ])('normalises %j to %j', (raw, normalised) => {
      expect(
        readApplicationAnnotations(
          entity({
            [ANNOTATION_CONFIG_REPO]: REPO,
            [ANNOTATION_CONFIG_PATH]: raw,
          }),
        ).configRepo.path,
      ).toBe(normalised);
    });

    it.each([
      ['../other', 'escapes the repository with ".."'],
      ['apps/../../etc', 'escapes the repository with ".."'],
      ['..', 'escapes the repository with ".."'],
      [
        '/etc/passwd',
        'is absolute; give a path relative to the repository root',
      ],
      ['C:/repo', 'is absolute; give a path relative to the repository root'],
      ['apps\\payments', 'contains a backslash; use forward slashes'],
      ['apps/\0', 'contains a NUL character'],
    ])('refuses %j', (raw, problem) => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: REPO,
        [ANNOTATION_CONFIG_PATH]: raw,
      });
      expect(error.annotation).toBe(ANNOTATION_CONFIG_PATH);
      expect(error.message).toBe(
        `${ANNOTATION_CONFIG_PATH} "${raw}" ${problem}`,
      );
    });
  });

  describe('slipway.dev/config-branch', () => {
    it.each(['main', 'release/1.2', 'feature_x-y', 'v1.0'])(
      'accepts %j',
      branch => {
        expect(
          readApplicationAnnotations(
            entity({
              [ANNOTATION_CONFIG_REPO]: REPO,
              [ANNOTATION_CONFIG_BRANCH]: branch,
            }),
          ).configRepo.branch,
        ).toBe(branch);
      },
    );

    it.each([
      '/main',
      'main/',
      'a//b',
      'a..b',
      'main.lock',
      'main.',
      'a@{1}',
      'has space',
      'tilde~1',
      'caret^',
      'colon:x',
      'star*',
      'question?',
    ])('refuses %j', branch => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: REPO,
        [ANNOTATION_CONFIG_BRANCH]: branch,
      });
      expect(error.annotation).toBe(ANNOTATION_CONFIG_BRANCH);
      expect(error.message).toBe(
        `${ANNOTATION_CONFIG_BRANCH} "${branch}" is not a valid branch name`,
      );
    });
  });

  describe('slipway.dev/image', () => {
    it.each([
      'nginx',
      'ghcr.io/acme/payments',
      'registry.example.com:5000/team/app',
      'localhost:5000/app',
      'docker.io/library/my_app',
      'acme/my--app',
    ])('accepts %j', image => {
      expect(
        readApplicationAnnotations(
          entity({ [ANNOTATION_CONFIG_REPO]: REPO, [ANNOTATION_IMAGE]: image }),
        ).image,
      ).toBe(image);
    });

    it.each([
      'ghcr.io/acme/payments:1.0.0',
      'nginx:1.25',
      'nginx:1',
      'ghcr.io/acme/payments@sha256:abc',
      'GHCR.io/Acme/Payments',
      'ghcr.io/acme/payments/',
      'https://ghcr.io/acme/payments',
    ])('refuses %j', image => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: REPO,
        [ANNOTATION_IMAGE]: image,
      });
      expect(error.annotation).toBe(ANNOTATION_IMAGE);
      expect(error.message).toBe(
        `${ANNOTATION_IMAGE} "${image}" is not an image repository (expected e.g. ghcr.io/acme/payments, without a tag)`,
      );
    });
  });

  describe('slipway.dev/environments', () => {
    it('keeps the order the entity gives', () => {
      expect(
        readApplicationAnnotations(
          entity({
            [ANNOTATION_CONFIG_REPO]: REPO,
            [ANNOTATION_ENVIRONMENTS]: 'staging,dev',
          }),
        ).environments,
      ).toEqual(['staging', 'dev']);
    });

    it.each([
      ['dev,,production', ''],
      ['dev,Staging', 'Staging'],
      ['dev,prod_1', 'prod_1'],
      ['dev,-prod', '-prod'],
      ['dev;staging', 'dev;staging'],
    ])('refuses %j naming the bad entry', (raw, bad) => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: REPO,
        [ANNOTATION_ENVIRONMENTS]: raw,
      });
      expect(error.annotation).toBe(ANNOTATION_ENVIRONMENTS);
      expect(error.message).toBe(
        `${ANNOTATION_ENVIRONMENTS} has an invalid environment name "${bad}"; use a comma-separated list such as dev,staging,production`,
      );
    });

    it('refuses an environment named twice', () => {
      const error = errorFor({
        [ANNOTATION_CONFIG_REPO]: REPO,
        [ANNOTATION_ENVIRONMENTS]: 'dev,staging, dev',
      });
      expect(error.annotation).toBe(ANNOTATION_ENVIRONMENTS);
      expect(error.message).toBe(
        `${ANNOTATION_ENVIRONMENTS} names "dev" twice`,
      );
    });
  });

  it('reports the first problem in annotation order', () => {
    const error = errorFor({
      [ANNOTATION_CONFIG_REPO]: REPO,
      [ANNOTATION_CONFIG_PATH]: '../x',
      [ANNOTATION_IMAGE]: 'nginx:latest',
    });
    expect(error.annotation).toBe(ANNOTATION_CONFIG_PATH);
  });
});
