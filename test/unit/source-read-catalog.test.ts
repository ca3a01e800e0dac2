import { describe, expect, it } from 'vitest';
import * as queries from '../../src/sqlserver/catalog-queries.js';
import { CATALOG_QUERIES } from '../../src/sqlserver/catalog-queries.js';
import type { CatalogRows } from '../../src/sqlserver/catalog-rows.js';
import { readCatalog, type CatalogQueryRunner } from '../../src/sqlserver/read-catalog.js';
import { columnRow } from '../fixtures/catalog/sample-rows.js';
import { splitColumnRows } from '../fixtures/catalog/split-column-rows.js';

/** Catalog rows for `count` one-column tables, as the server would return them. */
function rowsForTables(count: number): CatalogRows {
  const ids = Array.from({ length: count }, (_, i) => 1000 + i);
  return {
    database: [{ database_name: 'Big' }],
    tables: ids.map((id) => ({ object_id: id, schema_name: 'dbo', table_name: `T${id}` })),
    partitions: ids.map((id) => ({ object_id: id, partition_number: 1, rows: '10' })),
    ...splitColumnRows(ids.map((id) => columnRow(id, 1, 'id', 'int', { identity_seed: '1', identity_increment: '1' }))),
    indexes: [],
    indexColumns: [],
    foreignKeys: [],
    foreignKeyColumns: [],
    checkConstraints: [],
  };
}

/** Answers each catalog query from `rows` and records every SQL text it was sent. */
function countingRunner(rows: CatalogRows): CatalogQueryRunner & { readonly sent: string[] } {
  const bySql = new Map<string, readonly unknown[]>(
    (Object.keys(CATALOG_QUERIES) as (keyof CatalogRows)[]).map((key) => [CATALOG_QUERIES[key], rows[key]]),
  );
  const sent: string[] = [];
  return {
    sent,
    async query<T>(sql: string): Promise<T[]> {
      sent.push(sql);
      const answer = bySql.get(sql);
      if (!answer) throw new Error(`unexpected SQL: ${sql}`);
      return [...answer] as T[];
    },
  };
}

describe('readCatalog', () => {
  it('runs the same fixed number of queries for 1 table and for 300 tables', async () => {
    const small = countingRunner(rowsForTables(1));
    const large = countingRunner(rowsForTables(300));
    const smallCatalog = await readCatalog(small);
    const largeCatalog = await readCatalog(large);
    expect(smallCatalog.tables).toHaveLength(1);
    expect(largeCatalog.tables).toHaveLength(300);
    expect(large.sent.length).toBe(small.sent.length);
    expect(large.sent.length).toBe(Object.keys(CATALOG_QUERIES).length);
    expect(new Set(large.sent).size).toBe(large.sent.length); // no query run twice
  });

  it('names the failing query and keeps the driver error as cause', async () => {
    const driverError = Object.assign(new Error('The SELECT permission was denied'), { number: 229 });
    const runner: CatalogQueryRunner = {
      async query<T>(sql: string): Promise<T[]> {
        if (sql === CATALOG_QUERIES.columns) throw driverError;
        return countingRunner(rowsForTables(1)).query<T>(sql);
      },
    };
    const failure = await readCatalog(runner).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/catalog \(columns\) failed: The SELECT permission was denied/);
    expect((failure as Error).cause).toBe(driverError);
  });

  it('stops before the next query once aborted', async () => {
    const controller = new AbortController();
    const runner = countingRunner(rowsForTables(1));
    const aborting: CatalogQueryRunner = {
      async query<T>(sql: string): Promise<T[]> {
        controller.abort(new Error('user pressed Ctrl-C'));
        return runner.query<T>(sql);
      },
    };
    await expect(readCatalog(aborting, { signal: controller.signal })).rejects.toThrow('Ctrl-C');
    expect(runner.sent).toHaveLength(1);
  });
});

describe('catalog SQL constants', () => {
  const constants = Object.entries(queries as Record<string, unknown>).filter(
    (e): e is [string, string] => e[0].endsWith('_SQL') && typeof e[1] === 'string',
  );

  it('covers every catalog query', () => {
    expect(constants.map(([, sql]) => sql).sort()).toEqual(Object.values(CATALOG_QUERIES).sort());
  });

  it.each(constants)('%s is non-empty and reads only sys.* views', (_name, sql) => {
    expect(sql.trim()).toMatch(/^SELECT\b/);
    const sources = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)].map((m) => m[1]!);
    for (const source of sources) expect(source).toMatch(/^sys\.[a-z_]+$/);
    if (!/DB_NAME\(\)/.test(sql)) expect(sources.length).toBeGreaterThan(0);
  });

  // An inner join on sys.schemas dropped every column on Babelfish, and a join on
  // sys.identity_columns multiplied them; per-column views are read flat and joined in the builder.
  it('reads each view in its own query: the only join is the user-table filter on sys.tables', () => {
    for (const [name, sql] of constants) {
      const joins = [...sql.matchAll(/\bJOIN\s+(\S+)/gi)].map((m) => m[1]);
      expect(joins.every((j) => j === 'sys.tables'), name).toBe(true);
      expect(joins.length, name).toBeLessThanOrEqual(1);
    }
    expect(queries.IDENTITY_COLUMNS_SQL).toMatch(/IDENT_SEED\(QUOTENAME\(SCHEMA_NAME\(t\.schema_id\)\) \+ N'\.' \+ QUOTENAME\(t\.name\)\)/);
  });

  it('filters every table-level query to user tables', () => {
    for (const [, sql] of constants) {
      if (sql.includes('sys.tables')) expect(sql).toContain(queries.USER_TABLE_FILTER);
    }
  });
});
