// A RowSource factory for stage-2 worker threads in tests: each worker imports this module (by
// the SourceSpec in src/workers/source-spec.ts) and builds its own in-memory source from plain
// arguments. Rows are a pure function of their key, so a worker reads a key range directly
// without generating the rows before it, and every thread sees the same data.
import { createHash } from 'node:crypto';
import type { TableModel } from '../../src/catalog/model.js';
import type { KeyRange } from '../../src/plan/key-ranges.js';
import type { SourceSpec } from '../../src/workers/source-spec.js';
import { simpleTable } from './catalog-builder.js';
import { MemoryRowSource, type MemoryTable } from './memory-row-source.js';

export interface IndexedTableArgs {
  readonly schema: string;
  readonly name: string;
  readonly rows: number;
  /** Row keys whose name holds U+0000 (COPY cannot store it), to test errors across threads. */
  readonly nulAt?: readonly number[];
}

export interface WorkerSourceArgs {
  readonly tables: readonly IndexedTableArgs[];
  /** Sleep `slowMs` before every `slowEveryRows`-th row of a read. */
  readonly slowEveryRows?: number;
  readonly slowMs?: number;
  /** The worker thread exits (process.exit in a worker ends only that thread) at this row. */
  readonly exitAt?: { readonly table: string; readonly rowIndex: number; readonly code: number };
}

const AWKWARD = ['\t', '\n', '\\', '\r', 'é', '€', '𝄞', '\\N', ' '];

export function indexedRow(i: number, nulAt: readonly number[] = []): readonly unknown[] {
  const extra = nulAt.includes(i) ? '\0' : AWKWARD[i % AWKWARD.length]!;
  return [i, `n${i}-${(Math.imul(i, 2654435761) >>> 0).toString(36)}${extra}`];
}

export function* indexedRows(count: number, from = 1, to = count + 1, nulAt: readonly number[] = []): Generator<readonly unknown[]> {
  for (let i = Math.max(1, from); i < Math.min(to, count + 1); i++) yield indexedRow(i, nulAt);
}

/** md5 over `id:name` lines in id order (the same digest as digestOf in sync-harness.ts). */
export function indexedDigest(count: number): { count: number; md5: string } {
  const hash = createHash('md5');
  for (let i = 1; i <= count; i++) {
    const [id, name] = indexedRow(i);
    hash.update(`${i > 1 ? '\n' : ''}${String(id)}:${String(name)}`, 'utf8');
  }
  return { count, md5: count === 0 ? createHash('md5').update('').digest('hex') : hash.digest('hex') };
}

export function indexedTable(t: IndexedTableArgs): MemoryTable {
  const model: TableModel = simpleTable(t.schema, t.name, t.rows);
  const bound = (b: string | null, open: number): number => (b === null ? open : Number(BigInt(b)));
  return {
    model,
    shapes: ['integer', 'text'],
    rows: () => indexedRows(t.rows, 1, t.rows + 1, t.nulAt),
    rowsInRange: (range: KeyRange) => indexedRows(t.rows, bound(range.lo, 1), bound(range.hi, t.rows + 1), t.nulAt),
    bounds: { min: t.rows > 0 ? '1' : null, max: t.rows > 0 ? String(t.rows) : null },
  };
}

/** The factory a worker calls (SourceSpec.exportName). */
export function openWorkerMemorySource(args: WorkerSourceArgs): MemoryRowSource {
  const every = args.slowEveryRows ?? 0;
  const exitAt = args.exitAt;
  return new MemoryRowSource(args.tables.map(indexedTable), async ({ table, rowIndex }) => {
    if (exitAt && table === exitAt.table && rowIndex === exitAt.rowIndex) process.exit(exitAt.code);
    if (every > 0 && rowIndex > 0 && rowIndex % every === 0) await new Promise((r) => setTimeout(r, args.slowMs ?? 1));
  });
}

export function workerSourceSpec(args: WorkerSourceArgs): SourceSpec {
  return { module: new URL('./worker-memory-source.ts', import.meta.url).href, exportName: 'openWorkerMemorySource', args: [args] };
}
