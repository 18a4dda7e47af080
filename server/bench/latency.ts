/** Latency figures the benchmarks share: percentiles, and rounds timed beside a same-run baseline. */

/** The value at `fraction` of `values` (0.95 for p95), by nearest rank; NaN when there are none. */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN
}

export interface BaselineRounds {
  /** Timed and thrown away first: connections, JIT and caches warm up. */
  warmUp(round: number): Promise<unknown>
  candidate(round: number): Promise<number>
  baseline(round: number): Promise<number>
}

/** Warm-up, then rounds that alternate candidate and baseline, so load on the machine falls on both alike. */
export async function timeAgainstBaseline(rounds: number, measure: BaselineRounds, warmUps = 20): Promise<{ candidate: number[]; baseline: number[] }> {
  for (let round = 0; round < warmUps; round++) await measure.warmUp(round)
  const candidate: number[] = []
  const baseline: number[] = []
  for (let round = 0; round < rounds; round++) {
    candidate.push(await measure.candidate(round))
    baseline.push(await measure.baseline(round))
  }
  return { candidate, baseline }
}

/** The lines a latency benchmark prints under its title: baseline, candidate, their p95 ratio and the target. */
export function p95AgainstBaseline(
  labels: { baseline: string; candidate: string },
  times: { candidate: readonly number[]; baseline: readonly number[] },
  targetP95Ms: number,
): string {
  const [p50, p95] = [percentile(times.candidate, 0.5), percentile(times.candidate, 0.95)]
  const [base50, base95] = [percentile(times.baseline, 0.5), percentile(times.baseline, 0.95)]
  return (
    `  baseline  ${labels.baseline}: p50 ${base50.toFixed(1)} ms, p95 ${base95.toFixed(1)} ms\n` +
    `  candidate ${labels.candidate}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms\n` +
    `  ratio p95 ${(p95 / base95).toFixed(2)}x baseline; p95 ${p95.toFixed(1)} ms (target < ${targetP95Ms} ms: ${p95 < targetP95Ms ? 'met' : 'NOT met'})\n`
  )
}
