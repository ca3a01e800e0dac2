import { describe, expect, it } from 'vitest';
import { buildInventory } from '../../src/sqlserver/build-inventory.js';
import * as inventoryQueries from '../../src/sqlserver/inventory-queries.js';
import { USER_TABLE_FILTER } from '../../src/sqlserver/catalog-queries.js';
import { readInventoryFacts } from '../../src/sqlserver/read-inventory.js';
import type { CatalogQueryRunner } from '../../src/sqlserver/read-catalog.js';
import { INVENTORY_ROWS } from '../fixtures/catalog/inventory-rows.js';

describe('buildInventory', () => {
  const facts = buildInventory(INVENTORY_ROWS);

  it('sums used pages per table through the partitions (hobt_id for in-row, partition_id for LOB), ignoring system tables', () => {
    expect(facts.usedPages.get(101)).toBe(1200 + 80 + 40);
    expect(facts.usedPages.get(102)).toBe(9);
    expect(facts.usedPages.size).toBe(2);
  });

  it('keeps the user schemas, drops hypothetical indexes, names bound defaults and rules', () => {
    expect(facts.schemas).toEqual(['dbo', 'Sales', 'Ünïcødé', 'geo', 'Archive']);
    expect(facts.indexes.some((i) => i.name === '_dta_index_Orders_1')).toBe(false);
    expect(facts.boundObjects.get(601)).toEqual({ name: 'dbo.PositiveQty', type: 'rule' });
    expect(facts.boundObjects.get(602)).toEqual({ name: 'dbo.ZeroDefault', type: 'default' });
    expect(facts.userTypes.find((t) => t.name === 'CustomerCode')).toEqual({ schema: 'dbo', name: 'CustomerCode', kind: 'alias', base: 'nvarchar(20)' });
  });

  it('reads the database\'s collation, CDC and Change Tracking', () => {
    expect(facts.database).toEqual({ name: 'Shop DB', collation: 'SQL_Latin1_General_CP1_CI_AS', compatibilityLevel: 150, cdcEnabled: true, changeTracking: true });
    expect(facts.tables.find((t) => t.objectId === 101)).toMatchObject({ cdc: true, changeTracking: true });
  });

  it('fails loudly on a table the catalog lists twice', () => {
    expect(() => buildInventory({ ...INVENTORY_ROWS, tables: [...INVENTORY_ROWS.tables!, INVENTORY_ROWS.tables![0]!] })).toThrow(/2 rows for table dbo\.Orders in sys\.tables/);
  });
});

describe('readInventoryFacts on an engine that lacks views', () => {
  it('records each missing view with what is then unknown, and goes on', async () => {
    const runner: CatalogQueryRunner = {
      async query<T>(sql: string): Promise<T[]> {
        if (sql === inventoryQueries.FULLTEXT_INDEXES_SQL || sql === inventoryQueries.CHANGE_TRACKING_DATABASE_SQL) {
          throw Object.assign(new Error('Invalid object name'), { number: 208 });
        }
        return [];
      },
    };
    const facts = await readInventoryFacts(runner);
    expect(facts.unavailable.map((u) => [u.view, u.consequence])).toEqual([
      ['sys.change_tracking_databases', 'whether Change Tracking is enabled is not known'],
      ['sys.fulltext_indexes', 'full-text indexes are not listed'],
    ]);
    expect(facts.database.changeTracking).toBeNull();
  });
});

describe('inventory SQL constants', () => {
  const constants = Object.entries(inventoryQueries as Record<string, unknown>).filter((e): e is [string, string] => e[0].endsWith('_SQL') && typeof e[1] === 'string');

  it.each(constants)('%s reads one catalog view; the only join is the user-table filter on sys.tables', (_name, sql) => {
    const sources = [...sql.matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)].map((m) => m[1]!);
    expect(sources.every((s) => /^sys\.[a-z_]+$/.test(s))).toBe(true);
    const joins = [...sql.matchAll(/\bJOIN\s+(\S+)/gi)].map((m) => m[1]);
    expect(joins.every((j) => j === 'sys.tables')).toBe(true);
    if (joins.length > 0) expect(sql).toContain(USER_TABLE_FILTER);
  });
});
