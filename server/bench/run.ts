/**
 * `npm run bench`: each benchmark runs a candidate and a baseline in the same process, on the
 * same data, and prints the ratio candidate / baseline (so results compare across machines).
 */
import { Bench } from 'tinybench'
import { matchingBenchmark } from './matching.bench'
import { syncPullBenchmark } from './sync-pull.bench'
import { callSuggestionLatency } from './call-suggestion.bench'
import { agentBrainLatency } from './agent-brain.bench'
import { matchingScaleCurve } from './matching-scale.bench'

export interface Benchmark {
  name: string
  baseline: { name: string; run: () => void }
  candidate: { name: string; run: () => void }
  close?: () => void
}

const benchmarks: (() => Benchmark)[] = [() => syncPullBenchmark(), () => matchingBenchmark()]

async function main() {
  for (const make of benchmarks) {
    const benchmark = make()
    const bench = new Bench({ time: 1000, warmupTime: 200 })
    bench.add(benchmark.baseline.name, benchmark.baseline.run).add(benchmark.candidate.name, benchmark.candidate.run)
    await bench.run()
    const [baseline, candidate] = bench.tasks.map((task) => task.result)
    const mean = (result: typeof baseline) => (result && 'latency' in result ? result.latency.mean : Number.NaN)
    const ratio = mean(candidate) / mean(baseline)
    process.stdout.write(
      `${benchmark.name}\n` +
        `  baseline  ${benchmark.baseline.name}: ${mean(baseline).toFixed(2)} ms\n` +
        `  candidate ${benchmark.candidate.name}: ${mean(candidate).toFixed(2)} ms\n` +
        `  ratio ${ratio.toFixed(2)}x baseline\n`,
    )
    benchmark.close?.()
  }
}

await main()
// Latency benchmarks run whole flows once and report percentiles against a same-run baseline.
await callSuggestionLatency()
await agentBrainLatency()
// How matching cost grows with the data, against the all-pairs baseline at each size.
matchingScaleCurve()
