import { describeEngine, engineName, engineObject } from './describeEngine';
import { makeArgoCdEngine, makeFluxEngine } from './testFixtures';

describe('describeEngine', () => {
  it('names each engine as its users know it', () => {
    expect(engineName({ type: 'builtin' })).toBe('Slipway');
    expect(engineName({ type: 'argocd' })).toBe('Argo CD');
    expect(engineName({ type: 'flux' })).toBe('Flux');
  });

  it('says which object a pull engine reads', () => {
    expect(engineObject(makeArgoCdEngine())).toBe(
      'Application argocd/payments-dev',
    );
    expect(describeEngine(makeFluxEngine())).toBe(
      'Applied by Flux from Kustomization flux-system/payments-dev',
    );
    expect(engineObject({ type: 'builtin', name: 'builtin' })).toBeUndefined();
    expect(describeEngine({ type: 'builtin', name: 'builtin' })).toBe(
      "Applied by Slipway's own engine",
    );
  });

  it('names an instance other than the default one', () => {
    expect(describeEngine(makeArgoCdEngine({ name: 'ops-argocd' }))).toBe(
      'Applied by Argo CD (ops-argocd) from Application argocd/payments-dev',
    );
  });

  it('says when no object serves the environment', () => {
    expect(describeEngine(makeArgoCdEngine({ object: undefined }))).toBe(
      'Applied by Argo CD; no Application serving this environment was found',
    );
    expect(describeEngine(makeFluxEngine({ object: undefined }))).toBe(
      'Applied by Flux; no Kustomization serving this environment was found',
    );
  });
});
