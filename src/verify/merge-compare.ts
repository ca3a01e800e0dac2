/**
 * Compares one unit of a table with an integer primary key: both sides are read ordered by that
 * key (integers order the same way in SQL Server and Postgres), and walked together like a merge
 * join. Exact per value, streaming, and bounded: only the current row of each side is held.
 * A key on one side only is a missing or extra row; a key twice in the target (no unique key
 * there yet) is an extra row; a key on both sides compares column by column.
 */
import { compareIntegerText, normalDecimal } from './canonical-numbers.js';
import { extraRow, missingRow, sameValue, sourceTextAt, sourceTexts, type CompareUnitInput, type CompareUnitOutcome } from './compare-unit.js';
import type { TargetRow } from './copy-text-parse.js';
import { DiffCollector } from './diff-collector.js';
import { keyOf, type ColumnDifference } from './differences.js';

export interface MergeKey {
  /** Indexes of the primary-key columns in the row, in key order. */
  readonly at: readonly number[];
  /** Target key text → integer text (numeric targets may print `5.00`). */
  readonly targetKey: readonly ((raw: string) => string)[];
  /** Key columns read as JS numbers on the source and int2/int4/int8 in the target: compared as numbers. */
  readonly numeric: readonly boolean[];
}

/** Integer key texts from Postgres: int2/4/8 print them plainly; anything else goes through the decimal normal form. */
export function targetKeyText(baseType: string): (raw: string) => string {
  return baseType === 'int2' || baseType === 'int4' || baseType === 'int8' ? (raw) => raw : normalDecimal;
}

type Key = number | string | readonly (number | string)[];

interface KeyReaders {
  readonly source: (input: CompareUnitInput, row: readonly unknown[]) => Key;
  readonly target: (row: TargetRow) => Key;
  readonly compare: (a: Key, b: Key) => number;
}

const compareOne = (a: number | string, b: number | string): number =>
  typeof a === 'number' ? (a as number) - (b as number) : compareIntegerText(a, b as string);

/** One integer column (the common case) compares without any allocation per row; several compare as tuples. */
function keyReaders(key: MergeKey): KeyReaders {
  const one = (k: number) => ({
    source: (input: CompareUnitInput, row: readonly unknown[]): number | string =>
      key.numeric[k] === true ? (row[key.at[k]!] as number) : (sourceTextAt(input, row, key.at[k]!) ?? ''),
    target: (row: TargetRow): number | string => (key.numeric[k] === true ? Number(row[key.at[k]!]) : key.targetKey[k]!(row[key.at[k]!] ?? '')),
  });
  if (key.at.length === 1) {
    const k = one(0);
    return { source: k.source, target: k.target, compare: (a, b) => compareOne(a as number | string, b as number | string) };
  }
  const all = key.at.map((_, i) => one(i));
  return {
    source: (input, row) => all.map((k) => k.source(input, row)),
    target: (row) => all.map((k) => k.target(row)),
    compare: (a, b) => {
      const x = a as readonly (number | string)[];
      const y = b as readonly (number | string)[];
      for (let i = 0; i < x.length; i++) {
        const c = compareOne(x[i]!, y[i]!);
        if (c !== 0) return c;
      }
      return 0;
    },
  };
}

/** Rows one by one from their batches, awaiting only when a batch is used up (one promise per batch, not per row). */
export class BatchCursor<T> {
  private batch: readonly T[] = [];
  private at = 0;
  private readonly it: AsyncIterator<readonly T[]>;

  constructor(batches: AsyncIterable<readonly T[]>) {
    this.it = batches[Symbol.asyncIterator]();
  }

  next(): T | null | Promise<T | null> {
    if (this.at < this.batch.length) return this.batch[this.at++]!;
    return this.refill();
  }

  private async refill(): Promise<T | null> {
    for (;;) {
      const r = await this.it.next();
      if (r.done === true) return null;
      if (r.value.length > 0) {
        this.batch = r.value;
        this.at = 1;
        return r.value[0]!;
      }
    }
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

export async function mergeCompare(input: CompareUnitInput, key: MergeKey): Promise<CompareUnitOutcome> {
  const found = new DiffCollector();
  const keys = keyReaders(key);
  const sourceIt = new BatchCursor<readonly unknown[]>(input.source);
  const targetIt = new BatchCursor<TargetRow>(input.target);
  let sourceRows = 0;
  let targetRows = 0;
  let s: readonly unknown[] | null = null;
  let sKey: Key = 0;
  let t: TargetRow | null = null;
  let tKey: Key = 0;
  const takeSource = (row: readonly unknown[] | null): void => {
    s = row;
    if (row === null) return;
    sourceRows++;
    if ((sourceRows & 1023) === 0) input.onRows(sourceRows);
    sKey = keys.source(input, row);
  };
  const takeTarget = (row: TargetRow | null): void => {
    t = row;
    if (row === null) return;
    targetRows++;
    tKey = keys.target(row);
  };
  // Rows come out of their batches synchronously; only the end of a batch waits (no promise per row).
  const nextSource = (): Promise<void> | undefined => {
    const r = sourceIt.next();
    if (r instanceof Promise) return r.then(takeSource);
    takeSource(r);
    return undefined;
  };
  const nextTarget = (): Promise<void> | undefined => {
    const r = targetIt.next();
    if (r instanceof Promise) return r.then(takeTarget);
    takeTarget(r);
    return undefined;
  };
  try {
    await Promise.all([nextSource(), nextTarget()]);
    while (s !== null || t !== null) {
      const order = s === null ? 1 : t === null ? -1 : keys.compare(sKey, tKey);
      let waitS: Promise<void> | undefined;
      let waitT: Promise<void> | undefined;
      if (order < 0) {
        found.add(missingRow(input, sourceTexts(input, s!)), null);
        waitS = nextSource();
      } else if (order > 0) {
        found.add(extraRow(input, t!), null);
        waitT = nextTarget();
      } else {
        compareRow(input, s!, t!, found);
        waitS = nextSource();
        waitT = nextTarget();
      }
      if (waitS !== undefined) await waitS;
      if (waitT !== undefined) await waitT;
    }
  } finally {
    await Promise.allSettled([sourceIt.close(), targetIt.close()]);
  }
  input.onRows(sourceRows);
  return { sourceRows, targetRows, found };
}

function compareRow(input: CompareUnitInput, source: readonly unknown[], target: TargetRow, found: DiffCollector): void {
  let differing: number[] | null = null;
  for (let i = 0; i < input.checks.length; i++) {
    if (!sameValue(input, source, i, target[i] ?? null)) (differing ??= []).push(i);
  }
  if (differing === null) return;
  const texts = sourceTexts(input, source);
  const columns: ColumnDifference[] = differing.map((i) => ({ column: input.checks[i]!.name, source: texts[i] ?? null, target: target[i] ?? null }));
  // Only where every difference is in a column whose type was changed on purpose is the row the change's doing.
  const changedTypes = differing.every((i) => input.checks[i]!.typeChange !== null);
  found.add({ kind: 'changed', key: keyOf(input.shape, texts), columns }, changedTypes ? differing.map((i) => input.checks[i]!.name) : null);
}
