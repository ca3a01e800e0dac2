// Stage 3 cases that translated with a different meaning, or not at all: each is either
// translated the way SQL Server reads it, refused, or created with the difference listed.
import { describe, expect, it } from 'vitest';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { planPostdata } from '../../src/postdata/index.js';
import { likeToRegex } from '../../src/postdata/like-regex.js';
import { translateTemporalLiteral } from '../../src/postdata/temporal-literal.js';
import { translatePredicate, type PredicateColumn } from '../../src/postdata/translate-predicate.js';
import { column, table } from '../helpers/catalog-builder.js';

const CI = 'SQL_Latin1_General_CP1_CI_AS';
const COLUMNS: Record<string, PredicateColumn> = {
  dto: { target: 'dto', family: 'temporal', collation: null, sqlType: 'datetimeoffset' },
  dt: { target: 'dt', family: 'temporal', collation: null, sqlType: 'datetime' },
  sdt: { target: 'sdt', family: 'temporal', collation: null, sqlType: 'smalldatetime' },
  d: { target: 'd', family: 'temporal', collation: null, sqlType: 'date' },
  d2: { target: 'd2', family: 'temporal', collation: null, sqlType: 'datetime2' },
  t: { target: 't', family: 'temporal', collation: null, sqlType: 'time' },
  w: { target: 'w', family: 'number', collation: null, sqlType: 'real' },
  f: { target: 'f', family: 'number', collation: null, sqlType: 'float' },
  m: { target: 'm', family: 'number', collation: null, sqlType: 'money' },
  ci: { target: 'ci', family: 'text', collation: CI, sqlType: 'varchar' },
  cs: { target: 'cs', family: 'text', collation: 'Latin1_General_CS_AS', sqlType: 'varchar' },
  bin: { target: 'bin', family: 'text', collation: 'Latin1_General_BIN2', sqlType: 'varchar' },
  g: { target: 'g', family: 'uuid', collation: null, sqlType: 'uniqueidentifier' },
};
const lookup = (name: string): PredicateColumn | undefined => COLUMNS[name];

function sql(text: string): string {
  const r = translatePredicate(text, lookup);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.sql;
}

function reason(text: string): string {
  const r = translatePredicate(text, lookup);
  if (r.ok) throw new Error(`translated: ${r.sql}`);
  return r.reason;
}

describe('datetimeoffset literals', () => {
  it('refuses an offset-less literal: SQL Server reads it as +00:00, PostgreSQL in the session time zone', () => {
    expect(reason("([dto]>='2020-01-01')")).toMatch(/datetimeoffset.*\+00:00, PostgreSQL in the session time zone/);
    expect(reason("([dto]>='2020-01-01 10:00:00')")).toMatch(/with their offset/);
  });

  it('keeps a literal that carries its offset (Z becomes +00:00)', () => {
    expect(sql("([dto]>='2020-01-01 00:00:00+02:00')")).toBe(`"dto" >= '2020-01-01 00:00:00+02:00'`);
    expect(sql("([dto]<'2020-01-01T00:00:00Z')")).toBe(`"dto" < '2020-01-01 00:00:00+00:00'`);
  });
});

describe('date literal forms by type', () => {
  it("accepts the neutral 'YYYYMMDD' for datetime and smalldatetime, written as ISO for PostgreSQL", () => {
    expect(sql("([dt]>='20200101')")).toBe(`"dt" >= '2020-01-01 00:00:00'`);
    expect(sql("([sdt]<'20200101 10:30')")).toBe(`"sdt" < '2020-01-01 10:30:00'`);
    expect(sql("([dt]>='2020-01-01T10:00:00.123')")).toBe(`"dt" >= '2020-01-01 10:00:00.123'`);
  });

  it("refuses 'YYYY-MM-DD' for datetime and smalldatetime: it depends on SET DATEFORMAT there", () => {
    expect(reason("([dt]>='2020-01-01')")).toMatch(/DATEFORMAT/);
    expect(reason("([sdt]>='2020-01-01 10:00:00')")).toMatch(/DATEFORMAT/);
  });

  it("accepts 'YYYY-MM-DD' for date and datetime2, whose reading does not depend on DATEFORMAT", () => {
    expect(sql("([d]>='2020-01-01')")).toBe(`"d" >= '2020-01-01'`);
    expect(sql("([d]<'20201231')")).toBe(`"d" < '2020-12-31'`);
    expect(sql("([d2]>='2020-01-01 10:00:00.1234560')")).toBe(`"d2" >= '2020-01-01 10:00:00.123456'`);
    expect(sql("([t]<'23:59:59.5')")).toBe(`"t" < '23:59:59.5'`);
  });

  it('rounds a datetime literal to 1/300 s as SQL Server does (.999 is the next midnight)', () => {
    expect(sql("([dt]<'20201231 23:59:59.999')")).toBe(`"dt" < '2021-01-01 00:00:00'`);
    expect(sql("([dt]<'20201231 23:59:59.998')")).toBe(`"dt" < '2020-12-31 23:59:59.997'`);
    expect(sql("([dt]<'20201231 10:00:00.002')")).toBe(`"dt" < '2020-12-31 10:00:00.003'`);
  });

  it('rounds a smalldatetime literal to the minute (29.999 s up, 29.998 s down)', () => {
    expect(sql("([sdt]<'20200101 10:00:29.999')")).toBe(`"sdt" < '2020-01-01 10:01:00'`);
    expect(sql("([sdt]<'20200101 10:00:29.998')")).toBe(`"sdt" < '2020-01-01 10:00:00'`);
  });

  it('refuses invalid dates and a 7th fractional digit the copy rounded away', () => {
    expect(reason("([d]>='2021-02-29')")).toMatch(/not a valid date/);
    expect(reason("([d2]>='2020-01-01 00:00:00.0000005')")).toMatch(/7th fractional digit/);
    expect(translateTemporalLiteral('datetime', '20200101 10:00:00.1234')).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 3/) });
  });
});

describe('real and money against decimal literals', () => {
  it('casts the literal to real, as SQL Server converts it (PostgreSQL would widen the column: 0.1::real = 0.1 is false)', () => {
    expect(sql('([w]<=(1.1))')).toBe('"w" <= 1.1::real');
    expect(sql('([w]>=(-0.5))')).toBe('"w" >= (-0.5)::real');
    expect(sql('([w] between (0.1) and (0.2))')).toBe('"w" BETWEEN 0.1::real AND 0.2::real');
  });

  it('leaves float (double precision) alone: both sides widen the literal to float there', () => {
    expect(sql('([f]<=(1.1))')).toBe('"f" <= 1.1');
  });

  it('refuses a money literal with more than 4 decimal places (SQL Server rounds it first)', () => {
    expect(reason('([m]>(0.00005))')).toMatch(/rounds to 4 decimal places/);
    expect(sql('([m]>(0.0001))')).toBe('"m" > 0.0001');
  });
});

describe('order-dependent comparisons are listed', () => {
  const differences = (text: string): readonly string[] => {
    const r = translatePredicate(text, lookup);
    if (!r.ok) throw new Error(r.reason);
    return r.differences;
  };

  it('lists text range comparisons (<, >, BETWEEN): the collation order differs, not only case and spaces', () => {
    expect(differences("([bin]>='m')")).toContainEqual(expect.stringMatching(/^orders text column bin \(<, >, BETWEEN\)/));
    expect(differences("([cs] between 'a' and 'm')")).toContainEqual(expect.stringMatching(/^orders text column cs/));
    expect(differences("([cs]='a')").some((d) => d.startsWith('orders'))).toBe(false);
  });

  it('lists uuid < and >: SQL Server compares the last 6 bytes first', () => {
    expect(differences("([g]>'6F9619FF-8B86-D011-B42D-00C04FC964FF')")).toEqual([
      'orders uniqueidentifier column g (<, >, BETWEEN): SQL Server compares the last 6 bytes first, PostgreSQL\'s uuid byte by byte from the first',
    ]);
    expect(differences("([g]='6F9619FF-8B86-D011-B42D-00C04FC964FF')")).toEqual([]);
  });
});

describe('LIKE with character classes', () => {
  it.each([
    ["([cs] like '[0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]')", `"cs" ~ '^[0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]$'`],
    ["([cs] like '[A-Z]%')", `"cs" ~ '^[A-Z].*$'`],
    ["([cs] like '[^a]_')", `"cs" ~ '^[^a].$'`],
    ["([cs] like '[a-cx]')", `"cs" ~ '^[a-cx]$'`],
    ["([cs] not like 'x[0-9]')", `"cs" !~ '^x[0-9]$'`],
    ["([ci] like '[a-z]%')", `"ci" ~* '^[a-z].*$'`],
    ["([ci] not like '[a-z]%')", `"ci" !~* '^[a-z].*$'`],
    // Regex metacharacters are literal in LIKE; [%] and [_] are a literal % and _.
    ["([cs] like 'a.b*c+(d)[%]')", `"cs" ~ '^a\\.b\\*c\\+\\(d\\)[%]$'`],
    ["([cs] like '[_]x$^|?{1}')", `"cs" ~ '^[_]x\\$\\^\\|\\?\\{1\\}$'`],
    ["([cs] like 'C:\\[0-9]')", `"cs" ~ '^C:\\\\[0-9]$'`],
    ["([cs] like '[-a]')", `"cs" ~ '^[a-]$'`],
  ])('%s → %s', (source, expected) => {
    expect(sql(source)).toBe(expected);
  });

  it('lists a range under a non-binary collation (its order is the collation\'s there), not under BIN2', () => {
    const cs = translatePredicate("([cs] like '[a-z]%')", lookup);
    expect(cs.ok && cs.differences).toContainEqual(expect.stringMatching(/character range in the order of the collation Latin1_General_CS_AS/));
    const bin = translatePredicate("([bin] like '[a-z]%')", lookup);
    expect(bin.ok && bin.differences.some((d) => d.includes('character range'))).toBe(false);
    const noRange = translatePredicate("([cs] like '[abc]%')", lookup);
    expect(noRange.ok && noRange.differences.some((d) => d.includes('character range'))).toBe(false);
  });

  it('refuses what it cannot translate with certainty', () => {
    expect(likeToRegex('[a')).toMatchObject({ ok: false, reason: expect.stringMatching(/not closed/) });
    expect(likeToRegex('[]')).toMatchObject({ ok: false });
    expect(likeToRegex('[z-a]')).toMatchObject({ ok: false, reason: expect.stringMatching(/reversed/) });
    expect(likeToRegex('[[]')).toMatchObject({ ok: false });
  });
});

describe('varchar keys and trailing spaces', () => {
  it('lists a varchar unique key as trailing-space-insensitive in SQL Server, not a char(n) one', () => {
    const t = table('dbo', 'Codes', [
      column('Id', 'int', { nullable: false }),
      column('V', 'varchar', { maxLength: 10, nullable: false, collation: 'Latin1_General_BIN2' }),
      column('C', 'char', { maxLength: 10, nullable: false, collation: 'Latin1_General_BIN2' }),
    ], {
      pk: ['Id'],
      uniqueConstraints: [
        { name: 'UQ_V', columns: ['V'], clustered: false },
        { name: 'UQ_C', columns: ['C'], clustered: false },
      ],
    });
    const naming = { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' as const };
    const plan = planPostdata([t], planTargetNames([t], naming), {
      identifierStyle: 'lower',
      mapping: { overrides: { byType: {}, byColumn: {} }, postgis: false },
      nullsNotDistinct: true,
      fkNotValid: false,
    }).get('dbo.Codes')!;
    expect(plan.differences).toEqual([
      "unique constraint uq_v: SQL Server ignores trailing spaces in v ('a' and 'a ' are one key there, two keys in PostgreSQL)",
    ]);
  });
});
