import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { Mssql2pgError } from '../errors.js';
import { from as copyFrom } from 'pg-copy-streams';
import { quotePgIdent } from '../ddl/quote.js';
import type { KeyRange } from '../plan/key-ranges.js';
import { pgRangeCondition } from './key-range-sql.js';

export interface IdentityColumn {
  /** Target column name (unquoted). */
  readonly name: string;
  /** Identity increment as decimal text; its sign says whether the sequence goes up or down. */
  readonly increment: string;
}

/** What the unit's transaction does to the rows already in the table, before its COPY. */
export type TableClear =
  /** Nothing: the rows are added to what is there (a key range of a table being loaded, `--no-truncate`). */
  | { readonly mode: 'keep' }
  /**
   * TRUNCATE. With freeze, `COPY ... WITH (FREEZE)`: the table was emptied in this same
   * transaction, so Postgres may write the rows already frozen and visible, sparing a later
   * VACUUM a rewrite of every page. Postgres refuses FREEZE unless the table was created or
   * truncated in the current (sub)transaction, so it only comes with a truncate.
   */
  | { readonly mode: 'truncate'; readonly freeze: boolean }
  /** DELETE the rows of one key range of `column` (target name) first: the range is replaced (verify --repair). */
  | { readonly mode: 'delete-range'; readonly column: string; readonly range: KeyRange };

export const KEEP_ROWS: TableClear = { mode: 'keep' };

export interface CopyIntoTableInput {
  readonly pool: pg.Pool;
  /** Quoted `"schema"."table"`. */
  readonly qualifiedTarget: string;
  /** Target column names (unquoted), in the order of the encoded fields. */
  readonly columns: readonly string[];
  readonly clear: TableClear;
  /** COPY text-format chunks. */
  readonly chunks: AsyncIterable<Buffer>;
  readonly signal: AbortSignal;
  readonly identityColumns: readonly IdentityColumn[];
  /**
   * Called with Postgres's `COPY n` count before COMMIT; throwing rolls the table back. The
   * caller compares it with the rows it read, so a table never commits with rows missing.
   */
  readonly verify: (copied: number) => void;
  /** Runs inside the transaction after verify, before COMMIT (e.g. recording a key range). */
  readonly inTransaction?: (client: pg.PoolClient, copied: number) => Promise<void>;
}

/**
 * One table (or range), all or nothing: BEGIN; TRUNCATE or DELETE the range (or neither); COPY
 * FROM STDIN; fix identity sequences; COMMIT.
 * The chunks flow through `pipeline`, so Postgres's pace throttles the reader, and any failure
 * (or abort) destroys the COPY stream, which sends CopyFail and lets us ROLLBACK.
 */
export async function copyIntoTable(input: CopyIntoTableInput): Promise<number> {
  const client = await input.pool.connect();
  let healthy = true;
  // pg-pool takes its idle 'error' listener off a checked-out client, and node-postgres emits
  // 'error' on the client when its socket fails (e.g. `write ECONNRESET` mid-COPY): with no
  // listener that is an uncaught exception that kills the process. The same failure also
  // rejects the COPY/query in flight, which is where we handle it; here we only note it.
  const onClientError = (): void => {
    healthy = false;
  };
  client.on('error', onClientError);
  try {
    await client.query('BEGIN');
    const clear = input.clear;
    if (clear.mode === 'truncate') await truncate(client, input.qualifiedTarget);
    if (clear.mode === 'delete-range') await client.query(`DELETE FROM ${input.qualifiedTarget} WHERE ${pgRangeCondition(clear.column, clear.range)}`);
    const columnList = input.columns.map(quotePgIdent).join(', ');
    const freeze = clear.mode === 'truncate' && clear.freeze ? ' WITH (FREEZE)' : '';
    const copyStream = client.query(copyFrom(`COPY ${input.qualifiedTarget} (${columnList}) FROM STDIN${freeze}`));
    await pipeline(input.chunks, copyStream, { signal: input.signal });
    const copied = copyStream.rowCount;
    input.verify(copied);
    await input.inTransaction?.(client, copied);
    for (const identity of input.identityColumns) {
      await advanceIdentity(client, input.qualifiedTarget, identity);
    }
    await client.query('COMMIT');
    return copied;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch {
      // The connection itself is gone or confused; never hand it back to the pool.
      healthy = false;
    }
    throw err;
  } finally {
    // A broken client is discarded and may still emit late socket errors: keep the listener.
    if (healthy) client.removeListener('error', onClientError);
    client.release(!healthy);
  }
}

/**
 * Postgres refuses to TRUNCATE a table that foreign keys reference (SQLSTATE 0A000) unless the
 * referencing tables go too. That happens when the data is loaded again after stage 3 created
 * the foreign keys: say how to reload rather than CASCADE into tables this run may not own.
 */
async function truncate(client: pg.PoolClient, qualifiedTarget: string): Promise<void> {
  try {
    await client.query(`TRUNCATE TABLE ${qualifiedTarget}`);
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === '0A000' && /foreign key/i.test(e.message ?? '')) {
      throw new Mssql2pgError(
        `cannot empty ${qualifiedTarget} before loading it: foreign keys (made by \`mssql2pg replicate constraints\`) reference it. ` +
          'To load the data again, recreate the tables (`mssql2pg replicate schema --drop-existing`), then `sync data`, then ' +
          '`replicate constraints`; or drop the referencing foreign keys, load, then run `replicate constraints --reset` ' +
          '(objects that still exist are skipped, the missing ones created)',
        { cause: err },
      );
    }
    throw err;
  }
}

/** For a table loaded in several transactions (key ranges): once, after the last range. */
export async function advanceIdentities(pool: pg.Pool, qualifiedTarget: string, identities: readonly IdentityColumn[]): Promise<void> {
  if (identities.length === 0) return;
  const client = await pool.connect();
  try {
    for (const identity of identities) await advanceIdentity(client, qualifiedTarget, identity);
  } finally {
    client.release();
  }
}

/**
 * Sets an identity column's sequence past the copied rows (or below them, for a negative
 * increment) so that new inserts do not collide with copied keys. Values outside the sequence's
 * range (e.g. negative keys inserted with IDENTITY_INSERT) leave it alone rather than fail.
 */
async function advanceIdentity(client: pg.PoolClient, qualifiedTarget: string, identity: IdentityColumn): Promise<void> {
  const descending = identity.increment.trim().startsWith('-');
  const agg = descending ? 'min' : 'max';
  await client.query(
    `SELECT setval(s.seq, s.v)
       FROM (SELECT pg_get_serial_sequence($1, $2) AS seq,
                    (SELECT ${agg}(${quotePgIdent(identity.name)}) FROM ${qualifiedTarget}) AS v) s
       JOIN pg_catalog.pg_sequence ps ON ps.seqrelid = s.seq::regclass
      WHERE s.seq IS NOT NULL AND s.v IS NOT NULL AND s.v BETWEEN ps.seqmin AND ps.seqmax`,
    [qualifiedTarget, identity.name],
  );
}
