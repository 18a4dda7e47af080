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
import { ingestBenchmark } from './ingest.bench'
import { consolePullBenchmark } from './console-pull.bench'
import { crossRelayFanoutLatency } from './fanout.bench'
import { crossRelayConsoleLatency } from './console-fanout.bench'
import { relayStartBenchmark } from './relay-start.bench'

export interface Benchmark {
  name: string
  baseline: { name: string; run: () => void }
  candidate: { name: string; run: () => void }
  close?: () => void
}

const benchmarks: { name: string; make: () => Benchmark }[] = [
  { name: 'sync', make: () => syncPullBenchmark() },
  { name: 'matching', make: () => matchingBenchmark() },
]

// `npm run bench -- ingest` (or `sync`, `matching`, `calls`, `agent`, `ingest`, `console`, `fanout`, `start`) runs just the benchmarks named.
const only = process.argv.slice(2)
const wanted = (name: string) => only.length === 0 || only.includes(name)

async function main() {
  for (const { make } of benchmarks.filter(({ name }) => wanted(name))) {
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
if (wanted('calls')) await callSuggestionLatency()
if (wanted('agent')) await agentBrainLatency()
// How matching cost grows with the data, against the all-pairs baseline at each size.
if (wanted('matching')) matchingScaleCurve()
// Throughput under load: servers in their own processes, driven by autocannon.
if (wanted('ingest')) await ingestBenchmark()
// The console in Chromium: its initial bundle, and pulling a large relay into a newly paired console.
if (wanted('console')) await consolePullBenchmark()
// Live sync across relays on PostgreSQL (skipped, saying why, without a database).
if (wanted('fanout')) {
  await crossRelayFanoutLatency()
  await crossRelayConsoleLatency()
}
// A relay restarting on a large business: listening at once, and working through its bookings.
if (wanted('start')) await relayStartBenchmark()
