// Stage 2 (`sync data`) against a real Postgres, with the source behind the RowSource interface
// (test/helpers/memory-row-source.ts: no SQL Server here). Target tables are created by stage 1,
// then every assertion reads the rows back: count and content, the progress file and the summary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StageEvent } from '../../src/run/events.js';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { digestRows, seededRows, seededTable } from '../helpers/sync-child.js';
import { createTargets, dataProgress, digestOf, rowsOf as rowsOfUrl, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  // Every run must have ended its pool, on success and on every failure path (item 10).
  await expectNoOpenConnections(db.name);
  await db.drop();
});

const rowsOf = (sql: string): Promise<unknown[][]> => rowsOfUrl(db.url, sql);

/** Every ValueShape, with NULLs every 10th row; `expected` is the row as Postgres gives it back as text. */
function shapesTable(count: number): { table: MemoryTable; expected: (string | null)[][] } {
  const model = table('dbo', 'Shapes', [
    column('Id', 'int', { nullable: false }),
    column('Flag', 'bit', { maxLength: 1, precision: 1 }),
    column('Big', 'bigint'),
    column('Amount', 'decimal'),
    column('Ratio', 'float', { maxLength: 8, precision: 53 }),
    column('Label', 'nvarchar', { maxLength: -1 }),
    column('Data', 'varbinary', { maxLength: 100 }),
    column('Guid', 'uniqueidentifier', { maxLength: 16 }),
    column('Day', 'date', { maxLength: 3, precision: 10 }),
    column('At', 'datetime2'),
    column('Clock', 'time', { maxLength: 5, precision: 16, scale: 7 }),
    column('AtTz', 'datetimeoffset', { maxLength: 10, precision: 34, scale: 7 }),
  ], { pk: ['Id'], rowCountEstimate: count });
  const rows: unknown[][] = [];
  const expected: (string | null)[][] = [];
  for (let i = 1; i <= count; i++) {
    const ss = String(i % 60).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hex = i.toString(16).padStart(12, '0');
    const values: [unknown, string][] = [
      [i % 2 === 0, String(i % 2 === 0)],
      [`${9007199254740993n + BigInt(i)}`, `${9007199254740993n + BigInt(i)}`],
      [`-${i}.05`, `-${i}.05`],
      [i / 8, String(i / 8)],
      [`label ${i} ü\t\\ "q"\n`, `label ${i} ü\t\\ "q"\n`],
      [Buffer.from([i & 255, 0, 255]), Buffer.from([i & 255, 0, 255]).toString('hex')],
      [`ABCDEF00-0000-4000-8000-${hex}`, `abcdef00-0000-4000-8000-${hex}`],
      [`2024-02-${day}`, `2024-02-${day}`],
      [`2024-03-05T06:07:${ss}.123456`, `2024-03-05 06:07:${ss}.123456`],
      [`12:34:${ss}.5`, `12:34:${ss}.5`],
      [`2024-03-05 06:07:${ss}.25 +02:00`, `2024-03-05 04:07:${ss}.25`],
    ];
    const isNullRow = i % 10 === 0;
    rows.push([i, ...values.map(([v]) => (isNullRow ? null : v))]);
    expected.push([String(i), ...values.map(([, text]) => (isNullRow ? null : text))]);
  }
  return { table: { model, shapes: ['integer', 'boolean', 'bigint-text', 'decimal-text', 'float', 'text', 'binary', 'uuid', 'date-text', 'timestamp-text', 'time-text', 'timestamptz-text'], rows }, expected };
}

const SHAPES_READBACK = `SELECT id::text, flag::text, big::text, amount::text, ratio::text, label, encode(data, 'hex'), guid::text,
  day::text, at::text, clock::text, (attz AT TIME ZONE 'UTC')::text FROM public.shapes s ORDER BY s.id`;

/** `Id int primary key, Body nvarchar(max)`: long text values, so COPY chunks flow early. */
function notesTable(name: string, count: number, body: (id: number) => string): MemoryTable & { rows: [number, string][] } {
  const model = table('dbo', name, [column('Id', 'int', { nullable: false }), column('Body', 'nvarchar', { maxLength: -1 })], { pk: ['Id'], rowCountEstimate: count });
  return { model, shapes: ['integer', 'text'], rows: Array.from({ length: count }, (_, i): [number, string] => [i + 1, body(i + 1)]) };
}

describe('sync data against a real Postgres', () => {
  it('copies every table exactly and advances identity sequences past the copied keys', async () => {
    const config = testConfig(db.url);
    const shapes = shapesTable(300);
    const tables = [shapes.table, seededTable('dbo', 'Big', 50_000, 7), ...['A', 'B', 'C'].map((n, i) => seededTable('dbo', n, 200 + i, 100 + i))];
    await createTargets(config, tables);
    const events: StageEvent[] = [];
    const summary = await sync(config, new MemoryRowSource(tables), {}, { events });

    expect(summary.failed).toEqual([]);
    expect(summary.succeeded).toBe(5);
    expect(summary.rows).toBe(300 + 50_000 + 200 + 201 + 202);
    expect(await rowsOf(SHAPES_READBACK)).toEqual(shapes.expected);
    expect(await digestOf(db.url, 'public.big')).toEqual(digestRows(seededRows(50_000, 7)));
    for (const [i, n] of ['a', 'b', 'c'].entries()) {
      const rows = await rowsOf(`SELECT id, name FROM public.${n} ORDER BY id`);
      expect(rows).toEqual([...seededRows(200 + i, 100 + i)]);
    }
    // 50k rows are several 64 KB chunks: progress was reported more than once before the end.
    expect(events.filter((e) => e.type === 'table:progress' && e.table === 'dbo.Big').length).toBeGreaterThan(3);
    const [[newId]] = (await rowsOf(`INSERT INTO public.big (name) VALUES ('after') RETURNING id`)) as [[number]];
    expect(newId).toBe(50_001);

    const progress = dataProgress(config);
    expect(Object.keys(progress).sort()).toEqual(['dbo.A', 'dbo.B', 'dbo.Big', 'dbo.C', 'dbo.Shapes']);
    expect(progress['dbo.Big']).toMatchObject({ status: 'completed', rows_synced: 50_000, error: null });
    expect(progress['dbo.Shapes']).toMatchObject({ status: 'completed', rows_synced: 300 });
  });

  it('retries a transient failure from scratch: no duplicates, one table:retry event, two attempts', async () => {
    const config = testConfig(db.url);
    const wide = notesTable('Wide', 400, (id) => `${id}`.padEnd(1000, 'x'));
    await createTargets(config, [wide]);
    const source = new MemoryRowSource([wide], ({ attempt, rowIndex }) => {
      // 100 rows of 1 KB: at least one 64 KB chunk already went into the COPY before the reset.
      if (attempt === 1 && rowIndex === 100) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    });
    const events: StageEvent[] = [];
    // --no-truncate: only the rollback of attempt 1 keeps its rows from being there twice.
    const summary = await sync(config, source, { truncate: false }, { events });

    expect(summary.failed).toEqual([]);
    expect(source.attempts.get('dbo.Wide')).toBe(2);
    const retries = events.filter((e) => e.type === 'table:retry');
    expect(retries).toEqual([expect.objectContaining({ table: 'dbo.Wide', attempt: 1, error: expect.stringContaining('ECONNRESET') })]);
    expect(await rowsOf('SELECT id, body FROM public.wide ORDER BY id')).toEqual(wide.rows);
    expect(dataProgress(config)['dbo.Wide']).toMatchObject({ status: 'completed', rows_synced: 400, error: null });
  });

  it('fails a table with a NUL character permanently (naming the row and --strip-nul), finishes the others; strip then succeeds', async () => {
    const config = testConfig(db.url);
    const notes = notesTable('Notes', 300, (id) => (id === 42 ? 'a\u0000b' : `note ${id}`));
    const others = [seededTable('dbo', 'Other', 100, 1), seededTable('dbo', 'Zed', 10, 2)];
    await createTargets(config, [notes, ...others]);
    const source = new MemoryRowSource([notes, ...others]);
    const events: StageEvent[] = [];
    const first = await sync(config, source, {}, { events });

    expect(first.succeeded).toBe(2);
    expect(first.failed).toHaveLength(1);
    const { table: failedTable, error } = first.failed[0]!;
    expect(failedTable).toBe('dbo.Notes');
    expect(error).toContain('dbo.Notes');
    expect(error).toContain('Id=42');
    expect(error).toContain('column Body');
    expect(error).toContain('--strip-nul');
    expect(source.attempts.get('dbo.Notes')).toBe(1);
    expect(events.some((e) => e.type === 'table:retry')).toBe(false);
    expect(await rowsOf('SELECT count(*)::int FROM public.notes')).toEqual([[0]]);
    expect(await rowsOf('SELECT id, name FROM public.other ORDER BY id')).toEqual([...seededRows(100, 1)]);
    const progress = dataProgress(config);
    expect(progress['dbo.Notes']).toMatchObject({ status: 'failed', error });
    expect(progress['dbo.Other']).toMatchObject({ status: 'completed', rows_synced: 100 });

    const second = await sync(config, source, { resume: true, encoder: { nul: 'strip' } });
    expect(second.failed).toEqual([]);
    expect(second.skipped).toBe(2);
    expect(second.succeeded).toBe(1);
    const expected = notes.rows.map(([id, body]) => [id, body.replace('\u0000', '')]);
    expect(await rowsOf('SELECT id, body FROM public.notes ORDER BY id')).toEqual(expected);
    expect(dataProgress(config)['dbo.Notes']).toMatchObject({ status: 'completed', rows_synced: 300, error: null });
  });

  it('fails a table whose target is missing, pointing at `replicate schema`, without retrying or reading it', async () => {
    const config = testConfig(db.url);
    const present = seededTable('dbo', 'Present', 20, 3);
    const missing = seededTable('dbo', 'Missing', 20, 4);
    await createTargets(config, [present]);
    const source = new MemoryRowSource([present, missing]);
    const events: StageEvent[] = [];
    const summary = await sync(config, source, {}, { events });

    expect(summary.succeeded).toBe(1);
    expect(summary.failed.map((f) => f.table)).toEqual(['dbo.Missing']);
    expect(summary.failed[0]!.error).toContain('mssql2pg replicate schema');
    expect(summary.failed[0]!.error).toContain('"public"."missing"');
    expect(source.attempts.has('dbo.Missing')).toBe(false);
    expect(events.some((e) => e.type === 'table:retry')).toBe(false);
    expect(dataProgress(config)['dbo.Missing']).toMatchObject({ status: 'failed', error: summary.failed[0]!.error });
    expect(await rowsOf('SELECT id, name FROM public.present ORDER BY id')).toEqual([...seededRows(20, 3)]);
  });
});
