import { runWithOutput } from '../src/cli/run-with-output.js';
import { replicateSchema } from '../src/stages/replicate-schema.js';
import { syncData } from '../src/stages/sync-data.js';
import { openTargetPool } from '../src/target/pool.js';
import { column, table } from '../test/helpers/catalog-builder.js';
import { MemoryRowSource } from '../test/helpers/memory-row-source.js';
const url = process.env['PG_URL']!;
const tables = Array.from({ length: 6 }, (_, i) => ({
  model: table('dbo', `T${i}`, [column('Id', 'int', { nullable: false }), column('Name', 'nvarchar')], { pk: ['Id'], rowCountEstimate: 300_000 * (i + 1) }),
  shapes: ['integer', 'text'] as const,
  rows: function* () { for (let n = 0; n < 300_000 * (i + 1); n++) yield [n, i === 2 && n === 1234 ? 'bad\u0000nul' : `name ${n}`]; },
}));
const source = new MemoryRowSource(tables as never, async ({ rowIndex }) => { if (rowIndex % 5000 === 0) await new Promise((r) => setTimeout(r, 15)); });
const config = { source: { host: 'm', port: 1, instanceName: null, database: 'x', user: 'u', password: '', encrypt: false, trustServerCertificate: true, connectTimeoutMs: 1000, requestTimeoutMs: 0 }, target: { url }, selection: { include: [], exclude: [] }, naming: { schemaMap: {}, targetSchema: 'live', identifierStyle: 'lower' as const }, typeOverrides: { byType: {}, byColumn: {} }, progressDir: process.env['PDIR']!, configFile: null };
const w = { resume: false, reset: false, startFrom: null, until: null, maxTables: null, failFast: false };
await replicateSchema({ config, loadCatalog: () => source.loadCatalog(), openTarget: () => openTargetPool(url, 1) }, { ...w, dryRun: false, dropExisting: true, primaryKeys: false });
const code = await runWithOutput({ title: 'Syncing data', verbose: false, json: false }, (listener, signal) =>
  syncData({ config, source, openTarget: (m) => openTargetPool(url, m), listener, signal }, { ...w, parallel: 2, retries: 0, isolation: 'read-committed', nolock: false, truncate: true, encoder: {}, chunkRows: 500_000 } as never));
console.log('exit', code);
