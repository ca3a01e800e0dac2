/**
 * Compares one unit of a table without an integer primary key (no key both servers order the
 * same way): as a multiset of rows, each row the canonical texts of its values in their normal
 * forms, counted +1 from the source and -1 from the target (net-multiset.ts, exact and bounded).
 * Duplicates count, so a row twice in the target or once too few is found. Leftover rows are
 * paired by the primary key (when the table has one of another type) into changed rows.
 *
 * Columns whose target type was changed on purpose: a second multiset leaves them out. If that
 * one balances, every difference lies in those columns and is their change's doing (the group
 * the user may accept); if not, the table has plain differences.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { sourceTexts, type CompareUnitInput, type CompareUnitOutcome } from './compare-unit.js';
import { DiffCollector, MAX_EXAMPLES } from './diff-collector.js';
import { pairDifferences, type DiffRow } from './differences.js';
import { NetMultiset, type Display } from './net-multiset.js';

export interface MultisetOptions {
  /** Bytes of canonical rows held in memory per multiset before it spills to disk. */
  readonly memoryBudget: number;
  /** A directory of this run's own for spill files. */
  readonly scratchDir: string;
}

/** Leftover rows kept for the report; beyond that they are only counted. */
const KEPT_LEFTOVERS = 10_000;

export async function multisetCompare(input: CompareUnitInput, o: MultisetOptions): Promise<CompareUnitOutcome> {
  const changed = input.checks.flatMap((c, i) => (c.typeChange === null ? [] : [i]));
  const budget = changed.length > 0 ? o.memoryBudget / 2 : o.memoryBudget;
  const full = new NetMultiset(budget, path.join(o.scratchDir, randomUUID()));
  const reduced = changed.length > 0 ? new NetMultiset(budget, path.join(o.scratchDir, randomUUID())) : null;
  const keep = changed.length > 0 ? input.checks.map((c) => c.typeChange === null) : null;
  try {
    const counts = await feed(input, full, reduced, keep);
    const found = new DiffCollector();
    const left = await leftoversOf(full);
    if (left.missing + left.extra > 0) {
      const rest = reduced === null ? null : await leftoversOf(reduced);
      const explained = rest !== null && rest.missing + rest.extra === 0;
      report(input, found, left, explained ? changed.map((i) => input.checks[i]!.name) : null);
    }
    return { ...counts, found };
  } finally {
    await Promise.allSettled([full.dispose(), reduced?.dispose()]);
  }
}

/** Both sides into the multisets, alternating between them so that matching rows cancel early. */
async function feed(input: CompareUnitInput, full: NetMultiset, reduced: NetMultiset | null, keep: readonly boolean[] | null): Promise<{ sourceRows: number; targetRows: number }> {
  const source = input.source[Symbol.asyncIterator]();
  const target = input.target[Symbol.asyncIterator]();
  const checks = input.checks;
  let sourceRows = 0;
  let targetRows = 0;
  let sourceDone = false;
  let targetDone = false;
  const add = (values: Display, keys: (string | null)[], delta: 1 | -1): void => {
    full.add(JSON.stringify(keys), delta, () => values);
    if (reduced !== null) reduced.add(JSON.stringify(keys.filter((_, i) => keep![i])), delta, () => values);
  };
  try {
    while (!sourceDone || !targetDone) {
      if (!sourceDone) {
        const r = await source.next();
        if (r.done === true) sourceDone = true;
        else {
          for (const row of r.value) {
            sourceRows++;
            const texts = sourceTexts(input, row);
            add(texts, texts.map((t, i) => (t === null ? null : checks[i]!.sourceKey(t))), 1);
          }
        }
      }
      input.onRows(sourceRows);
      if (!targetDone) {
        const r = await target.next();
        if (r.done === true) targetDone = true;
        else {
          for (const raw of r.value) {
            targetRows++;
            add(raw, raw.map((t, i) => (t === null ? null : checks[i]!.targetKey(t))), -1);
          }
        }
      }
      if (full.overBudget) await full.spill();
      if (reduced?.overBudget === true) await reduced.spill();
    }
  } finally {
    await Promise.allSettled([source.return?.(), target.return?.()]);
  }
  return { sourceRows, targetRows };
}

interface Left {
  missing: number;
  extra: number;
  /** The first leftover rows, source side first (as counted, a row n times is n rows). */
  readonly kept: DiffRow[];
}

async function leftoversOf(set: NetMultiset): Promise<Left> {
  const left: Left = { missing: 0, extra: 0, kept: [] };
  for await (const e of set.leftovers()) {
    const side = e.n > 0 ? 'missing' : 'extra';
    const times = Math.abs(e.n);
    if (side === 'missing') left.missing += times;
    else left.extra += times;
    for (let k = 0; k < times && left.kept.length < KEPT_LEFTOVERS; k++) left.kept.push({ side, values: e.display });
  }
  // Partitions come back in hash order: sort, so that the report reads the same every time.
  const text = (r: DiffRow): string => JSON.stringify(r.values);
  left.kept.sort((a, b) => (a.side !== b.side ? (a.side === 'missing' ? -1 : 1) : text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
  return left;
}

/** The leftovers as rows of the report: paired by primary key into changed rows where there is one. */
function report(input: CompareUnitInput, found: DiffCollector, left: Left, explainedBy: readonly string[] | null): void {
  const all = left.missing + left.extra;
  const complete = left.kept.length === all;
  const paired = pairDifferences(input.shape, left.kept);
  // Every leftover row is in `paired` once, as itself or in its pair; beyond the kept ones, each is a row more.
  const rows = complete ? paired.length : Math.max(left.missing, left.extra, paired.length);
  found.addCount(explainedBy, rows, paired.slice(0, MAX_EXAMPLES));
}
