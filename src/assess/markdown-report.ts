/**
 * The Markdown report (`mssql2pg assess --report assess.md`) a team reads and reviews: the
 * paragraph of what will not be migrated, a table of counts per kind and verdict, then one
 * section per kind with every object, its verdict, its differences or reason, and the original
 * T-SQL where it helps. Pure.
 */
import { countByKind } from './assess-summary.js';
import type { Inventory, InventoryItem } from './inventory-types.js';
import { KIND_ORDER, KINDS, VERDICTS, VERDICT_LABEL } from './kinds.js';
import { formatNotMigrated, notMigratedRecord } from './not-migrated.js';

export function renderMarkdownReport(inventory: Inventory, o: { readonly generatedAt: Date; readonly progressDir: string }): string {
  const counts = countByKind(inventory);
  const kinds = KIND_ORDER.filter((k) => counts[k] !== undefined);
  const out: string[] = [
    `# mssql2pg assessment: ${inventory.database}`,
    '',
    `Generated ${o.generatedAt.toISOString()} by \`mssql2pg assess\`, from the SQL Server catalog only (nothing was changed).`,
    '',
    formatNotMigrated(notMigratedRecord(inventory, o.generatedAt), o.progressDir, 'plan'),
    '',
    '## Summary',
    '',
    `| Kind | ${VERDICTS.map((v) => VERDICT_LABEL[v]).join(' | ')} |`,
    `|---|${VERDICTS.map(() => '---:').join('|')}|`,
    ...kinds.map((k) => `| ${KINDS[k][1]} | ${VERDICTS.map((v) => counts[k]?.[v] ?? '').join(' | ')} |`),
  ];
  if (inventory.unavailable.length > 0) {
    out.push('', '## Not readable on this source engine', '');
    for (const u of inventory.unavailable) out.push(`- \`${u.view}\`: ${u.consequence} (${cell(u.error)})`);
  }
  for (const k of kinds) {
    const items = inventory.items.filter((i) => i.kind === k);
    out.push('', `## ${capitalize(KINDS[k][1])} (${items.length})`, '', '| Object | Verdict | Details |', '|---|---|---|');
    for (const i of items) out.push(`| \`${cell(i.name)}\` | ${VERDICT_LABEL[i.verdict]} | ${cell(details(i))} |`);
    const originals = items.filter((i) => i.original !== null && (i.verdict !== 'copied' && i.verdict !== 'translated' || i.differences.length > 0));
    if (originals.length > 0) {
      out.push('', 'Original T-SQL:', '');
      for (const i of originals) out.push(`- \`${cell(i.name)}\``, '', fence(i.original!), '');
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

function details(i: InventoryItem): string {
  const parts = [i.detail, i.reason, ...i.differences.map((d) => `difference: ${d}`)].filter((p): p is string => p !== null && p !== '');
  return parts.join('; ');
}

/** A table cell on one line, with `|` escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** A fenced block long enough that no run of backticks inside the T-SQL ends it. */
function fence(sql: string): string {
  const longest = Math.max(2, ...[...sql.matchAll(/`+/g)].map((m) => m[0].length));
  const f = '`'.repeat(longest + 1);
  return `${f}sql\n${sql.replace(/\s+$/, '')}\n${f}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
