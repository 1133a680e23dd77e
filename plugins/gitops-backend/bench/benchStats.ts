/** Shared figures of the benchmark scripts: percentiles and table rows. */

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
  ];
}

export function row(label: string, samples: number[], unit = 'ms') {
  return {
    case: label,
    n: samples.length,
    [`p50 ${unit}`]: percentile(samples, 50).toFixed(3),
    [`p95 ${unit}`]: percentile(samples, 95).toFixed(3),
  };
}

/** A logger that keeps benchmark output to the figures. */
export const silentLogger = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};
