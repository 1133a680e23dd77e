import { ArgoCdApplication } from './ArgoCdApplication';
import { findArgoCdApplication } from './findArgoCdApplication';

const REPO = 'https://github.com/acme/payments-config';

function application(
  name: string,
  spec: ArgoCdApplication['spec'],
  namespace = 'argocd',
): ArgoCdApplication {
  return { metadata: { name, namespace }, spec };
}

const wanted = {
  location: { url: REPO, branch: 'main', overlayPath: 'envs/dev' },
  where: 'namespace argocd of cluster dev',
};

describe('findArgoCdApplication', () => {
  const dev = application('payments-dev', {
    source: {
      repoURL: `${REPO}.git`,
      path: 'envs/dev',
      targetRevision: 'main',
    },
  });
  const prod = application('payments-prod', {
    source: { repoURL: REPO, path: 'envs/production', targetRevision: 'main' },
  });
  const multi = application('payments-multi', {
    sources: [
      {
        repoURL: 'https://charts.example',
        chart: 'redis',
        targetRevision: '1.0.0',
      },
      { repoURL: REPO, path: 'envs/dev', targetRevision: 'main' },
    ],
  });

  it('finds the Application whose source is the overlay', () => {
    expect(findArgoCdApplication([prod, dev], wanted).object).toBe(dev);
  });

  it('finds one of several sources (spec.sources)', () => {
    expect(findArgoCdApplication([prod, multi], wanted).object).toBe(multi);
  });

  it('refuses to guess between two', () => {
    const found = findArgoCdApplication([dev, multi], wanted);
    expect(found.object).toBeUndefined();
    expect(found.message).toBe(
      `Several Argo CD Applications have the source ${REPO} path envs/dev on main (argocd/payments-dev, argocd/payments-multi); name the one that serves this environment with the slipway.dev/argocd-app annotation`,
    );
  });

  it('says where it looked when none matches', () => {
    expect(findArgoCdApplication([prod], wanted).message).toBe(
      `No Argo CD Application (namespace argocd of cluster dev) has the source ${REPO} path envs/dev on main; create one, or name it with the slipway.dev/argocd-app annotation`,
    );
  });

  it('takes the Application the entity names, whatever its source', () => {
    const named = findArgoCdApplication([dev, prod], {
      ...wanted,
      named: { namespace: 'argocd', name: 'payments-prod' },
    });
    expect(named.object).toBe(prod);
    expect(
      findArgoCdApplication([dev], {
        ...wanted,
        named: { namespace: 'argocd', name: 'payments-qa' },
      }).message,
    ).toBe(
      'Argo CD has no Application argocd/payments-qa (namespace argocd of cluster dev), which the entity names',
    );
  });
});
