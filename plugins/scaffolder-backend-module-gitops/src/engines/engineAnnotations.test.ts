import {
  ANNOTATION_ARGOCD_APP,
  ANNOTATION_FLUX_KUSTOMIZATION,
} from '@slipway/plugin-gitops-common';
import { engineSetupFor } from '../__testUtils__/engineSetupFor';
import { engineAnnotations } from './engineAnnotations';

describe('engineAnnotations', () => {
  it('is empty when Slipway applies every environment', () => {
    expect(
      engineAnnotations(
        engineSetupFor({ environments: [{ name: 'dev', cluster: 'c' }] }),
      ),
    ).toEqual({});
  });

  it("names the Application by name alone in Argo CD's default namespace, and the Kustomization with its namespace", () => {
    expect(
      engineAnnotations(
        engineSetupFor({
          environments: [
            { name: 'dev', cluster: 'c' },
            { name: 'staging', cluster: 'c', engine: 'argocd' },
            { name: 'production', cluster: 'c', engine: 'argocd' },
            { name: 'perf', cluster: 'c', engine: 'flux' },
          ],
        }),
      ),
    ).toEqual({
      [ANNOTATION_ARGOCD_APP]: 'payments-{environment}',
      [ANNOTATION_FLUX_KUSTOMIZATION]: 'flux-system/payments-{environment}',
    });
  });

  it('prefixes the namespace of a configured engine instance', () => {
    expect(
      engineAnnotations(
        engineSetupFor({
          engines: [
            { name: 'ops-argocd', type: 'argocd', namespace: 'gitops' },
            { name: 'ops-flux', type: 'flux', namespace: 'flux-apps' },
          ],
          environments: [
            { name: 'staging', cluster: 'c', engine: 'ops-argocd' },
            { name: 'production', cluster: 'c', engine: 'ops-flux' },
          ],
        }),
      ),
    ).toEqual({
      [ANNOTATION_ARGOCD_APP]: 'gitops/payments-{environment}',
      [ANNOTATION_FLUX_KUSTOMIZATION]: 'flux-apps/payments-{environment}',
    });
  });

  it('is left out for an engine type whose environments use different namespaces', () => {
    expect(
      engineAnnotations(
        engineSetupFor({
          engines: [
            { name: 'ops-argocd', type: 'argocd', namespace: 'gitops' },
            { name: 'team-flux', type: 'flux', namespace: 'team' },
          ],
          environments: [
            { name: 'dev', cluster: 'c', engine: 'argocd' },
            { name: 'staging', cluster: 'c', engine: 'ops-argocd' },
            { name: 'qa', cluster: 'c', engine: 'flux' },
            { name: 'production', cluster: 'c', engine: 'team-flux' },
          ],
        }),
      ),
    ).toEqual({});
  });
});
