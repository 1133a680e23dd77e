import { findFluxKustomization } from './findFluxKustomization';
import { FluxGitRepository, FluxKustomization } from './FluxKustomization';

const REPO = 'https://github.com/acme/payments-config';

const repository = (
  name: string,
  ref: NonNullable<FluxGitRepository['spec']>['ref'],
  url = REPO,
): FluxGitRepository => ({
  metadata: { name, namespace: 'flux-system' },
  spec: { url, ref },
});

const kustomization = (
  name: string,
  source: string,
  path: string,
  namespace = 'flux-system',
  sourceNamespace?: string,
): FluxKustomization => ({
  metadata: { name, namespace },
  spec: {
    sourceRef: {
      kind: 'GitRepository',
      name: source,
      namespace: sourceNamespace,
    },
    path,
  },
});

const wanted = {
  location: { url: REPO, branch: 'main', overlayPath: 'envs/dev' },
  where: 'any namespace of cluster dev',
};

describe('findFluxKustomization', () => {
  const main = repository('payments', { branch: 'main' });
  const tag = repository('payments-tag', { tag: 'v1.0.0' });
  const dev = kustomization('payments-dev', 'payments', './envs/dev');
  const prod = kustomization('payments-prod', 'payments', './envs/production');

  it('finds the Kustomization whose GitRepository and path are the overlay, with its source', () => {
    const found = findFluxKustomization([prod, dev], [main, tag], wanted);
    expect(found.object).toEqual({ kustomization: dev, source: main });
  });

  it('follows a sourceRef into another namespace', () => {
    const elsewhere = kustomization(
      'payments-dev',
      'payments',
      'envs/dev',
      'team-a',
      'flux-system',
    );
    expect(
      findFluxKustomization([elsewhere], [main], wanted).object?.source,
    ).toBe(main);
  });

  it('ignores sources pinned to a tag or on another branch', () => {
    const pinned = kustomization(
      'payments-dev-tag',
      'payments-tag',
      './envs/dev',
    );
    const other = repository('payments-release', { branch: 'release' });
    const onRelease = kustomization(
      'payments-dev-release',
      'payments-release',
      './envs/dev',
    );
    expect(
      findFluxKustomization([pinned, onRelease], [tag, other], wanted).message,
    ).toBe(
      `No Flux Kustomization (any namespace of cluster dev) builds ${REPO} path envs/dev on main from a GitRepository; create one, or name it with the slipway.dev/flux-kustomization annotation`,
    );
  });

  it('refuses to guess between two', () => {
    const twin = kustomization('payments-dev-2', 'payments', 'envs/dev');
    expect(findFluxKustomization([dev, twin], [main], wanted).message).toMatch(
      /^Several Flux Kustomizations build .* \(flux-system\/payments-dev, flux-system\/payments-dev-2\)/,
    );
  });

  it('takes the Kustomization the entity names', () => {
    const found = findFluxKustomization([dev, prod], [main], {
      ...wanted,
      named: { namespace: 'flux-system', name: 'payments-prod' },
    });
    expect(found.object?.kustomization).toBe(prod);
  });
});
