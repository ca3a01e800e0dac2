// Stage 2 reads a unit through the TDS decoder by default, and through tedious + the COPY
// encoder when the decoder declines the unit or `--no-tds-decoder` asks for it. Both paths must
// leave the same rows in Postgres.
//
// The rows come from a REPLAY of a recorded response of a T-SQL server (test/helpers/
// tds-replay.ts, the 12-column `wide` table): it is not SQL Server and says nothing about one's
// behaviour; it gives both read paths the same bytes through a real tedious connection, so the
// test is about our own transport, decoder, encoder and COPY. The catalog comes from a fixture
// model (the replay answers every query with the recorded rows).
import mssql from 'mssql';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CatalogModel } from '../../src/catalog/model.js';
import type { StageEvent } from '../../src/run/events.js';
import type { RowSource } from '../../src/sqlserver/contract.js';
import { sqlServerRowSource } from '../../src/sqlserver/sql-server-source.js';
import { MemoryRowSource } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf, sync } from '../helpers/sync-harness.js';
import { seededTable } from '../helpers/sync-child.js';
import { replayPoolConfig, startReplay, wideStreams, wideTable, type ReplayServer } from '../helpers/tds-replay.js';
import { testConfig } from '../helpers/test-config.js';

const REPEAT = 4; // 4 × 5,000 recorded rows

const wide = wideTable('wide', REPEAT * 5000);
const catalog: CatalogModel = { database: 'tdscap', tables: [wide] };

let replay: ReplayServer;
let pool: mssql.ConnectionPool;
let db: TestDatabase;

beforeAll(async () => {
  replay = await startReplay(wideStreams(), REPEAT);
  pool = await new mssql.ConnectionPool(replayPoolConfig(replay.port, 2)).connect();
}, 30_000);
afterAll(async () => {
  await pool?.close();
  await replay?.stop();
});
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await db.drop();
});

/** The SQL Server source over the replay's connection, with the fixture catalog. */
function replaySource(): RowSource {
  const server = sqlServerRowSource(pool, 'tdscap');
  return { loadCatalog: async () => catalog, readTable: server.readTable, copyText: server.copyText, close: async () => {} };
}

const contents = (url: string) =>
  rowsOf(url, `SELECT count(*)::int, md5(string_agg(w::text, E'\\n' ORDER BY id)) FROM public.wide w`);

describe('stage 2 read paths', () => {
  it('loads the same rows through the TDS decoder and through tedious + the encoder', { timeout: 60_000 }, async () => {
    const config = testConfig(db.url);
    await createTargets(config, [{ model: wide, shapes: [], rows: [] }]);
    const events: StageEvent[] = [];
    const decoded = await sync(config, replaySource(), { chunkRows: 0 }, { events });
    expect(decoded.failed).toEqual([]);
    expect(decoded.rows).toBe(REPEAT * 5000);
    expect(events.filter((e) => e.type === 'table:detail')).toEqual([]);
    const viaDecoder = await contents(db.url);

    const encoded = await sync(config, replaySource(), { chunkRows: 0, decoder: false });
    expect(encoded.failed).toEqual([]);
    expect(await contents(db.url)).toEqual(viaDecoder);
    expect(viaDecoder[0]![0]).toBe(REPEAT * 5000);
  });

  it('goes through the encoder when the decoder declines a unit, and says why once per table in a --verbose detail', async () => {
    const config = testConfig(db.url);
    const t = seededTable('dbo', 'Notes', 3000, 7);
    await createTargets(config, [t]);
    const memory = new MemoryRowSource([t]);
    const declined: string[] = [];
    const source: RowSource = {
      loadCatalog: () => memory.loadCatalog(),
      readTable: (table, options) => memory.readTable(table, options),
      ranges: memory.ranges,
      copyText: {
        readCopyText: async (table, range) => {
          declined.push(`${table.name} ${range === null ? 'whole' : `[${range.range.lo ?? '-inf'},${range.range.hi ?? '+inf'})`}`);
          return { fallback: 'column Body has a collation without an exact code page' };
        },
      },
      close: async () => {},
    };
    const events: StageEvent[] = [];
    const summary = await sync(config, source, { chunkRows: 1000 }, { events });
    expect(summary.failed).toEqual([]);
    expect(summary.rows).toBe(3000);
    expect(declined.length).toBeGreaterThan(1); // every range asked the decoder first
    expect(events.filter((e) => e.type === 'table:detail')).toEqual([
      {
        type: 'table:detail',
        table: 'dbo.Notes',
        message: 'read as values through the COPY encoder, not the TDS decoder: column Body has a collation without an exact code page',
      },
    ]);
    expect((await rowsOf(db.url, 'SELECT count(*)::int FROM public.notes'))[0]).toEqual([3000]);
  });
});
