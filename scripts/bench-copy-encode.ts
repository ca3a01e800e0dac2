// Benchmark: encode rows to COPY text the way `sync data` does (row encoder + 64 KB chunks) and
// report rows/s, MB/s and peak memory. Prints figures; asserts nothing.
// Run: npm run bench:encode [-- rows]
import { performance } from 'node:perf_hooks';
import type { ValueShape } from '../src/catalog/value-shape.js';
import { createRowEncoder, encodeCopyChunks } from '../src/copy/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const columns: { name: string; shape: ValueShape }[] = [
  { name: 'id', shape: 'integer' },
  { name: 'big', shape: 'bigint-text' },
  { name: 'amount', shape: 'decimal-text' },
  { name: 'name', shape: 'text' },
  { name: 'note', shape: 'text' },
  { name: 'active', shape: 'boolean' },
  { name: 'created', shape: 'timestamp-text' },
  { name: 'ratio', shape: 'float' },
  { name: 'guid', shape: 'uuid' },
  { name: 'blob', shape: 'binary' },
];
const blob = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

function* rows(): Generator<unknown[]> {
  for (let i = 0; i < ROWS; i++) {
    yield [
      i,
      String(9_000_000_000_000 + i),
      `${i % 100000}.${String(i % 10000).padStart(4, '0')}`,
      `Customer ${i} Müller`,
      i % 10 === 0 ? 'line one\nline two\twith tab \\ backslash' : null,
      i % 2 === 0,
      `2024-03-${String((i % 28) + 1).padStart(2, '0')}T12:34:56.1234567`,
      i / 7,
      '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      blob,
    ];
  }
}

async function main(): Promise<void> {
  const encodeRow = createRowEncoder(columns);
  let bytes = 0;
  let counted = 0;
  let peakRss = 0;
  const t0 = performance.now();
  for await (const chunk of encodeCopyChunks(rows(), encodeRow, { onRows: (n) => (counted += n) })) {
    bytes += chunk.length;
    if ((counted & 0x3fff) < 400) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const s = (performance.now() - t0) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`bench copy-encode: ${counted.toLocaleString('en-US')} rows x ${columns.length} columns`);
  console.log(`  ${Math.round(counted / s).toLocaleString('en-US')} rows/s, ${(bytes / 1_048_576 / s).toFixed(1)} MB/s of COPY text, ${s.toFixed(2)} s`);
  console.log(`  peak RSS: ${(peakRss / 1_048_576).toFixed(0)} MB (bounded: independent of the row count)`);
}

void main();
