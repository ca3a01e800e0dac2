import type pg from 'pg';

/**
 * Runs statements in one transaction: Postgres DDL is transactional, so a table is either
 * fully created (with its primary key) or not at all, whatever happens mid-way.
 *
 * With a signal, an abort (Ctrl-C, fail-fast) also cancels the running statement with
 * pg_cancel_backend: an index build on a large table can run for many minutes, and an
 * interrupt must not wait for it. The cancelled statement fails with SQLSTATE 57014 and its
 * transaction rolls back, leaving nothing half built.
 */
export async function applyInTransaction(pool: pg.Pool, statements: readonly string[], signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  const client = await pool.connect();
  // Set by node-postgres from the BackendKeyData message; not in @types/pg.
  const pid = (client as unknown as { processID?: number | null }).processID ?? null;
  const onAbort = (): void => {
    if (pid !== null) void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  let broken = false;
  try {
    await client.query('BEGIN');
    for (const sql of statements) {
      signal?.throwIfAborted();
      await client.query(sql);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // A client whose ROLLBACK failed is in an unknown state: destroy it rather than reuse it.
    client.release(broken);
  }
}
