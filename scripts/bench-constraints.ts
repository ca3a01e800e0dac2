// Benchmark: stage 3 (replicate constraints) on a real Postgres. Stage 1 creates two bench
// tables, generate_series loads them (Customers 100k rows, Orders 1M rows by default), then
// stage 3 builds: both primary keys, two indexes on Orders (one DESC with INCLUDE), a check,
// and the Orders → Customers foreign key. Run once per --parallel value. Prints figures only.
// Run: npm run bench:constraints [-- ordersRows]   (PG_URL to use your own server)
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { CatalogModel } from '../src/catalog/model.js';
import { BENCH_WINDOW, benchConfig, runBench } from './bench-config.js';
import { replicateConstraints } from '../src/stages/replicate-constraints.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { openTargetPool } from '../src/postgres/pool.js';
import { column, table } from '../test/helpers/catalog-builder.js';

const ORDERS = Number(process.argv[2] ?? 1_000_000);
const CUSTOMERS = Math.max(1, Math.floor(ORDERS / 10));
const SCHEMA = 'mssql2pg_bench_constraints';

const catalog: CatalogModel = {
  database: 'bench',
  tables: [
    table('dbo', 'Customers', [column('Id', 'int', { nullable: false }), column('Name', 'nvarchar', { maxLength: 200 })], {
      pk: ['Id'],
      rowCountEstimate: CUSTOMERS,
    }),
    table(
      'dbo',
      'Orders',
      [
        column('Id', 'bigint', { nullable: false }),
        column('CustomerId', 'int', { nullable: false }),
        column('PlacedAt', 'datetime2', { nullable: false }),
        column('Amount', 'decimal', { nullable: false }),
        column('Qty', 'int', { nullable: false }),
      ],
      {
        pk: ['Id'],
        rowCountEstimate: ORDERS,
        indexes: [
          { name: 'IX_Orders_Customer', unique: false, clustered: false, keyColumns: [{ name: 'CustomerId', descending: false }], includedColumns: [], filter: null },
          { name: 'IX_Orders_Placed', unique: false, clustered: false, keyColumns: [{ name: 'PlacedAt', descending: true }], includedColumns: ['Amount'], filter: null },
        ],
        checkConstraints: [{ name: 'CK_Orders_Qty', definition: '([Qty]>(0))', disabled: false, notTrusted: false }],
        foreignKeys: [
          {
            name: 'FK_Orders_Customers', columns: ['CustomerId'], referencedSchema: 'dbo', referencedTable: 'Customers', referencedColumns: ['Id'],
            onDelete: 'NO ACTION', onUpdate: 'NO ACTION', disabled: false, notTrusted: false,
          },
        ],
      },
    ),
  ],
};


async function load(client: pg.Client): Promise<void> {
  await client.query(`INSERT INTO ${SCHEMA}.customers SELECT g, 'Customer ' || g FROM generate_series(1, ${CUSTOMERS}) g`);
  await client.query(
    `INSERT INTO ${SCHEMA}.orders SELECT g, 1 + g % ${CUSTOMERS}, timestamp '2024-01-01' + g * interval '1 second', (g % 100000) / 100.0, 1 + g % 7
       FROM generate_series(1, ${ORDERS}) g`,
  );
  await client.query(`VACUUM ANALYZE ${SCHEMA}.customers, ${SCHEMA}.orders`);
}

async function runOnce(url: string, client: pg.Client, parallel: number, maintenanceWorkMem: string | null): Promise<number> {
  const config = benchConfig(url, SCHEMA);
  await replicateSchema(
    { config, loadCatalog: async () => catalog, target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
    { window: BENCH_WINDOW, dropExisting: true, primaryKeys: false },
  );
  await load(client);
  const t0 = performance.now();
  const summary = await replicateConstraints(
    { config, loadCatalog: async () => catalog, target: { mode: 'live', openTarget: (max) => openTargetPool(url, max) } },
    // The rows come from generate_series, not sync data: the stage-order check is forced.
    { window: BENCH_WINDOW, parallel, maintenanceWorkMem, fkNotValid: false, force: true },
  );
  const s = (performance.now() - t0) / 1000;
  if (summary.failed.length > 0) throw new Error(`bench failed: ${JSON.stringify(summary.failed)}`);
  return s;
}

runBench([SCHEMA], async (url, postgres) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    console.log(
      `bench constraints: Orders ${ORDERS.toLocaleString('en-US')} rows, Customers ${CUSTOMERS.toLocaleString('en-US')} rows; ` +
        `2 primary keys, 2 indexes (one DESC + INCLUDE), 1 check, 1 foreign key; Postgres ${postgres}`,
    );
    for (const [parallel, mwm] of [[1, null], [2, null], [2, '256MB']] as const) {
      const s = await runOnce(url, client, parallel, mwm);
      console.log(`  --parallel ${parallel}${mwm ? ` --maintenance-work-mem ${mwm}` : ''}: stage 3 in ${s.toFixed(2)} s`);
    }
  } finally {
    await client.end();
  }
});
