// Proves the test Postgres infrastructure itself: per-test databases are real, isolated,
// droppable, and the leak check sees open connections.
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { adminUrl, createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { expectNoOpenConnections, listOpenConnections } from '../helpers/leak-check.js';

const databasesToDrop: TestDatabase[] = [];

async function newDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databasesToDrop.push(database);
  return database;
}

async function databaseExists(name: string): Promise<boolean> {
  return withPgClient(adminUrl(), async (client) => {
    const result = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return result.rowCount === 1;
  });
}

afterEach(async () => {
  for (const database of databasesToDrop.splice(0)) await database.drop();
});

describe('test Postgres server', () => {
  it('is a UTF8 server the admin URL can reach', async () => {
    const encoding = await withPgClient(adminUrl(), async (client) => {
      const result = await client.query<{ server_encoding: string }>('SHOW server_encoding');
      return result.rows[0]?.server_encoding;
    });
    expect(encoding).toBe('UTF8');
  });

  it('creates fresh databases that are isolated from each other', async () => {
    const first = await newDatabase();
    const second = await newDatabase();
    expect(first.name).not.toBe(second.name);
    expect(first.url).toContain(`/${first.name}`);

    await withPgClient(first.url, async (client) => {
      await client.query('CREATE TABLE only_in_first (id int)');
      await client.query('INSERT INTO only_in_first VALUES (1), (2)');
    });
    const tablesInSecond = await withPgClient(second.url, async (client) => {
      const result = await client.query("SELECT to_regclass('public.only_in_first') AS found");
      return result.rows[0]?.found as string | null;
    });
    const rowsInFirst = await withPgClient(first.url, async (client) => {
      const result = await client.query<{ n: string }>('SELECT count(*) AS n FROM only_in_first');
      return Number(result.rows[0]?.n);
    });
    expect(tablesInSecond).toBeNull();
    expect(rowsInFirst).toBe(2);
  });

  it('drop() removes the database even while a connection is open, and is idempotent', async () => {
    const database = await newDatabase();
    const straggler = new pg.Client({ connectionString: database.url });
    straggler.on('error', () => undefined); // DROP ... WITH (FORCE) terminates this session
    await straggler.connect();
    expect(await databaseExists(database.name)).toBe(true);

    await database.drop();
    await database.drop();
    expect(await databaseExists(database.name)).toBe(false);
    await straggler.end().catch(() => undefined);
  });
});

describe('leak check', () => {
  it('reports a connection left open and passes once it is closed', async () => {
    const database = await newDatabase();
    const leaked = new pg.Client({ connectionString: database.url, application_name: 'leaky-test' });
    await leaked.connect();

    const open = await listOpenConnections(database.name);
    expect(open.map((c) => c.applicationName)).toEqual(['leaky-test']);
    await expect(expectNoOpenConnections(database.name, 200)).rejects.toThrow(/1 connection\(s\) to t_.* left open/);

    await leaked.end();
    await expect(expectNoOpenConnections(database.name)).resolves.toBeUndefined();
  });
});
