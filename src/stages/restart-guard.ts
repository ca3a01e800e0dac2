/**
 * A chunked table that must start over (its range plan cannot be continued, or the completed
 * table is no longer the one it was loaded into) is emptied by its first range's TRUNCATE. With
 * `--no-truncate` nothing empties it, and the rows already there cannot be told apart from the
 * committed ranges of the earlier run: loading it again would duplicate them. So under
 * `--no-truncate` it starts over only when it is empty, and is refused otherwise, with what to do.
 */
import { TableError } from '../errors.js';
import type { Queryable } from '../postgres/queryable.js';
import type { TableContext } from '../run/run-stage.js';

export async function requireEmptyForRestart(
  run: { readonly pool: Queryable; readonly load: { readonly truncate: boolean } },
  ctx: Pick<TableContext, 'table'>,
  quotedTable: string,
  reason: string,
): Promise<void> {
  if (run.load.truncate) return;
  const r = await run.pool.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quotedTable}) AS any`);
  if (r.rows[0]?.any !== true) return;
  throw new TableError(
    ctx.table,
    'data',
    `it must be loaded again from the start (${reason}), but --no-truncate keeps the rows already in ${quotedTable}, ` +
      'and they cannot be told apart from the rows of the earlier run: loading it again would duplicate them. ' +
      `Empty it yourself (TRUNCATE ${quotedTable}) and run the same command again, or run it without --no-truncate, which empties the table first.`,
  );
}
