import { describe, expect, it } from 'vitest';
import { translatePredicate, type PredicateColumn } from '../../src/postdata/translate-predicate.js';

const COLUMNS: Record<string, PredicateColumn> = {
  Qty: { target: 'qty', family: 'number', collation: null, sqlType: 'int' },
  Status: { target: 'status', family: 'number', collation: null, sqlType: 'int' },
  Active: { target: 'active', family: 'boolean', collation: null, sqlType: 'bit' },
  Code: { target: 'code', family: 'text', collation: 'SQL_Latin1_General_CP1_CI_AS', sqlType: 'nvarchar' },
  Bin: { target: 'bin', family: 'text', collation: 'Latin1_General_BIN2', sqlType: 'varchar' },
  d: { target: 'd', family: 'temporal', collation: null, sqlType: 'datetime2' },
  StartDate: { target: 'start_date', family: 'temporal', collation: null, sqlType: 'date' },
  EndDate: { target: 'end_date', family: 'temporal', collation: null, sqlType: 'date' },
  Guid: { target: 'guid', family: 'uuid', collation: null, sqlType: 'uniqueidentifier' },
  Shape: { target: 'shape', family: 'other', collation: null, sqlType: 'geography' },
};
const lookup = (name: string): PredicateColumn | undefined =>
  COLUMNS[name] ?? Object.entries(COLUMNS).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

// Source text exactly as sys.check_constraints.definition / sys.indexes.filter_definition store it.
const TRANSLATED: [string, string][] = [
  ['([Qty]>(0))', '"qty" > 0'],
  ['([Status]<>(9))', '"status" <> 9'],
  ['([Status]!=(9))', '"status" <> 9'],
  ['([Qty]!<(1))', '"qty" >= 1'],
  ['([Qty]!>(100))', '"qty" <= 100'],
  ['([Qty]>=(-1))', '"qty" >= -1'],
  ['([Qty]<(1.5E2))', '"qty" < 1.5E2'],
  ['([Active]=(1))', '"active" = true'],
  ['([Active]=(0))', '"active" = false'],
  ['([Active]<>(1))', '"active" <> true'],
  ['((1)=[Active])', 'true = "active"'],
  ['([Active] IN ((0), (1)))', '"active" IN (false, true)'],
  ["([Code] like N'A%')", `"code" LIKE 'A%'`],
  ["([Code] not like 'A_')", `"code" NOT LIKE 'A_'`],
  ["([Code] like 'C:\\%')", `"code" LIKE 'C:\\%' ESCAPE ''`],
  ['([d] IS NOT NULL)', '"d" IS NOT NULL'],
  ['([d] IS NULL)', '"d" IS NULL'],
  ['([Qty]>(0) AND [Qty]<(100))', '"qty" > 0 AND "qty" < 100'],
  ['([Qty]>(0) OR [Status]=(1) AND [Active]=(1))', '"qty" > 0 OR ("status" = 1 AND "active" = true)'],
  ['(([Qty]>(0) OR [Status]=(1)) AND [Active]=(1))', '("qty" > 0 OR "status" = 1) AND "active" = true'],
  ['(NOT [Qty]=(0))', 'NOT ("qty" = 0)'],
  ['([Status] IN ((1), (2), (3)))', '"status" IN (1, 2, 3)'],
  ['([Status] NOT IN ((1), (2)))', '"status" NOT IN (1, 2)'],
  ['([Qty] between (1) and (10))', '"qty" BETWEEN 1 AND 10'],
  ['([Qty] NOT BETWEEN (1) AND (10))', '"qty" NOT BETWEEN 1 AND 10'],
  ["([Code]='it''s')", `"code" = 'it''s'`],
  ["([Code] IN (N'A', N'B'))", `"code" IN ('A', 'B')`],
  ['([EndDate]>=[StartDate])', '"end_date" >= "start_date"'],
  ["([d]>='2020-01-01')", `"d" >= '2020-01-01'`],
  ["([d]<'2020-01-01 10:00:00.123')", `"d" < '2020-01-01 10:00:00.123'`],
  ["([Guid]<>'6F9619FF-8B86-D011-B42D-00C04FC964FF')", `"guid" <> '6F9619FF-8B86-D011-B42D-00C04FC964FF'`],
  ['([qty]>(0))', '"qty" > 0'], // SQL Server resolves column names case-insensitively
  ['[Qty] > 0', '"qty" > 0'],
];

const REFUSED: [string, RegExp][] = [
  ['(len([Code])>(0))', /calls len\(\)/],
  ['([Qty]>(0)+(1))', /"\+"/],
  ['([Qty]-(1)>(0))', /arithmetic/],
  ["([Code] like '[A-Z%')", /character class/],
  ["([Code] like 'A!%' escape '!')", /ESCAPE/],
  ['([Active]=(2))', /only 0 and 1/],
  ['([Active]>(0))', /uses > on the bit column/],
  ['([Active])', /bare|value where a condition/],
  ['([Status]=NULL)', /ANSI_NULLS/],
  ["([Qty]='5')", /numeric column qty with the string/],
  ['([Code]=(5))', /text column code with the number/],
  ["([d]>='01/02/2020')", /only ISO literals/],
  ['([Missing]>(0))', /not a column/],
  ['([Shape] IS NULL OR [Shape]=(1))', /no certain translation/],
  ['([Qty]=[Code])', /compares qty \(number\) with code \(text\)/],
  ['(CASE WHEN [Qty]>(0) THEN (1) END=(1))', /CASE/],
  ['([Code] COLLATE Latin1_General_CS_AS=N\'a\')', /COLLATE/],
  ['([Qty]>@limit)', /"@"/],
  ['([Qty]>(0)', /unbalanced|ends unexpectedly/],
  ["([Code]='abc)", /unterminated/],
  ['([dbo].[f]([Qty])=(1))', /"\."/],
  ['(getdate()>[d])', /calls getdate\(\)/],
  ['([Qty]>(0) -- note', /comment/],
];

describe('translatePredicate: translated', () => {
  it.each(TRANSLATED)('%s → %s', (source, expected) => {
    const r = translatePredicate(source, lookup);
    expect(r).toMatchObject({ ok: true, sql: expected });
  });
});

describe('translatePredicate: refused, never guessed', () => {
  it.each(REFUSED)('%s', (source, reason) => {
    const r = translatePredicate(source, lookup);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});

describe('translatePredicate: differences and columns', () => {
  it('lists a text comparison under a _CI_ collation as a difference (case and trailing spaces)', () => {
    const r = translatePredicate("([Code] like N'A%')", lookup);
    expect(r.ok && r.differences).toEqual([
      'compares text column code: SQL Server ignores trailing spaces and case (collation SQL_Latin1_General_CP1_CI_AS) there, PostgreSQL does not',
    ]);
  });

  it('lists only trailing spaces for a binary collation', () => {
    const r = translatePredicate("([Bin]<>'')", lookup);
    expect(r.ok && r.differences).toEqual(['compares text column bin: SQL Server ignores trailing spaces there, PostgreSQL does not']);
  });

  it('has no difference for numeric and boolean comparisons, and names the columns in order', () => {
    const r = translatePredicate('([Status]=(1) AND [Active]=(1) AND [Qty]>(0))', lookup);
    expect(r).toMatchObject({ ok: true, differences: [], columns: ['status', 'active', 'qty'] });
  });
});
