import { engineSetupFor } from '../__testUtils__/engineSetupFor';
import { validateEngineSetup } from './validateEngineSetup';

const ARGOCD_AND_FLUX = [
  { name: 'dev', cluster: 'c' },
  { name: 'staging', cluster: 'c', engine: 'argocd' },
  { name: 'production', cluster: 'c', engine: 'flux' },
];

describe('validateEngineSetup', () => {
  it('accepts Argo CD and Flux environments with a repository URL', () => {
    expect(
      validateEngineSetup(engineSetupFor({ environments: ARGOCD_AND_FLUX })),
    ).toBeUndefined();
  });

  it('needs no URL when Slipway applies every environment', () => {
    expect(
      validateEngineSetup(
        engineSetupFor(
          { environments: [{ name: 'dev', cluster: 'c' }] },
          { repoUrl: undefined, application: 'a'.repeat(63) },
        ),
      ),
    ).toBeUndefined();
  });

  it('needs the URL the engines clone', () => {
    expect(
      validateEngineSetup(
        engineSetupFor({ environments: ARGOCD_AND_FLUX }, { repoUrl: '' }),
      ),
    ).toBe(
      'configRepoUrl is required: Argo CD applies environment "staging" and clones the config repository from its URL',
    );
  });

  it.each([
    ['file:///srv/git/payments-config.git'],
    ['git@github.com:acme/payments-config.git'],
  ])('refuses %j for Flux, whose GitRepository would be refused', url => {
    expect(
      validateEngineSetup(
        engineSetupFor({ environments: ARGOCD_AND_FLUX }, { repoUrl: url }),
      ),
    ).toBe(
      `configRepoUrl "${url}" cannot be cloned by Flux, which applies environment "production": a GitRepository takes http://, https:// or ssh:// URLs only`,
    );
  });

  it('leaves the URL to Argo CD, which clones more kinds of URL', () => {
    expect(
      validateEngineSetup(
        engineSetupFor(
          { environments: ARGOCD_AND_FLUX.slice(0, 2) },
          { repoUrl: 'git@github.com:acme/payments-config.git' },
        ),
      ),
    ).toBeUndefined();
  });

  it('refuses an object name longer than Kubernetes allows, saying how long the name may be', () => {
    const application = 'a'.repeat(56);
    expect(
      validateEngineSetup(
        engineSetupFor(
          { environments: ARGOCD_AND_FLUX.slice(0, 2) },
          { application },
        ),
      ),
    ).toBe(
      `Argo CD Application "${application}-staging" for environment "staging" is not a valid Kubernetes name: up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit; the name may have at most 55 characters`,
    );
    expect(
      validateEngineSetup(
        engineSetupFor(
          { environments: [ARGOCD_AND_FLUX[2]] },
          { application: 'a'.repeat(53) },
        ),
      ),
    ).toMatch(
      /^Flux Kustomization "a{53}-production" for environment "production" is not a valid Kubernetes name: .*; the name may have at most 52 characters$/,
    );
    // Exactly 63 characters fit.
    expect(
      validateEngineSetup(
        engineSetupFor(
          { environments: [ARGOCD_AND_FLUX[2]] },
          { application: 'a'.repeat(52) },
        ),
      ),
    ).toBeUndefined();
  });

  it("refuses an engine instance's namespace that is not a Kubernetes name", () => {
    expect(
      validateEngineSetup(
        engineSetupFor({
          engines: [{ name: 'ops', type: 'flux', namespace: 'Flux_Apps' }],
          environments: [{ name: 'production', cluster: 'c', engine: 'ops' }],
        }),
      ),
    ).toBe(
      'Flux namespace "Flux_Apps" of environment "production" is not a valid Kubernetes name: up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit; fix the engine\'s namespace in gitops.engines',
    );
  });

  it('refuses a cluster whose name cannot name its kubeconfig Secret for a remote Flux', () => {
    expect(
      validateEngineSetup(
        engineSetupFor({
          engines: [{ name: 'ops', type: 'flux', cluster: 'ops' }],
          environments: [
            { name: 'production', cluster: 'Prod Cluster', engine: 'ops' },
          ],
        }),
      ),
    ).toMatch(
      /^Flux reaches the cluster of environment "production" through the kubeconfig Secret "Prod Cluster-kubeconfig", which is not a valid Kubernetes name: .*; give the cluster a Kubernetes name in the portal's configuration$/,
    );
  });
});
