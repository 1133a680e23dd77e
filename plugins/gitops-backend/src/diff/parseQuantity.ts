/**
 * A Kubernetes resource quantity (`500m`, `0.5`, `1Gi`, `1024Mi`, `1e3`) as an
 * exact fraction, so that quantities the API server canonicalises differently
 * from how Git spells them still compare equal. Exact arithmetic matters: as
 * floats, `0.1` CPU and `100m` need not be equal.
 */
export interface Quantity {
  numerator: bigint;
  denominator: bigint;
}

const QUANTITY =
  /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const DECIMAL_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_EXPONENTS: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};

/** The quantity a string or number denotes, or `undefined` if it is none. */
export function parseQuantity(value: unknown): Quantity | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? parseQuantity(String(value)) : undefined;
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const [, sign, digits, exponent, suffix = ''] = match;
  const [whole, fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`);
  if (sign === '-') {
    numerator = -numerator;
  }
  let denominator = 10n ** BigInt(fraction.length);

  const binary = BINARY_EXPONENTS[suffix];
  if (binary !== undefined) {
    numerator *= 2n ** BigInt(binary);
  } else {
    const power =
      exponent !== undefined ? Number(exponent) : DECIMAL_EXPONENTS[suffix];
    if (power >= 0) {
      numerator *= 10n ** BigInt(power);
    } else {
      denominator *= 10n ** BigInt(-power);
    }
  }
  const divisor = gcd(numerator < 0n ? -numerator : numerator, denominator);
  return {
    numerator: numerator / divisor,
    denominator: denominator / divisor,
  };
}

/** Whether two values denote the same quantity (both must parse). */
export function isSameQuantity(a: unknown, b: unknown): boolean {
  const left = parseQuantity(a);
  const right = parseQuantity(b);
  return (
    left !== undefined &&
    right !== undefined &&
    left.numerator * right.denominator === right.numerator * left.denominator
  );
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a;
  let y = b;
  while (y !== 0n) {
    [x, y] = [y, x % y];
  }
  return x === 0n ? 1n : x;
}
