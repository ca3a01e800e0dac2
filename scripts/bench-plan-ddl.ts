// Benchmark: build the catalog model from the per-view catalog rows, then plan and generate DDL,
// for a 300-table, 6,000-column fixture catalog (target: under 1 s). Prints figures; asserts
// nothing. Run: npm run bench:plan
import { performance } from 'node:perf_hooks';
import type { ColumnModel, TableModel } from '../src/catalog/model.js';
import { buildCreateTable } from '../src/ddl/index.js';
import { planTargetNames } from '../src/naming/index.js';
import { planTables } from '../src/plan/plan-tables.js';
import { buildCatalog } from '../src/sqlserver/build-catalog.js';
import type { CatalogRows } from '../src/sqlserver/catalog-rows.js';
import { columnRow } from '../test/fixtures/catalog/sample-rows.js';
import { splitColumnRows, type JoinedColumnFixture } from '../test/fixtures/catalog/split-column-rows.js';

const TYPES: Array<Pick<ColumnModel, 'type' | 'maxLength' | 'precision' | 'scale'>> = [
  { type: 'int', maxLength: 4, precision: 10, scale: 0 },
  { type: 'bigint', maxLength: 8, precision: 19, scale: 0 },
  { type: 'nvarchar', maxLength: 200, precision: 0, scale: 0 },
  { type: 'varchar', maxLength: -1, precision: 0, scale: 0 },
  { type: 'decimal', maxLength: 9, precision: 18, scale: 4 },
  { type: 'money', maxLength: 8, precision: 19, scale: 4 },
  { type: 'datetime2', maxLength: 8, precision: 27, scale: 7 },
  { type: 'datetime', maxLength: 8, precision: 23, scale: 3 },
  { type: 'bit', maxLength: 1, precision: 1, scale: 0 },
  { type: 'uniqueidentifier', maxLength: 16, precision: 0, scale: 0 },
  { type: 'varbinary', maxLength: 100, precision: 0, scale: 0 },
  { type: 'datetimeoffset', maxLength: 10, precision: 34, scale: 7 },
];
const DEFAULTS = [null, '((0))', "(N'new')", '(getdate())', '(newid())', '([dbo].[fn]())'];

function fixtureCatalog(tableCount: number, columnsPerTable: number): TableModel[] {
  const tables: TableModel[] = [];
  for (let t = 0; t < tableCount; t++) {
    const columns: ColumnModel[] = [];
    for (let c = 0; c < columnsPerTable; c++) {
      const type = TYPES[(t + c) % TYPES.length]!;
      columns.push({
        name: c === 0 ? 'Id' : `Column${c}Name`,
        columnId: c + 1,
        ...type,
        ...(c === 0 ? { type: 'int', maxLength: 4, precision: 10, scale: 0 } : {}),
        aliasType: null,
        nullable: c !== 0,
        collation: null,
        identity: c === 0 ? { seed: '1', increment: '1' } : null,
        computed: null,
        defaultDefinition: c === 0 ? null : DEFAULTS[c % DEFAULTS.length]!,
      });
    }
    tables.push({
      schema: t % 3 === 0 ? 'sales' : 'dbo',
      name: `Table${String(t).padStart(3, '0')}`,
      objectId: t + 1000,
      columns,
      primaryKey: { name: `PK_${t}`, columns: ['Id'], clustered: true },
      uniqueConstraints: [],
      indexes: [],
      disabledIndexes: [],
      foreignKeys: [],
      checkConstraints: [],
      rowCountEstimate: t * 1000,
    });
  }
  return tables;
}

function measure(): { ms: number; statements: number; warnings: number } {
  const tables = fixtureCatalog(300, 20);
  const t0 = performance.now();
  const byName = new Map(tables.map((t) => [`${t.schema}.${t.name}`, t]));
  const plan = planTables({
    tables: [...byName.keys()], include: [], exclude: [], startFrom: null, until: null, maxTables: null,
    resume: false, statusOf: () => undefined,
  });
  const names = planTargetNames(plan.selected.map((q) => byName.get(q)!), { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' });
  let statements = 0;
  let warnings = 0;
  for (const q of plan.toRun) {
    const ddl = buildCreateTable(byName.get(q)!, names.get(q)!, { overrides: { byType: {}, byColumn: {} }, postgis: false });
    statements += ddl.statements.length;
    warnings += ddl.warnings.length;
  }
  return { ms: performance.now() - t0, statements, warnings };
}

/**
 * The rows the catalog queries return for 300 tables of 20 columns, each table with an
 * identity key, defaults and a computed column: what buildCatalog joins.
 */
function fixtureCatalogRows(tableCount: number, columnsPerTable: number): CatalogRows {
  const joined: JoinedColumnFixture[] = [];
  for (let t = 0; t < tableCount; t++) {
    for (let c = 0; c < columnsPerTable; c++) {
      const type = c === 0 ? TYPES[0]! : TYPES[(t + c) % TYPES.length]!;
      joined.push(columnRow(t + 1000, c + 1, c === 0 ? 'Id' : `Column${c}Name`, type.type, {
        max_length: type.maxLength, precision: type.precision, scale: type.scale, is_nullable: c !== 0,
        ...(c === 0 ? { identity_seed: '1', identity_increment: '1' } : {}),
        ...(c % 7 === 3 ? { has_default: true, default_definition: DEFAULTS[c % DEFAULTS.length] ?? '((0))' } : {}),
        ...(c === columnsPerTable - 1 ? { is_computed: true, computed_definition: '([Id]*(2))', is_persisted: false } : {}),
      }));
    }
  }
  return {
    database: [{ database_name: 'bench' }],
    tables: Array.from({ length: tableCount }, (_, t) => ({ object_id: t + 1000, schema_name: t % 3 === 0 ? 'sales' : 'dbo', table_name: `Table${t}` })),
    partitions: Array.from({ length: tableCount }, (_, t) => ({ object_id: t + 1000, partition_number: 1, rows: String(t * 1000) })),
    ...splitColumnRows(joined),
    indexes: [],
    indexColumns: [],
    foreignKeys: [],
    foreignKeyColumns: [],
    checkConstraints: [],
  };
}

const catalogRows = fixtureCatalogRows(300, 20);
const buildTimes = Array.from({ length: 7 }, () => {
  const t0 = performance.now();
  buildCatalog(catalogRows);
  return performance.now() - t0;
});
const sortedBuild = [...buildTimes].sort((a, b) => a - b);
console.log('bench catalog builder: rows of the catalog queries → CatalogModel, 300 tables x 20 columns');
console.log(`  rows: ${catalogRows.columns.length} columns, ${catalogRows.types.length} types, ${catalogRows.identityColumns.length} identity, ${catalogRows.defaultConstraints.length} defaults, ${catalogRows.computedColumns.length} computed`);
console.log(`  first run (cold): ${buildTimes[0]!.toFixed(1)} ms; median of 7: ${sortedBuild[3]!.toFixed(1)} ms, best: ${sortedBuild[0]!.toFixed(1)} ms`);

const runs = Array.from({ length: 7 }, measure);
const times = runs.map((r) => r.ms).sort((a, b) => a - b);
console.log('bench plan+ddl: 300 tables, 6,000 columns (20 per table), identifier style snake');
console.log(`  statements: ${runs[0]!.statements}, warnings: ${runs[0]!.warnings}`);
console.log(`  first run (cold): ${runs[0]!.ms.toFixed(1)} ms`);
console.log(`  median of 7: ${times[3]!.toFixed(1)} ms, best: ${times[0]!.toFixed(1)} ms (target: < 1000 ms)`);
