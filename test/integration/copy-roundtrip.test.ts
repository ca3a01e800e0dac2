// The COPY TEXT encoder against a real PostgreSQL: every shape's awkward values go in through
// COPY FROM STDIN and come back value-exact. Values are read back as text (`::text`, hex for
// bytea) so no JS number or Date conversion can hide a difference.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import {
  createRowEncoder,
  encodeCopyChunks,
  UnrepresentableValueError,
  type EncoderOptions,
} from '../../src/copy/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { tdsDays, tediousDate, tediousFromText, tediousNumeric, tediousTime } from '../helpers/tedious-values.js';

interface ColumnSpec {
  readonly name: string;
  readonly pgType: string;
  readonly shape: ValueShape;
  /** How to read the column back as exact text. */
  readonly readAs: string;
}

const COLUMNS: readonly ColumnSpec[] = [
  { name: 'id', pgType: 'integer', shape: 'integer', readAs: 'id::text' },
  { name: 'b', pgType: 'boolean', shape: 'boolean', readAs: 'b::text' },
  { name: 'i2', pgType: 'smallint', shape: 'integer', readAs: 'i2::text' },
  { name: 'i4', pgType: 'integer', shape: 'integer', readAs: 'i4::text' },
  { name: 'i8', pgType: 'bigint', shape: 'bigint-text', readAs: 'i8::text' },
  { name: 'num', pgType: 'numeric(38,10)', shape: 'decimal-text', readAs: 'num::text' },
  // Widened to float8 so the read-back shows the exact float32 value, not its float4 shortest form.
  { name: 'r', pgType: 'real', shape: 'float', readAs: 'r::float8::text' },
  { name: 'd', pgType: 'double precision', shape: 'float', readAs: 'd::text' },
  { name: 't', pgType: 'text', shape: 'text', readAs: 't' },
  { name: 'vc', pgType: 'varchar(20)', shape: 'text', readAs: 'vc::text' },
  { name: 'by', pgType: 'bytea', shape: 'binary', readAs: "encode(by, 'hex')" },
  { name: 'u', pgType: 'uuid', shape: 'uuid', readAs: 'u::text' },
  { name: 'dt', pgType: 'date', shape: 'date-text', readAs: 'dt::text' },
  { name: 'ts', pgType: 'timestamp(6)', shape: 'timestamp-text', readAs: 'ts::text' },
  { name: 'tm', pgType: 'time(6)', shape: 'time-text', readAs: 'tm::text' },
  { name: 'tz', pgType: 'timestamptz(6)', shape: 'timestamptz-text', readAs: 'tz::text' },
  { name: 'x', pgType: 'xml', shape: 'text', readAs: 'x::text' },
];

const ALL_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** [row as the reader delivers it, the same row as PostgreSQL gives it back as text]. */
const CASES: readonly [readonly unknown[], readonly (string | null)[]][] = [
  [
    [1, true, 32767, 2147483647, '9223372036854775807', '1234567890123456789012345678.1234567890',
      Math.fround(0.1), 0.1, 'plain', 'ascii', Buffer.from([1, 2, 255]),
      '6F9619FF-8B86-D011-B42D-00C04FC964FF', '2024-02-29', '2024-03-05T06:07:08.1234565',
      '12:34:56.1234564', '2024-03-05 06:07:08.1234567 +14:00', '<a>x &amp; y</a>'],
    ['1', 'true', '32767', '2147483647', '9223372036854775807', '1234567890123456789012345678.1234567890',
      '0.10000000149011612', '0.1', 'plain', 'ascii', '0102ff',
      '6f9619ff-8b86-d011-b42d-00c04fc964ff', '2024-02-29', '2024-03-05 06:07:08.123457',
      '12:34:56.123456', '2024-03-04 16:07:08.123457+00', '<a>x &amp; y</a>'],
  ],
  [
    [2, false, -32768, -2147483648, '-9223372036854775808', '-12.3400',
      3.4028234663852886e38, 1e-320, '', '', Buffer.alloc(0),
      '00000000-0000-0000-0000-000000000000', '0001-01-01', '2020-12-31T23:59:59.9999995',
      '23:59:59.9999995', '2020-12-31 23:59:59.9999995 -12:00', ''],
    ['2', 'false', '-32768', '-2147483648', '-9223372036854775808', '-12.3400000000',
      '3.4028234663852886e+38', '1e-320', '', '', '',
      '00000000-0000-0000-0000-000000000000', '0001-01-01', '2021-01-01 00:00:00',
      '24:00:00', '2021-01-01 12:00:00+00', ''],
  ],
  [
    [3, true, 0, 0, '0', '.5', -0, -0, '\\N', '\\.', ALL_BYTES,
      'ffffffff-ffff-ffff-ffff-ffffffffffff', '9999-12-31', '9999-12-31T23:59:59.9999995',
      '00:00:00.0000005', '9999-12-31T23:59:59.9999999Z', '<r>\n\ttab\r\n</r>'],
    ['3', 'true', '0', '0', '0', '0.5000000000', '-0', '-0', '\\N', '\\.', ALL_BYTES.toString('hex'),
      'ffffffff-ffff-ffff-ffff-ffffffffffff', '9999-12-31', '9999-12-31 23:59:59.999999',
      '00:00:00.000001', '9999-12-31 23:59:59.999999+00', '<r>\n\ttab\r\n</r>'],
  ],
  [
    [4, null, null, null, null, '-922337203685477.5808', Number.NaN, 1.7976931348623157e308,
      'tab\there\nnew\r\nline \\ back\\slash', 'x😀y\tz 東京', null,
      null, null, '0001-01-01T00:00:00', '00:00:00', '2024-03-05T06:07:08.000001Z', null],
    ['4', null, null, null, null, '-922337203685477.5808000000', 'NaN', '1.7976931348623157e+308',
      'tab\there\nnew\r\nline \\ back\\slash', 'x😀y\tz 東京', null,
      null, null, '0001-01-01 00:00:00', '00:00:00', '2024-03-05 06:07:08.000001+00', null],
  ],
  [
    [5, null, null, null, null, null, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY,
      'emoji 👨‍👩‍👧 and \u0001\u007f controls', 'é', null, null, null, null, null, null, null],
    ['5', null, null, null, null, null, '-Infinity', 'Infinity',
      'emoji 👨‍👩‍👧 and \u0001\u007f controls', 'é', null, null, null, null, null, null, null],
  ],
];

const CREATE_TABLE = `CREATE TABLE awkward (${COLUMNS.map((c) => `${c.name} ${c.pgType}`).join(', ')})`;
const COPY_SQL = `COPY awkward (${COLUMNS.map((c) => c.name).join(', ')}) FROM STDIN`;
const SELECT_SQL = `SELECT ${COLUMNS.map((c) => c.readAs).join(', ')} FROM awkward ORDER BY id`;

async function* fromArray<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

describe('COPY TEXT encoder round trip through PostgreSQL', () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query("SET TimeZone = 'UTC'");
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  /** COPYs rows into a fresh `awkward` table; returns the server's row count and ours. */
  async function copyRows(rows: readonly (readonly unknown[])[], options: EncoderOptions = {}, chunkBytes = 64) {
    await client.query('DROP TABLE IF EXISTS awkward');
    await client.query(CREATE_TABLE);
    const encodeRow = createRowEncoder(COLUMNS, options);
    let rowsEncoded = 0;
    const copyStream = client.query(copyFrom(COPY_SQL));
    await pipeline(
      Readable.from(encodeCopyChunks(fromArray(rows), encodeRow, { chunkBytes, onRows: (n) => (rowsEncoded += n) })),
      copyStream,
    );
    return { serverRows: copyStream.rowCount, rowsEncoded };
  }

  async function readBack(): Promise<(string | null)[][]> {
    const result = await client.query({ text: SELECT_SQL, rowMode: 'array' });
    return result.rows as (string | null)[][];
  }

  it('stores every awkward value exactly', async () => {
    const { serverRows, rowsEncoded } = await copyRows(CASES.map(([input]) => input));
    expect(serverRows).toBe(CASES.length);
    expect(rowsEncoded).toBe(CASES.length);
    const rows = await readBack();
    expect(rows).toEqual(CASES.map(([, expected]) => expected));
  });

  it('stores a natively read value exactly as the text path stores the same source value', async () => {
    // Each pair: [Postgres type, native shape, native value, text shape, SQL Server's text].
    const time = (text: string, units: number) => ['time(6)', 'time-value', tediousTime(units), 'time-text', text] as const;
    const ts = (text: string) => ['timestamp(6)', 'timestamp-value', tediousFromText(text), 'timestamp-text', text] as const;
    const tz = (text: string) => ['timestamptz(6)', 'timestamptz-value', tediousFromText(text), 'timestamptz-text', text] as const;
    const num = (type: string, m: bigint, scale: number, text: string) =>
      [type, `decimal-number:${scale}`, tediousNumeric(m, scale), 'decimal-text', text] as const;
    const pairs = [
      ['date', 'date-value', tediousDate(tdsDays(1, 1, 1)), 'date-text', '0001-01-01'],
      ['date', 'date-value', tediousDate(tdsDays(9999, 12, 31)), 'date-text', '9999-12-31'],
      ts('0001-01-01 00:00:00.0000005'),
      ts('0099-12-31 23:59:59.9999999'),
      ts('2020-12-31 23:59:59.9999995'),
      ts('9999-12-31 23:59:59.9999999'),
      time('23:59:59.9999995', 863999999995),
      time('00:00:00.0000005', 5),
      tz('2024-06-01 02:00:00.1234565 +14:00'),
      tz('0001-01-01 09:00:00 +09:00'),
      tz('9999-12-31 23:59:59.9999999 +00:00'),
      tz('9999-12-31 23:59:59.9999999 +14:00'),
      num('numeric(15,10)', 1000n, 10, '0.0000001000'),
      num('numeric(15,10)', -999999999999999n, 10, '-99999.9999999999'),
      num('numeric(15,0)', 999999999999999n, 0, '999999999999999'),
      num('numeric(15,15)', 1n, 15, '0.000000000000001'),
      ['bigint', 'bigint-text', '-9223372036854775808', 'bigint-text', '-9223372036854775808'],
    ] as const;
    await client.query('DROP TABLE IF EXISTS native_vs_text');
    await client.query(`CREATE TABLE native_vs_text (${pairs.map(([type], i) => `n${i} ${type}, t${i} ${type}`).join(', ')})`);
    const columns = pairs.flatMap(([, nativeShape, , textShape], i) => [
      { name: `n${i}`, shape: nativeShape as ValueShape },
      { name: `t${i}`, shape: textShape as ValueShape },
    ]);
    const row = pairs.flatMap(([, , nativeValue, , text]) => [nativeValue, text]);
    const copyStream = client.query(copyFrom(`COPY native_vs_text (${columns.map((c) => c.name).join(', ')}) FROM STDIN`));
    await pipeline(Readable.from(encodeCopyChunks([row], createRowEncoder(columns))), copyStream);
    expect(copyStream.rowCount).toBe(1);
    const result = await client.query({
      text: `SELECT ${pairs.map((_, i) => `n${i}::text, t${i}::text`).join(', ')} FROM native_vs_text`,
      rowMode: 'array',
    });
    const stored = result.rows[0] as string[];
    const nativeStored = stored.filter((_, i) => i % 2 === 0);
    const textStored = stored.filter((_, i) => i % 2 === 1);
    expect(nativeStored).toEqual(textStored);
    expect(textStored).toContain('2021-01-01 00:00:00');
    expect(textStored).toContain('24:00:00');
    expect(textStored).toContain('0.0000001000');
  });

  it('applies the strip and replace policies to text the server then accepts', async () => {
    const input: unknown[] = [6, ...Array<null>(COLUMNS.length - 1).fill(null)];
    input[COLUMNS.findIndex((c) => c.name === 't')] = 'a\0b\uD800c';
    input[COLUMNS.findIndex((c) => c.name === 'vc')] = '\0\0x';
    await copyRows([input], { nul: 'strip', surrogates: 'replace' });
    const [row] = await readBack();
    expect(row![COLUMNS.findIndex((c) => c.name === 't')]).toBe('ab\uFFFDc');
    expect(row![COLUMNS.findIndex((c) => c.name === 'vc')]).toBe('x');
  });

  it('counts rows exactly over many chunks', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => {
      const row: unknown[] = Array<null>(COLUMNS.length).fill(null);
      row[0] = i;
      row[COLUMNS.findIndex((c) => c.name === 't')] = `row\t${i}\n${'😀'.repeat(i % 3)}`;
      return row;
    });
    const { serverRows, rowsEncoded } = await copyRows(rows, {}, 1024);
    expect(serverRows).toBe(5000);
    expect(rowsEncoded).toBe(5000);
    const check = await client.query<{ n: string; same: string }>(
      `SELECT count(*)::text AS n,
              count(*) FILTER (WHERE t = 'row' || chr(9) || id || chr(10) || repeat('😀', id % 3))::text AS same
         FROM awkward`,
    );
    expect(check.rows[0]).toEqual({ n: '5000', same: '5000' });
  });

  it('rolls the whole COPY back when a row cannot be encoded mid-stream', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const row: unknown[] = Array<null>(COLUMNS.length).fill(null);
      row[0] = i;
      row[COLUMNS.findIndex((c) => c.name === 't')] = i === 2500 ? 'NUL\0here' : `row ${i}`;
      return row;
    });
    const failure = copyRows(rows, {}, 256);
    await expect(failure).rejects.toBeInstanceOf(UnrepresentableValueError);
    await expect(failure).rejects.toMatchObject({ rowIndex: 2500, column: 't' });
    const count = await client.query<{ n: string }>('SELECT count(*)::text AS n FROM awkward');
    expect(count.rows[0]!.n).toBe('0');
  });
});
