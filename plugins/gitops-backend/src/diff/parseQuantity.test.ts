import { isSameQuantity, parseQuantity } from './parseQuantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', '0.5'],
    ['0.5', 0.5],
    ['1', '1000m'],
    ['100m', '0.1'],
    ['1Gi', '1024Mi'],
    ['1Mi', '1048576'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1E3', '1000'],
    ['2.5Gi', '2560Mi'],
    ['250u', '0.25m'],
    ['1500n', '1.5u'],
  ])('%s equals %s', (a, b) => {
    expect(isSameQuantity(a, b)).toBe(true);
    expect(isSameQuantity(b, a)).toBe(true);
  });

  it.each([
    ['500m', '0.05'],
    ['1Gi', '1G'],
    ['1M', '1Mi'],
    ['1E', '1e3'],
    ['1', '1Ki'],
  ])('%s differs from %s', (a, b) => {
    expect(isSameQuantity(a, b)).toBe(false);
  });

  it('reads exa (E) as a suffix and e3 as an exponent', () => {
    expect(parseQuantity('1E')).toEqual({
      numerator: 10n ** 18n,
      denominator: 1n,
    });
    expect(parseQuantity('-1.5e-3')).toEqual({
      numerator: -3n,
      denominator: 2000n,
    });
  });

  it.each([['abc'], ['1.2.3'], ['10 Gi'], ['1Gb'], [''], [true], [null]])(
    'rejects %p',
    value => {
      expect(parseQuantity(value)).toBeUndefined();
    },
  );
});
