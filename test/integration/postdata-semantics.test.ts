// The stage 3 translations that depend on PostgreSQL's own behaviour, checked in PostgreSQL:
// the regex a LIKE with character classes becomes, the real literal cast, the datetimeoffset
// literal with its offset. Which values SQL Server's check accepts is written by hand from the
// T-SQL LIKE rules (not derived from the translator), so a wrong regex fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translatePredicate, type PredicateColumn } from '../../src/postdata/translate-predicate.js';
import { createTestDatabase, withPgClient, type TestDatabase } from '../helpers/postgres.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const COLUMNS: Record<string, PredicateColumn> = {
  v: { target: 'v', family: 'text', collation: 'Latin1_General_BIN2', sqlType: 'varchar' },
  ci: { target: 'ci', family: 'text', collation: 'SQL_Latin1_General_CP1_CI_AS', sqlType: 'varchar' },
  w: { target: 'w', family: 'number', collation: null, sqlType: 'real' },
  dto: { target: 'dto', family: 'temporal', collation: null, sqlType: 'datetimeoffset' },
};

function translated(text: string): string {
  const r = translatePredicate(text, (n) => COLUMNS[n]);
  if (!r.ok) throw new Error(r.reason);
  return r.sql;
}

/** Which of `values` satisfy `predicate` in PostgreSQL, evaluated on column `col` of type `type`. */
async function accepted(predicate: string, col: string, type: string, values: readonly (string | number)[]): Promise<(string | number)[]> {
  return withPgClient(db.url, async (c) => {
    await c.query('SET TimeZone = \'Europe/Berlin\'');
    const out: (string | number)[] = [];
    for (const value of values) {
      const r = await c.query(`SELECT (${predicate}) AS ok FROM (SELECT $1::${type} AS ${col}) AS t`, [value]);
      if (r.rows[0].ok === true) out.push(value);
    }
    return out;
  });
}

// Each row: the T-SQL check, then the values SQL Server's LIKE accepts among the candidates.
const LIKE_CASES: [string, string[], string[]][] = [
  [
    "([v] like '[0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][0-9][0-9]')",
    ['123-45-6789', '000-00-0000', '123-45-678', '123-45-67890', 'a23-45-6789', '123 45 6789', '123-45-6789\n'],
    ['123-45-6789', '000-00-0000'],
  ],
  ["([v] like '[A-Z]%')", ['Abc', 'Z', 'abc', '1A', '', 'A\nb'], ['Abc', 'Z', 'A\nb']],
  ["([v] like '[^a]_')", ['ba', 'bb', 'ab', 'b', 'bbb', '\nx'], ['ba', 'bb', '\nx']],
  ["([v] like '[a-cx]')", ['a', 'b', 'c', 'x', 'd', 'w', 'ax', ''], ['a', 'b', 'c', 'x']],
  // Regex metacharacters, `\` and [%] / [_] are literal characters in T-SQL LIKE.
  ["([v] like 'a.b*[%]')", ['a.b*%', 'axb*%', 'a.bbb%', 'a.b*x', 'a.b*%%'], ['a.b*%']],
  ["([v] like 'C:\\[0-9]_[_]')", ['C:\\1x_', 'C:1x_', 'C:\\1xy', 'C:\\ax_'], ['C:\\1x_']],
  ["([v] like '[-a]%')", ['-x', 'ax', 'bx'], ['-x', 'ax']],
  ["([v] not like '[0-9]%')", ['1a', 'a1', ''], ['a1', '']],
];

describe('LIKE with character classes, evaluated by PostgreSQL', () => {
  it.each(LIKE_CASES)('%s', async (check, candidates, expected) => {
    expect(await accepted(translated(check), 'v', 'text', candidates)).toEqual(expected);
  });

  it('matches case-insensitively for a _CI_ column, as the collation does in SQL Server', async () => {
    expect(await accepted(translated("([ci] like '[a-c]x%')"), 'ci', 'text', ['ax', 'BX1', 'Cx', 'dx'])).toEqual(['ax', 'BX1', 'Cx']);
  });
});

describe('literals PostgreSQL would read differently', () => {
  it('compares a real column with the literal as real: 0.1 stored as real satisfies [w] <= 0.1, as in SQL Server', async () => {
    // The untranslated form is what stage 3 produced before: it rejects the very value the literal names.
    expect(await accepted('w <= 0.1', 'w', 'real', [0.1])).toEqual([]);
    expect(await accepted(translated('([w]<=(0.1))'), 'w', 'real', [0.1, 0.2])).toEqual([0.1]);
  });

  it('keeps a datetimeoffset literal with its offset: the same instant in any session time zone', async () => {
    // 2019-12-31 23:30Z: before 2020-01-01 00:00 UTC, so SQL Server rejects it for >= '2020-01-01 00:00:00+00:00'.
    const p = translated("([dto]>='2020-01-01 00:00:00+00:00')");
    expect(await accepted(p, 'dto', 'timestamptz', ['2019-12-31 23:30:00+00', '2020-01-01 00:30:00+00'])).toEqual(['2020-01-01 00:30:00+00']);
  });
});
