// Benchmark: encode rows to COPY text the way `sync data` does (row encoder + 64 KB chunks) and
// report rows/s, MB/s and peak memory. Prints figures; asserts nothing.
// Three figures: (1) rows generated on the fly, as this bench always measured (the generator's
// template strings and their flattening count against the encoder); (2) the encoder alone on
// 4,096 pre-built rows cycled; (3) the same with the values SQL Server reads natively
// (datetime2 as a Date + nanosecondsDelta, decimal(15,4) as a number).
// Run: npm run bench:encode [-- rows]
import { performance } from 'node:perf_hooks';
import type { ValueShape } from '../src/catalog/value-shape.js';
import { createRowEncoder, encodeCopyChunks } from '../src/copy/index.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const SHAPES: ValueShape[] = ['integer', 'bigint-text', 'decimal-text', 'text', 'text', 'boolean', 'timestamp-text', 'float', 'uuid', 'binary'];
const NATIVE_SHAPES: ValueShape[] = SHAPES.map((s) => (s === 'decimal-text' ? 'decimal-number:4' : s === 'timestamp-text' ? 'timestamp-value' : s));
const blob = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');

function row(i: number): unknown[] {
  return [
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

/** The same source values as tedious delivers them when read natively. */
function nativeRow(i: number): unknown[] {
  const values = row(i);
  values[2] = (i % 100000) + (i % 10000) / 10000;
  const created = new Date(Date.UTC(2024, 2, (i % 28) + 1, 12, 34, 56, 123));
  Object.defineProperty(created, 'nanosecondsDelta', { enumerable: false, value: 0.0004567 });
  values[6] = created;
  return values;
}

function* generated(): Generator<unknown[]> {
  for (let i = 0; i < ROWS; i++) yield row(i);
}

function* cycled(make: (i: number) => unknown[]): Generator<unknown[]> {
  const prebuilt = Array.from({ length: 4096 }, (_, i) => make(i));
  for (let i = 0; i < ROWS; i++) yield prebuilt[i & 4095]!;
}

async function measure(label: string, shapes: ValueShape[], rows: Iterable<unknown[]>): Promise<void> {
  const encodeRow = createRowEncoder(shapes.map((shape, i) => ({ name: `c${i}`, shape })));
  let bytes = 0;
  let counted = 0;
  let peakRss = 0;
  const t0 = performance.now();
  for await (const chunk of encodeCopyChunks(rows, encodeRow, { onRows: (n) => (counted += n) })) {
    bytes += chunk.length;
    if ((counted & 0x3fff) < 400) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const s = (performance.now() - t0) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`  ${label}: ${Math.round(counted / s).toLocaleString('en-US')} rows/s, ${(bytes / 1_048_576 / s).toFixed(1)} MB/s of COPY text, ${s.toFixed(2)} s, peak RSS ${(peakRss / 1_048_576).toFixed(0)} MB`);
}

async function main(): Promise<void> {
  console.log(`bench copy-encode: ${ROWS.toLocaleString('en-US')} rows x ${SHAPES.length} columns`);
  await measure('rows generated on the fly', SHAPES, generated());
  await measure('encoder alone, text shapes', SHAPES, cycled(row));
  await measure('encoder alone, native shapes', NATIVE_SHAPES, cycled(nativeRow));
  console.log('  (peak RSS is bounded: independent of the row count)');
}

void main();
