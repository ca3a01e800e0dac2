// sql_variant through stage 1 and stage 2 into a real Postgres: the column is jsonb, each value
// `{"type": <base type>, "value": <exact text>}`, and a reader gets the value back exactly by
// casting `v->>'value'` to the type `v->>'type'` names. A base type that cannot be carried
// exactly fails the table naming the column and the row key. The in-memory source delivers what
// the SQL Server reader folds from tedious's row (src/sqlserver/variant-read.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { column, table } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, rowsOf, sync } from '../helpers/sync-harness.js';
import { tediousDateTime, tediousFromText } from '../helpers/tedious-values.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

function variants(values: readonly (readonly [string, unknown] | null)[]): MemoryTable {
  const model = table('dbo', 'Props', [column('Id', 'int', { nullable: false }), column('V', 'sql_variant', { maxLength: 8016 })], { pk: ['Id'] });
  return {
    model,
    shapes: ['integer', 'variant'],
    rows: values.map((v, i) => [i + 1, v === null ? null : { baseType: v[0], value: v[1] }]),
  };
}

describe('sql_variant into jsonb', () => {
  it('keeps every base type exactly, readable back by its type', async () => {
    const config = testConfig(db.url);
    const props = variants([
      ['float', 0.1],
      ['real', Math.fround(0.1)],
      ['money', '922337203685477.5807'],
      ['datetime', tediousDateTime(43_829, 24_299_999)],
      ['datetime2', tediousFromText('2024-01-02T03:04:05.1234567')],
      ['datetimeoffset', '2024-01-02 03:04:05.1234567 +05:45'],
      ['varbinary', Buffer.from([0, 255, 65])],
      ['nvarchar', 'Grüße 😀'],
      ['bigint', '9223372036854775807'],
      null,
    ]);
    await createTargets(config, [props]);
    expect(await rowsOf(db.url, "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'public.props'::regclass AND attname = 'v'")).toEqual([['jsonb']]);
    expect((await sync(config, new MemoryRowSource([props]))).failed).toEqual([]);
    expect(await rowsOf(db.url, `SELECT id, v->>'type', v->>'value' FROM public.props ORDER BY id`)).toEqual([
      [1, 'float', '0.1'],
      [2, 'real', '0.1'],
      [3, 'money', '922337203685477.5807'],
      [4, 'datetime', '2020-01-01 22:29:59.997'],
      [5, 'datetime2', '2024-01-02 03:04:05.1234567'],
      [6, 'datetimeoffset', '2024-01-02 03:04:05.1234567 +05:45'],
      [7, 'varbinary', '00ff41'],
      [8, 'nvarchar', 'Grüße 😀'],
      [9, 'bigint', '9223372036854775807'],
      [10, null, null],
    ]);
    // The value reads back exactly as the type it names.
    expect(
      await rowsOf(
        db.url,
        `SELECT (SELECT (v->>'value')::float8 = 0.1::float8 FROM public.props WHERE id = 1),
                (SELECT (v->>'value')::float4 = 0.1::float4 FROM public.props WHERE id = 2),
                (SELECT (v->>'value')::numeric = 922337203685477.5807 FROM public.props WHERE id = 3),
                (SELECT decode(v->>'value', 'hex') = '\\x00ff41'::bytea FROM public.props WHERE id = 7),
                (SELECT (v->>'value')::timestamptz = '2024-01-01 21:19:05.123457+00'::timestamptz FROM public.props WHERE id = 6)`,
      ),
    ).toEqual([[true, true, true, true, true]]);
  });

  it('fails the table naming the column and the row key when a base type cannot be carried exactly', async () => {
    const config = testConfig(db.url);
    const props = variants([['int', 1], ['hierarchyid', 'x']]);
    await createTargets(config, [props]);
    const summary = await sync(config, new MemoryRowSource([props]));
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0]!.error).toContain('row with Id=2, column V');
    expect(summary.failed[0]!.error).toContain('sql_variant base type "hierarchyid" is not one mssql2pg knows how to carry exactly');
    expect(await rowsOf(db.url, 'SELECT count(*)::int FROM public.props')).toEqual([[0]]);
  });
});
