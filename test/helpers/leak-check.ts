// Fails a test that leaves Postgres connections open: a migrator that forgets pool.end() or a
// client on an error path hangs the CLI at exit, and on a real server exhausts max_connections.
import { adminUrl, withPgClient } from './postgres.js';

export interface OpenConnection {
  readonly pid: number;
  readonly applicationName: string;
  readonly state: string | null;
  readonly query: string;
}

/** Sessions connected to `databaseName`, not counting the checker's own (it uses the admin DB). */
export async function listOpenConnections(databaseName: string): Promise<OpenConnection[]> {
  return withPgClient(adminUrl(), async (client) => {
    const result = await client.query<{ pid: number; application_name: string; state: string | null; query: string }>(
      `SELECT pid, application_name, state, query
         FROM pg_stat_activity
        WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [databaseName],
    );
    return result.rows.map((row) => ({
      pid: row.pid,
      applicationName: row.application_name,
      state: row.state,
      query: row.query,
    }));
  });
}

/**
 * Throws when connections to `databaseName` remain open. Polls for up to `graceMs` because a
 * backend leaves pg_stat_activity slightly after client.end() resolves (the server handles the
 * Terminate message asynchronously).
 */
export async function expectNoOpenConnections(databaseName: string, graceMs = 2_000): Promise<void> {
  const deadline = Date.now() + graceMs;
  let open = await listOpenConnections(databaseName);
  while (open.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    open = await listOpenConnections(databaseName);
  }
  if (open.length === 0) return;
  const details = open
    .map((c) => `pid ${c.pid} (${c.applicationName || 'no application_name'}, ${c.state ?? 'unknown'}): ${c.query}`)
    .join('\n  ');
  throw new Error(`${open.length} connection(s) to ${databaseName} left open:\n  ${details}`);
}
