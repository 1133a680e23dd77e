import {
  HEALTH_STATUSES_BEST_FIRST,
  HealthStatus,
  worstHealth,
} from './status';

describe('worstHealth', () => {
  it('is Healthy for no states', () => {
    expect(worstHealth([])).toBe('Healthy');
  });

  it('returns the single state it is given', () => {
    for (const state of HEALTH_STATUSES_BEST_FIRST) {
      expect(worstHealth([state])).toBe(state);
    }
  });

  it.each<[HealthStatus[], HealthStatus]>([
    [['Healthy', 'Healthy'], 'Healthy'],
    [['Healthy', 'Suspended'], 'Suspended'],
    [['Suspended', 'Progressing', 'Healthy'], 'Progressing'],
    [['Progressing', 'Missing'], 'Missing'],
    [['Missing', 'Unknown'], 'Unknown'],
    [['Degraded', 'Unknown', 'Healthy'], 'Degraded'],
    [['Healthy', 'Degraded', 'Progressing'], 'Degraded'],
  ])('worst of %j is %s', (states, worst) => {
    expect(worstHealth(states)).toBe(worst);
    expect(worstHealth([...states].reverse())).toBe(worst);
  });

  it('accepts any iterable', () => {
    const states = new Set<HealthStatus>(['Healthy', 'Missing']);
    expect(worstHealth(states.values())).toBe('Missing');
  });

  it('orders every health state from best to worst', () => {
    expect(HEALTH_STATUSES_BEST_FIRST).toEqual([
      'Healthy',
      'Suspended',
      'Progressing',
      'Missing',
      'Unknown',
      'Degraded',
    ]);
  });
});
