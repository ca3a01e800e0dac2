import { describe, expect, it } from 'vitest';
import { buildInventory, markIndexedViews } from '../../src/sqlserver/build-inventory.js';
import { buildObjects } from '../../src/sqlserver/build-objects.js';
import * as objectQueries from '../../src/sqlserver/object-queries.js';
import { readObjects } from '../../src/sqlserver/read-objects.js';
import type { CatalogQueryRunner } from '../../src/sqlserver/read-catalog.js';
import { INVENTORY_ROWS } from '../fixtures/catalog/inventory-rows.js';
import { OBJECT_ROWS, OBJECT_TYPES, VIEW_DEFINITIONS } from '../fixtures/catalog/object-rows.js';

describe('buildObjects', () => {
  const objects = buildObjects(OBJECT_ROWS);

  it('builds sequences with exact bounds, cache and where they stand', () => {
    expect(objects.sequences.map((s) => `${s.schema}.${s.name}`)).toEqual(['dbo.Countdown', 'dbo.Huge', 'dbo.OrderNumbers', 'Sales.TicketNo']);
    const orders = objects.sequences.find((s) => s.name === 'OrderNumbers')!;
    expect(orders).toMatchObject({
      type: 'bigint', start: '1000', increment: '1', minimum: '-9223372036854775808', maximum: '9223372036854775807',
      cycle: false, cache: { kind: 'size', size: 50 }, state: { known: true, current: '1041', used: true, exhausted: false },
    });
    expect(objects.sequences.find((s) => s.name === 'TicketNo')).toMatchObject({ cache: { kind: 'none' }, state: { current: '1', used: false } });
    expect(objects.sequences.find((s) => s.name === 'Countdown')).toMatchObject({ increment: '-5', cycle: true, cache: { kind: 'default' } });
    expect(objects.sequences.find((s) => s.name === 'Huge')!.maximum).toBe('9'.repeat(38));
  });

  it('builds views with their definition, columns in order (alias types resolved), dependencies and flags', () => {
    expect(objects.views.map((v) => `${v.schema}.${v.name}`)).toEqual([
      'dbo.vBigOrders', 'dbo.vFormatted', 'dbo.vOpenOrders', 'dbo.vOrderStats', 'dbo.vSecret', 'Sales.vLineCounts',
    ]);
    const open = objects.views.find((v) => v.name === 'vOpenOrders')!;
    expect(open.definition).toBe(VIEW_DEFINITIONS.openOrders);
    expect(open.columns.map((c) => [c.name, c.type, c.maxLength])).toEqual([['OrderId', 'bigint', 8], ['Customer', 'nvarchar', 40], ['Total', 'money', 8]]);
    expect(open.dependencies).toEqual([{ schema: 'dbo', name: 'Orders', external: false }]);
    const lines = objects.views.find((v) => v.name === 'vLineCounts')!;
    expect(lines.columns.map((c) => c.name)).toEqual(['OrderId', 'Lines', 'Qty']);
    // Unqualified in the view: the schema comes from what the reference resolved to.
    expect(lines.dependencies).toEqual([{ schema: 'Sales', name: 'Order Lines', external: false }]);
    const stats = objects.views.find((v) => v.name === 'vOrderStats')!;
    expect(stats).toMatchObject({ indexed: false, schemaBound: true, dependencies: [{ schema: 'dbo', name: 'Orders', external: false }] });
    // Indexed: its clustered index is in sys.indexes, which the inventory reads.
    const marked = markIndexedViews(objects, buildInventory(INVENTORY_ROWS));
    expect(marked.views.filter((v) => v.indexed).map((v) => v.name)).toEqual(['vOrderStats']);
    expect(objects.views.find((v) => v.name === 'vSecret')!.definition).toBeNull();
  });

  it('builds procedures, functions and triggers with their type codes trimmed and their text where there is one', () => {
    expect(objects.routines.map((r) => [r.kind, r.schema, r.name, r.type, r.definition !== null])).toEqual([
      ['function', 'dbo', 'Concat', 'AF', false],
      ['function', 'dbo', 'fn_OrdersOf', 'IF', true],
      ['function', 'dbo', 'fn_Regex', 'FS', false],
      ['function', 'dbo', 'fn_Report', 'TF', true],
      ['function', 'dbo', 'fn_Split', 'FT', false],
      ['function', 'dbo', 'fn_Tax', 'FN', true],
      ['procedure', 'dbo', 'usp_ClrExport', 'PC', false],
      ['procedure', 'dbo', 'usp_PlaceOrder', 'P', true],
      ['procedure', 'dbo', 'xp_custom', 'X', false],
      ['trigger', null, 'ddl_block_drops', 'TR', true],
      ['trigger', 'dbo', 'trg_Orders_Audit', 'TR', true],
      ['trigger', 'Sales', 'trg_Clr', 'TA', false],
    ]);
    expect(objects.routines.find((r) => r.name === 'trg_Clr')).toMatchObject({ parent: { schema: 'Sales', name: 'Order Lines' }, disabled: true, insteadOf: true });
    expect(objects.routines.find((r) => r.name === 'ddl_block_drops')!.parent).toBeNull();
    expect(objects.synonyms).toEqual([{ schema: 'dbo', name: 'ArchivedCustomers', objectId: 431, baseObject: '[Archive].[dbo].[Customers]' }]);
  });

  it('treats an empty dependency catalog as unknown, and says so', () => {
    const o = buildObjects({ ...OBJECT_ROWS, dependencies: [] });
    expect(o.views.every((v) => v.dependencies === null)).toBe(true);
    expect(o.unavailable).toEqual([expect.objectContaining({ view: 'sys.sql_expression_dependencies', error: expect.stringMatching(/no rows/) })]);
  });

  it('fails loudly on a view listed twice or a view column listed twice', () => {
    expect(() => buildObjects({ ...OBJECT_ROWS, views: [...OBJECT_ROWS.views!, OBJECT_ROWS.views![0]!] })).toThrow(/2 rows for view dbo\.vOpenOrders in sys\.views/);
    expect(() => buildObjects({ ...OBJECT_ROWS, objectColumns: [...OBJECT_ROWS.objectColumns!, OBJECT_ROWS.objectColumns![1]!] })).toThrow(/2 rows for column 1 of view 301/);
  });
});

/** Answers each object query from `answers` (by the SQL constant's name); an Error answer is thrown. */
function runner(answers: Record<string, readonly unknown[] | Error>): CatalogQueryRunner & { readonly sent: string[] } {
  const byText = new Map<string, readonly unknown[] | Error>();
  for (const [name, sql] of Object.entries(objectQueries)) if (typeof sql === 'string' && name.endsWith('_SQL')) byText.set(sql, answers[name] ?? []);
  const sent: string[] = [];
  return {
    sent,
    async query<T>(sql: string): Promise<T[]> {
      sent.push(sql);
      const answer = byText.get(sql) ?? (sql.includes('FROM sys.types') ? OBJECT_TYPES : undefined);
      if (answer === undefined) throw new Error(`unexpected SQL: ${sql}`);
      if (answer instanceof Error) throw answer;
      return [...answer] as T[];
    },
  };
}

const sqlError = (number: number, message: string): Error => Object.assign(new Error(message), { number });

describe('readObjects on engines that lack a catalog view', () => {
  it('reads SQL Server 2016 sequences without last_used_value: the used state is then unknown', async () => {
    const row: Record<string, unknown> = { ...(OBJECT_ROWS.sequences as { rows: readonly object[] }).rows[0] };
    delete row.last_used_value;
    const r = runner({ SEQUENCES_SQL: sqlError(207, "Invalid column name 'last_used_value'."), SEQUENCES_2016_SQL: [row] });
    const objects = await readObjects(r);
    expect(objects.sequences[0]!.state).toEqual({ known: true, current: '1041', used: null, exhausted: false });
    expect(objects.unavailable).toEqual([]);
  });

  it('falls back to INFORMATION_SCHEMA.SEQUENCES where sys.sequences does not exist, with the current value unknown', async () => {
    const r = runner({
      SEQUENCES_SQL: sqlError(208, "Invalid object name 'sys.sequences'."),
      INFORMATION_SCHEMA_SEQUENCES_SQL: [
        { schema_name: 'dbo', sequence_name: 'OrderNumbers', type_name: 'bigint', precision: 19, start_value: '1000', increment: '1', minimum_value: null, maximum_value: null, cycle_option: 0 },
      ],
    });
    const objects = await readObjects(r);
    expect(objects.sequences).toEqual([expect.objectContaining({
      name: 'OrderNumbers', start: '1000', minimum: '-9223372036854775808', cache: { kind: 'unknown' }, state: expect.objectContaining({ known: false }),
    })]);
    expect(objects.unavailable).toEqual([expect.objectContaining({ view: 'sys.sequences', consequence: expect.stringMatching(/current values are unknown/) })]);
  });

  it('records a missing view as unavailable and goes on; a permission error on the dependencies too', async () => {
    const r = runner({ SYNONYMS_SQL: sqlError(208, "Invalid object name 'sys.synonyms'."), DEPENDENCIES_SQL: sqlError(229, 'The SELECT permission was denied') });
    const objects = await readObjects(r);
    expect(objects.unavailable.map((u) => u.view)).toEqual(['sys.sql_expression_dependencies', 'sys.synonyms']);
  });

  it('fails loudly, naming the view and keeping the cause, on any other error', async () => {
    const cause = sqlError(4060, 'Cannot open database');
    const failure = (await readObjects(runner({ VIEWS_SQL: cause })).catch((e: unknown) => e)) as Error;
    expect(failure.message).toMatch(/catalog \(sys\.views\) failed: Cannot open database/);
    expect(failure.cause).toBe(cause);
  });
});

describe('object SQL constants', () => {
  const constants = Object.entries(objectQueries).filter((e): e is [string, string] => e[0].endsWith('_SQL') && typeof e[1] === 'string');

  it.each(constants)('%s reads one catalog view, with no join', (_name, sql) => {
    const sources = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)].map((m) => m[1]!);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatch(/^(sys\.[a-z_]+|INFORMATION_SCHEMA\.SEQUENCES)$/);
    expect(sql).not.toMatch(/\bJOIN\b/i);
  });

  it('keeps user objects with ISNULL(is_ms_shipped, 0), since compatible engines leave it NULL', () => {
    for (const [name, sql] of constants) if (sql.includes('is_ms_shipped')) expect(sql, name).toContain('ISNULL(o.is_ms_shipped, 0) = 0');
    expect(objectQueries.SEQUENCES_2016_SQL).not.toContain('last_used_value');
    expect(objectQueries.SEQUENCES_SQL).toContain('last_used_value');
  });
});
