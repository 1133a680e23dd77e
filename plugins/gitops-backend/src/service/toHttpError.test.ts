import { ConflictError, ServiceUnavailableError } from '@backstage/errors';
import { RenderError } from '@slipway/plugin-gitops-node';
import { SyncFailedError } from '../engine/SyncFailedError';
import { GitCommandError, GitFailureKind } from '../git';
import { ClusterRequestError } from '../kubernetes';
import { OverlayEditError } from '../overlays/OverlayEditError';
import { toHttpError } from './toHttpError';

const statusOf = (error: unknown) => {
  const mapped = toHttpError(error) as Error & { statusCode?: number };
  if (mapped instanceof ConflictError) return 409;
  if (mapped instanceof ServiceUnavailableError) return 503;
  return mapped.statusCode ?? 500;
};

const gitError = (kind: GitFailureKind) =>
  new GitCommandError({
    message: `git ${kind}`,
    kind,
    command: 'git fetch',
    url: 'https://github.com/acme/config',
    stderr: '',
  });

const clusterError = (options: { code?: number; unreachable?: boolean }) =>
  new ClusterRequestError({
    message: 'cluster said no',
    cluster: 'dev-cluster',
    url: 'https://127.0.0.1:6443',
    unreachable: options.unreachable ?? false,
    status: options.code
      ? { code: options.code, reason: 'Reason', message: 'no' }
      : undefined,
  });

const syncFailure = (...reasons: Array<string | undefined>) =>
  new SyncFailedError({
    applied: reasons.map((reason, index) => ({
      id: `v1/ConfigMap ns/c${index}`,
      action: 'failed',
      error: 'refused',
      reason,
    })),
    pruned: [],
    errors: ['refused'],
  });

describe('toHttpError (defect #12.7)', () => {
  it.each([
    [
      'a render error',
      new RenderError('bad', { file: 'k.yaml', line: 3 }),
      422,
    ],
    [
      'a render error from another copy of the library',
      Object.assign(new Error('x'), { name: 'RenderError' }),
      422,
    ],
    [
      'an overlay that cannot be edited',
      new OverlayEditError('bad', 'k.yaml', 2),
      422,
    ],
    ['an unreachable Git host', gitError('unreachable'), 503],
    ['a Git timeout', gitError('timeout'), 503],
    ['Git credentials refused', gitError('authentication'), 502],
    ['a missing repository', gitError('not-found'), 502],
    ['a refused push', gitError('rejected'), 409],
    ['an unreachable cluster', clusterError({ unreachable: true }), 503],
    ['a cluster conflict', clusterError({ code: 409 }), 409],
    ['an object the cluster finds invalid', clusterError({ code: 422 }), 422],
    ["a cluster refusing Slipway's account", clusterError({ code: 403 }), 502],
    ['field-ownership conflicts', syncFailure('Conflict', 'Conflict'), 409],
    ["another application's object", syncFailure('OwnedElsewhere'), 409],
    ['invalid manifests', syncFailure('Invalid', undefined), 422],
    ['other refusals', syncFailure('Forbidden'), 502],
  ])('answers %s with %s', (_what, error, status) => {
    expect(statusOf(error)).toBe(status);
  });

  it('leaves unexpected errors to the framework (a 500 is a bug)', () => {
    const bug = new TypeError('x is undefined');
    expect(toHttpError(bug)).toBe(bug);
  });
});
