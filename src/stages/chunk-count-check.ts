/**
 * After the last range of a table that its plan emptied: `count(*)` of the target must equal the
 * rows of the committed ranges. Each range was checked against `COPY n` before it committed, so
 * a difference means rows changed in the target between ranges (a DELETE by hand, another
 * writer), and the table must not be reported complete. The message names the ranges whose
 * rows differ, counted in one more scan.
 */
import type pg from 'pg';
import { quotePgQualified } from '../ddl/quote.js';
import { TableError } from '../errors.js';
import { rangeLabel, type KeyRange } from '../plan/key-ranges.js';
import { pgRangeCondition } from '../postgres/key-range-sql.js';
import type { TableContext } from '../run/run-stage.js';

/** Ranges named in the message at most; the count says how many more differ. */
const MAX_NAMED = 10;

const formatCount = (n: number): string => n.toLocaleString('en-US');

export async function checkRangeCounts(
  pool: pg.Pool,
  ctx: TableContext,
  plan: { readonly key: { readonly column: string } },
  committed: ReadonlyMap<string, { readonly range: KeyRange; readonly rows: number }>,
): Promise<void> {
  const quoted = quotePgQualified(ctx.names.schema, ctx.names.table);
  const expected = [...committed.values()].reduce((a, b) => a + b.rows, 0);
  const r = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${quoted}`);
  const actual = Number(r.rows[0]!.n);
  if (actual === expected) return;
  const column = ctx.names.columns.get(plan.key.column) ?? plan.key.column;
  const ranges = [...committed.values()];
  const counts = await pool.query<Record<string, string>>(
    `SELECT ${ranges.map((c, i) => `count(*) FILTER (WHERE ${pgRangeCondition(column, c.range)})::text AS r${i}`).join(', ')} FROM ${quoted}`,
  );
  const found = counts.rows[0]!;
  const differing = ranges.flatMap((c, i) => {
    const n = Number(found[`r${i}`]);
    return n === c.rows ? [] : [`${rangeLabel(c.range)} recorded ${formatCount(c.rows)}, the table holds ${formatCount(n)}`];
  });
  const named = differing.slice(0, MAX_NAMED).join('; ') + (differing.length > MAX_NAMED ? `; and ${differing.length - MAX_NAMED} more` : '');
  throw new TableError(
    ctx.table,
    'data',
    `after its last key range the target holds ${formatCount(actual)} rows, but the committed key ranges hold ${formatCount(expected)}` +
      (differing.length > 0 ? `: key ranges of ${plan.key.column} that differ: ${named}` : '') +
      '. Rows were changed in the target while it was being loaded. To reload the ranges that differ, run ' +
      `\`mssql2pg verify --repair --include ${ctx.table}\`; or load the table again from the start with \`mssql2pg sync data --include ${ctx.table}\`.`,
  );
}
