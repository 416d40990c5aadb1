/** Small statistics for the benchmark: quantiles of timings and min/median/max over repeats. */

/** The q-quantile (nearest rank) of the values; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

/** min, median and max of repeated measurements. */
export interface Spread {
  min: number;
  median: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return { min: quantile(values, 0), median: quantile(values, 0.5), max: quantile(values, 1) };
}

/** Milliseconds since `start` (process.hrtime.bigint()). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A number rounded for the report: 1 decimal. */
export const r1 = (n: number): number => Math.round(n * 10) / 10;

/** `min / median / max` as text. */
export const showSpread = (s: Spread, unit = ''): string => `${r1(s.min)} / ${r1(s.median)} / ${r1(s.max)}${unit}`;
