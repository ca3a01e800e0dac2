/**
 * `mssql2pg assess` on the terminal: counts per kind and verdict, then every object not handled
 * or exported with its reason, then the paragraph migrate ends with. Also the `--json` shape.
 * Pure: lines in, no printing.
 */
import type { Inventory, InventoryItem } from './inventory-types.js';
import { KIND_ORDER, KINDS, VERDICTS, VERDICT_LABEL, type ObjectKind, type Verdict } from './kinds.js';
import { formatNotMigrated, notMigratedRecord } from './not-migrated.js';

export type Counts = Partial<Record<ObjectKind, Partial<Record<Verdict, number>>>>;

export function countByKind(inventory: Inventory): Counts {
  const counts: Counts = {};
  for (const i of inventory.items) {
    const byVerdict = (counts[i.kind] ??= {});
    byVerdict[i.verdict] = (byVerdict[i.verdict] ?? 0) + 1;
  }
  return counts;
}

const SHORT: Readonly<Record<Verdict, string>> = {
  copied: 'copied',
  'copied-with-differences': 'differs',
  translated: 'translated',
  exported: 'exported',
  'not-handled': 'not handled',
};

export function formatAssessSummary(inventory: Inventory, progressDir: string): string[] {
  const counts = countByKind(inventory);
  const kinds = KIND_ORDER.filter((k) => counts[k] !== undefined);
  const width = Math.max(...kinds.map((k) => KINDS[k][1].length), 4);
  const header = `  ${'kind'.padEnd(width)}${VERDICTS.map((v) => SHORT[v].padStart(13)).join('')}`;
  const lines = [`Assessment of ${inventory.database} (read from the source only; nothing was changed)`, '', header];
  for (const k of kinds) {
    lines.push(`  ${KINDS[k][1].padEnd(width)}${VERDICTS.map((v) => String(counts[k]?.[v] ?? '-').padStart(13)).join('')}`);
  }
  lines.push('', `  (${VERDICTS.map((v) => `${SHORT[v]}: ${VERDICT_LABEL[v]}`).join('; ')})`);
  for (const verdict of ['not-handled', 'exported'] as const) {
    const items = inventory.items.filter((i) => i.verdict === verdict);
    if (items.length === 0) continue;
    lines.push('', `${verdict === 'not-handled' ? 'Not handled' : 'Exported for porting by hand'} (${items.length}):`);
    for (const i of items) lines.push(`  - ${describe(i)}: ${i.reason ?? ''}`);
  }
  const differing = inventory.items.filter((i) => i.differences.length > 0).length;
  if (differing > 0) lines.push('', `${differing} objects are copied or translated with a listed difference: mssql2pg assess --report assess.md lists each with its original T-SQL.`);
  if (inventory.unavailable.length > 0) {
    lines.push('', 'Not readable on this source engine:');
    for (const u of inventory.unavailable) lines.push(`  - ${u.view}: ${u.consequence} (${u.error})`);
  }
  lines.push('', formatNotMigrated(notMigratedRecord(inventory, new Date()), progressDir, 'plan'));
  return lines;
}

function describe(i: InventoryItem): string {
  return `${KINDS[i.kind][0]} ${i.name}${i.detail === null ? '' : ` (${i.detail})`}`;
}

/** `mssql2pg assess --json`. */
export function assessJson(inventory: Inventory, progressDir: string): unknown {
  return {
    database: inventory.database,
    counts: countByKind(inventory),
    excluded: inventory.excluded,
    unavailable: inventory.unavailable,
    not_migrated: formatNotMigrated(notMigratedRecord(inventory, new Date()), progressDir, 'plan'),
    items: inventory.items,
  };
}
