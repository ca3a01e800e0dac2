/**
 * The account of what a migration does not migrate, from the inventory: the record stage 3
 * writes to progress/not_migrated.json, the files it exports, and the one paragraph that
 * `assess`, `migrate` (at its end) and `status` print. Pure.
 */
import { join } from 'node:path';
import { unmigratedFile, type ExportedObject, type NotMigratedEntry, type NotMigratedRecord } from '../progress/unmigrated.js';
import type { Inventory } from './inventory-types.js';
import { countOf, KIND_ORDER, KINDS, type ObjectKind } from './kinds.js';

/** The objects to export to progress/unmigrated/, one file each. */
export function exportedObjects(inventory: Inventory): ExportedObject[] {
  return inventory.items
    .filter((i) => i.verdict === 'exported')
    .map((i) => ({ kind: i.kind, name: i.name, reason: i.reason ?? 'not translated', definition: i.original }));
}

export function notMigratedRecord(inventory: Inventory, writtenAt: Date): NotMigratedRecord {
  const entries: NotMigratedEntry[] = inventory.items
    .filter((i) => i.verdict === 'exported' || i.verdict === 'not-handled')
    .map((i) => ({
      kind: i.kind,
      name: i.name,
      verdict: i.verdict as 'exported' | 'not-handled',
      reason: i.reason ?? '',
      file: i.verdict === 'exported' ? unmigratedFile(i.kind, i.name) : null,
    }));
  const withDifferences = inventory.items.filter((i) => i.differences.length > 0 && i.verdict !== 'exported' && i.verdict !== 'not-handled').length;
  return { written_at: writtenAt.toISOString(), database: inventory.database, entries, with_differences: withDifferences, excluded: inventory.excluded };
}

/** `3 views, 2 procedures and 1 trigger`, in report order. */
function listCounts(entries: readonly NotMigratedEntry[]): string {
  const counts = new Map<ObjectKind, number>();
  for (const e of entries) {
    const kind = (e.kind in KINDS ? e.kind : 'table') as ObjectKind;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const parts = KIND_ORDER.filter((k) => counts.has(k)).map((k) => countOf(k, counts.get(k)!));
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * The one paragraph: what was (`done`: migrate, status) or will be (`plan`: assess) exported and
 * where, what is not handled, what differs.
 */
export function formatNotMigrated(record: NotMigratedRecord, progressDir: string, tense: 'done' | 'plan' = 'done'): string {
  const exported = record.entries.filter((e) => e.verdict === 'exported');
  const notHandled = record.entries.filter((e) => e.verdict === 'not-handled');
  const be = (n: number): string => (tense === 'plan' ? 'will be' : n === 1 ? 'was' : 'were');
  const sentences: string[] = [];
  if (exported.length === 0 && notHandled.length === 0) {
    sentences.push(`Nothing in ${record.database} ${tense === 'plan' ? 'will be' : 'was'} left out: every object mssql2pg assessed is migrated.`);
  } else {
    const parts: string[] = [];
    if (exported.length > 0) {
      parts.push(`${listCounts(exported)} ${be(exported.length)} exported for porting by hand (one file each, with the reason and the original T-SQL, in ${join(progressDir, 'unmigrated')})`);
    }
    if (notHandled.length > 0) parts.push(`${listCounts(notHandled)} ${tense === 'plan' ? 'will not be' : notHandled.length === 1 ? 'was not' : 'were not'} handled`);
    sentences.push(`${tense === 'plan' ? 'Will not be migrated' : 'Not migrated'} from ${record.database}: ${parts.join('; ')}.`);
  }
  if (record.with_differences > 0) {
    sentences.push(`${record.with_differences} migrated object${record.with_differences === 1 ? ' has' : 's have'} a listed difference in meaning.`);
  }
  if (record.excluded > 0) sentences.push(`${record.excluded} object${record.excluded === 1 ? ' is' : 's are'} left out by --include/--exclude.`);
  sentences.push(
    tense === 'plan'
      ? 'Every object with its verdict: mssql2pg assess --report assess.md.'
      : `Every object with its reason: ${join(progressDir, 'not_migrated.json')}, or mssql2pg assess --report assess.md.`,
  );
  return sentences.join(' ');
}
