import { formatDuration } from './formatDuration';

const START = '2026-05-04T10:00:00.000Z';
const after = (ms: number) => new Date(Date.parse(START) + ms).toISOString();

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [4_230, '4.2 s'],
    [59_940, '59.9 s'],
    [185_000, '3 min 5 s'],
    [120_000, '2 min'],
    [7_800_000, '2 h 10 min'],
    [3_600_000, '1 h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(START, after(ms))).toBe(text);
  });

  it('is undefined while the operation has not finished', () => {
    expect(formatDuration(START, undefined)).toBeUndefined();
    expect(formatDuration(undefined, START)).toBeUndefined();
  });

  it('is undefined for an end before the start or an unreadable date', () => {
    expect(formatDuration(after(1000), START)).toBeUndefined();
    expect(formatDuration('yesterday', START)).toBeUndefined();
  });
});
