// What a stage checks before it touches anything: the grants it needs (issue: a CONNECT-only user
// got "permission denied" once per table in every stage, with no hint), and stage order (issue:
// `replicate constraints` before `sync data` succeeded on empty tables, and the later sync data
// could not empty them because of their foreign keys).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { memorySourceDatabase } from '../helpers/memory-source-database.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';
import { rowsOf } from '../helpers/sync-harness.js';
import { workDir } from '../helpers/cli-process.js';
import type { WorkerSourceArgs } from '../helpers/worker-memory-source.js';

const TABLES: WorkerSourceArgs = { tables: [{ schema: 'dbo', name: 'Album', rows: 30 }, { schema: 'dbo', name: 'Artist', rows: 20 }] };

let db: TestDatabase;
let cwd: string;
let savedEnv: NodeJS.ProcessEnv;
beforeEach(async () => {
  db = await createTestDatabase();
  cwd = workDir();
  savedEnv = { ...process.env };
  process.env.MSSQL_URL = 'mssql://migrator:NotUsed-1@memory/src';
  delete process.env.MSSQL2PG_PROGRESS_DIR;
});
afterEach(async () => {
  process.env = savedEnv;
  vi.restoreAllMocks();
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

/** The real CLI in this process, over the in-memory tables, as `pgUrl`'s user. */
async function cli(argv: string[], pgUrl: string = db.url): Promise<{ code: number; out: string }> {
  let out = '';
  const capture = ((c: unknown) => ((out += String(c)), true)) as typeof process.stdout.write;
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  process.env.PG_URL = pgUrl;
  try {
    return { code: await main(argv, { source: memorySourceDatabase(TABLES), cwd }), out };
  } finally {
    vi.restoreAllMocks();
  }
}

const sql = (text: string) => withPgClient(db.url, (c) => c.query(text));
const userTables = async () => (await rowsOf(db.url, `SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1`)).flat();
const primaryKeys = async () => (await rowsOf(db.url, `SELECT conname FROM pg_constraint WHERE contype = 'p' AND connamespace = 'public'::regnamespace ORDER BY 1`)).flat();

describe('up-front permission checks, with a user that may only connect', () => {
  let role: string;
  let limited: string;
  beforeEach(async () => {
    role = `lim_${db.name}`;
    await sql(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-limited'; REVOKE CREATE ON DATABASE ${db.name} FROM PUBLIC; REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const u = new URL(db.url);
    u.username = role;
    u.password = 'pw-limited';
    limited = u.toString();
  });
  afterEach(async () => {
    await sql(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
  });

  it('each stage refuses before touching anything, naming every grant; the GRANTs it prints make it run', async () => {
    const schema = await cli(['replicate', 'schema'], limited);
    expect(schema.code).toBe(3);
    expect(schema.out).toContain('replicate schema cannot start: grants are missing (nothing was touched)');
    expect(schema.out).toContain(`GRANT USAGE, CREATE ON SCHEMA "public" TO "${role}";`);
    expect(await userTables()).toEqual([]);

    expect((await cli(['replicate', 'schema'])).code).toBe(0); // as the owner
    const data = await cli(['sync', 'data'], limited);
    expect(data.code).toBe(3);
    expect(data.out).toContain('sync data cannot start');
    expect(data.out).toContain('SELECT, INSERT, TRUNCATE on public.album, public.artist (to load them)');
    expect(data.out).not.toContain('permission denied');
    // Nothing was marked: the check ran before the first table.
    const file = path.join(cwd, 'progress', 'data_sync_progress.json');
    const recorded = existsSync(file) ? Object.keys((JSON.parse(readFileSync(file, 'utf8')) as { tables: object }).tables) : [];
    expect(recorded).toEqual([]);

    const constraints = await cli(['replicate', 'constraints', '--force'], limited);
    expect(constraints.code).toBe(3);
    expect(constraints.out).toContain('ownership of public.album, public.artist (keys, indexes and foreign keys need the owner)');
    expect(await primaryKeys()).toEqual([]);

    // Run exactly the statements the message gave, as the owner: sync data then works.
    for (const grant of data.out.matchAll(/: (GRANT [^;]+;)/g)) await sql(grant[1]!);
    const again = await cli(['sync', 'data'], limited);
    expect(again.code).toBe(0);
    expect(await rowsOf(db.url, 'SELECT (SELECT count(*)::int FROM public.album), (SELECT count(*)::int FROM public.artist)')).toEqual([[30, 20]]);
  }, 60_000);
});

describe('stage order', () => {
  it('replicate constraints on tables whose data has not completed: refused (exit 2, nothing built) unless --force, which says so', async () => {
    expect((await cli(['replicate', 'schema'])).code).toBe(0);
    const refused = await cli(['replicate', 'constraints']);
    expect(refused.code).toBe(2);
    expect(refused.out).toContain('sync data has not completed 2 tables of this run: dbo.Album, dbo.Artist');
    expect(refused.out).toContain('--force');
    expect(await primaryKeys()).toEqual([]);

    const forced = await cli(['replicate', 'constraints', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.out).toContain('--force: keys and foreign keys built on 2 tables whose data has not completed (dbo.Album, dbo.Artist)');
    expect(await primaryKeys()).toEqual(['pk_album', 'pk_artist']);
  }, 60_000);

  it('after sync data has completed the tables, no --force is needed', async () => {
    expect((await cli(['replicate', 'schema'])).code).toBe(0);
    expect((await cli(['sync', 'data'])).code).toBe(0);
    const built = await cli(['replicate', 'constraints']);
    expect(built.code).toBe(0);
    expect(built.out).not.toContain('--force');
  }, 60_000);
});
