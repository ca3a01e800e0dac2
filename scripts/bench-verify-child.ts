// The verify half of scripts/bench-verify.ts, in a process of its own, as `mssql2pg verify` runs:
// so its peak RSS is verify's, not what sync data left in the benchmark's process. Prints one
// JSON line: rows, seconds, bytes, peak RSS, peak V8 heap + Buffers, CPU seconds.
import { performance } from 'node:perf_hooks';
import { openTargetPool } from '../src/postgres/pool.js';
import { DEFAULT_READ_SETTINGS } from '../src/load/settings.js';
import { verifyTables } from '../src/verify/verify.js';
import { BENCH_WINDOW, benchConfig } from './bench-config.js';
import { BenchSource, type BenchVerifyArgs } from './bench-verify-source.js';

async function main(args: BenchVerifyArgs & { url: string; schema: string }): Promise<void> {
  const source = new BenchSource(args.rows, args.tables);
  const config = benchConfig(args.url, args.schema);
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external);
  };
  const sampler = setInterval(sample, 50);
  const rssAtStart = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const verified = await verifyTables(
    { config, source, openTarget: (max) => openTargetPool(args.url, max) },
    { window: BENCH_WINDOW, parallel: args.parallel, read: DEFAULT_READ_SETTINGS, countsOnly: false, rangeRows: args.rangeRows },
  );
  const seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  sample();
  if (!verified.report.ok) throw new Error(`bench verify found differences: ${JSON.stringify(verified.summary.failed)}`);
  const out = { rows: verified.summary.rows, seconds, bytes: verified.summary.bytes, peakRss, rssAtStart, peakHeap, cpuSeconds: (used.user + used.system) / 1e6 };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main(JSON.parse(process.argv[2] ?? '{}') as BenchVerifyArgs & { url: string; schema: string }).catch((err: unknown) => {
  process.stderr.write(`${String((err as Error)?.stack ?? err)}\n`);
  process.exitCode = 1;
});
