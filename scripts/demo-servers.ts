// Where the demo's two servers come from: the user's (MSSQL_URL, PG_URL) or throwaway ones
// (a SQL Server container when Docker is reachable, an embedded Postgres). Reuses the test
// launchers so the demo and the tests start servers the same way.
import pg from 'pg';
import { getSqlServer } from '../test/helpers/sqlserver.js';
import { startEmbeddedPostgres } from '../test/setup/embedded-postgres.js';
import { withDatabase } from './demo-sql-script.js';

export const NEEDS_SQL_SERVER_MESSAGE =
  'npm run demo needs a SQL Server: set MSSQL_URL=mssql://sa:password@host:1433/master?encrypt=false&trustServerCertificate=true, ' +
  'or start a Docker engine so the demo can run one';

export interface DemoServer {
  readonly url: string;
  /** What to tell the user about where this server came from (no secrets). */
  readonly origin: string;
  /** True when the demo started it and stops it on exit. */
  readonly throwaway: boolean;
  stop(): Promise<void>;
}

/** MSSQL_URL, else a container when Docker answers, else null (the caller explains and exits 2). */
export async function acquireSqlServer(configuredUrl: string | undefined): Promise<DemoServer | null> {
  if (configuredUrl) return { url: configuredUrl, origin: 'MSSQL_URL', throwaway: false, stop: async () => undefined };
  const found = await getSqlServer();
  if ('skip' in found) return null;
  // getSqlServer prefers MSSQL_TEST_URL (the e2e tests' variable) over starting a container.
  const fromTestUrl = Boolean(process.env['MSSQL_TEST_URL']);
  return {
    url: found.url,
    origin: fromTestUrl ? 'MSSQL_TEST_URL' : 'a SQL Server 2022 container started for this demo',
    throwaway: !fromTestUrl,
    stop: () => found.stop(),
  };
}

/**
 * PG_URL as given (the demo writes its tables there), else an embedded Postgres with a fresh
 * database for the demo.
 */
export async function acquirePostgres(configuredUrl: string | undefined, database: string): Promise<DemoServer> {
  if (configuredUrl) return { url: configuredUrl, origin: 'PG_URL', throwaway: false, stop: async () => undefined };
  const server = await startEmbeddedPostgres();
  try {
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: withDatabase(server.adminUrl, database),
    origin: 'an embedded PostgreSQL started for this demo',
    throwaway: true,
    stop: () => server.stop(),
  };
}

/** Exact row counts of every user table in the database (any schema), keyed `schema.table`. */
export async function countPostgresRows(url: string): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ schema_name: string; table_name: string }>(
      `SELECT n.nspname AS schema_name, c.relname AS table_name
         FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\\_%'
        ORDER BY 1, 2`,
    );
    const counts = new Map<string, number>();
    for (const { schema_name, table_name } of tables.rows) {
      const qualified = `${pg.escapeIdentifier(schema_name)}.${pg.escapeIdentifier(table_name)}`;
      const result = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${qualified}`);
      counts.set(`${schema_name}.${table_name}`, Number(result.rows[0]?.n ?? 0));
    }
    return counts;
  } finally {
    await client.end();
  }
}
