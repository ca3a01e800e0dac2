// Benchmark: assess (the inventory, with stage 3's plan and the view translator) and the
// Markdown report for a 300-table, 6,000-column catalog with 300 views (each a join, a GROUP BY
// and a CASE) and 50 procedures. Prints figures; asserts nothing. Run: npm run bench:assess
import { performance } from 'node:perf_hooks';
import { assessCatalog } from '../src/assess/assess-catalog.js';
import { renderMarkdownReport } from '../src/assess/markdown-report.js';
import type { CatalogModel, ColumnModel, TableModel } from '../src/catalog/model.js';
import { NO_OBJECTS, type RoutineModel, type ViewModel } from '../src/catalog/objects.js';

function column(name: string, columnId: number, type: string, o: Partial<ColumnModel> = {}): ColumnModel {
  return {
    name, columnId, type, aliasType: null, maxLength: type === 'nvarchar' ? 200 : 4, precision: type === 'int' ? 10 : 0, scale: 0,
    nullable: true, collation: type === 'nvarchar' ? 'SQL_Latin1_General_CP1_CI_AS' : null, identity: null, computed: null, defaultDefinition: null, ...o,
  };
}

function catalog(tableCount: number): CatalogModel {
  const tables: TableModel[] = [];
  const views: ViewModel[] = [];
  for (let t = 0; t < tableCount; t++) {
    const columns = [column('Id', 1, 'int', { nullable: false }), column('ParentId', 2, 'int')];
    for (let c = 3; c <= 20; c++) columns.push(column(`Col${c}`, c, c % 2 === 0 ? 'nvarchar' : 'int', { defaultDefinition: c % 4 === 0 ? '((0))' : null }));
    const name = `Table${String(t).padStart(3, '0')}`;
    tables.push({
      schema: 'dbo', name, objectId: t + 1000, columns, primaryKey: { name: `PK_${t}`, columns: ['Id'], clustered: true },
      uniqueConstraints: [], indexes: [{ name: `IX_${t}`, unique: false, clustered: false, keyColumns: [{ name: 'Col3', descending: false }], includedColumns: [], filter: '([Col3]>(0))' }],
      disabledIndexes: [], foreignKeys: [], checkConstraints: [{ name: `CK_${t}`, definition: "([Col4] like '[A-Z]%')", disabled: false, notTrusted: false }],
      rowCountEstimate: t * 1000,
    });
    views.push({
      schema: 'dbo', name: `v${name}`, objectId: t + 5000,
      definition: `CREATE VIEW dbo.v${name} AS SELECT a.Id, COUNT(b.Id) AS N, CASE WHEN a.Col3 > 10 THEN N'big' ELSE N'small' END AS Size FROM dbo.${name} a LEFT JOIN dbo.${name} b ON b.ParentId = a.Id GROUP BY a.Id, a.Col3`,
      columns: [
        { name: 'Id', columnId: 1, type: 'int', maxLength: 4, precision: 10, scale: 0, collation: null, nullable: false },
        { name: 'N', columnId: 2, type: 'int', maxLength: 4, precision: 10, scale: 0, collation: null, nullable: true },
        { name: 'Size', columnId: 3, type: 'nvarchar', maxLength: 10, precision: 0, scale: 0, collation: 'SQL_Latin1_General_CP1_CI_AS', nullable: false },
      ],
      dependencies: null, schemaBound: false, checkOption: false, indexed: false, quotedIdentifier: true, ansiNulls: true,
    });
  }
  const routines: RoutineModel[] = Array.from({ length: 50 }, (_, i) => ({
    kind: 'procedure', schema: 'dbo', name: `usp_${i}`, objectId: 9000 + i, type: 'P', definition: `CREATE PROCEDURE dbo.usp_${i} AS SELECT ${i}`,
    parent: null, disabled: false, insteadOf: false,
  }));
  return { database: 'Bench', tables, objects: { ...NO_OBJECTS, views, routines } };
}

const config = {
  naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' as const },
  typeOverrides: { byType: {}, byColumn: {} },
  selection: { include: [], exclude: [] },
};
const c = catalog(300);
for (let run = 1; run <= 3; run++) {
  const t0 = performance.now();
  const inventory = assessCatalog(c, config);
  const t1 = performance.now();
  const report = renderMarkdownReport(inventory, { generatedAt: new Date(), progressDir: 'progress' });
  const t2 = performance.now();
  const views = inventory.items.filter((i) => i.kind === 'view');
  console.log(
    `run ${run}: assess ${(t1 - t0).toFixed(0)} ms (${inventory.items.length} objects, ${views.filter((v) => v.verdict === 'translated').length}/${views.length} views translated), ` +
      `report ${(t2 - t1).toFixed(0)} ms (${(report.length / 1024).toFixed(0)} KiB)`,
  );
}
