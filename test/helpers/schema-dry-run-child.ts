// Child-process entry point for the dry-run pipe test (test/integration/schema-dry-run-psql.test.ts):
//   node --import tsx test/helpers/schema-dry-run-child.ts '<progress dir>' [extra flags...]
// runs the real `replicate schema --dry-run` command (flag parsing aside) over a fixture catalog,
// so the test sees exactly what a user's `> schema.sql` would hold. MSSQL_URL must be set (the
// configuration requires a source) but is never connected to: the catalog is the fixture.
import type { CatalogModel } from '../../src/catalog/model.js';
import { createRunStop } from '../../src/cli/interrupts.js';
import { runSchemaCommand } from '../../src/cli/replicate-schema-command.js';
import { catalogSourceDatabase } from './memory-source-database.js';
import { everyTypeTable } from '../fixtures/every-type-table.js';
import { column, simpleTable, table } from './catalog-builder.js';

/** Every type, two schemas, a default, a computed column and a datetime2(7): warnings included. */
export const DRY_RUN_CATALOG: CatalogModel = {
  database: 'src',
  tables: [
    everyTypeTable('dbo', 'EveryType'),
    simpleTable('Sales', 'Customers'),
    table('Sales', 'Orders', [
      column('Id', 'bigint', { nullable: false, identity: { seed: '9000000000', increment: '5' } }),
      column('CreatedAt', 'datetime2', { nullable: false, defaultDefinition: '(sysdatetime())' }),
      column('Status', 'tinyint', { defaultDefinition: '((0))' }),
      column('Odd', 'int', { defaultDefinition: '([dbo].[NextOdd]())' }),
      column('Total', 'decimal', { computed: { definition: '([Status]*(2))', persisted: false } }),
    ], { pk: ['Id'] }),
  ],
};

const [progressDir, ...extra] = process.argv.slice(2);
const code = await runSchemaCommand(
  {
    'dry-run': true,
    'drop-existing': false,
    'primary-keys': extra.includes('--primary-keys'),
    'progress-dir': progressDir,
    'fail-fast': false,
    verbose: extra.includes('--verbose'),
    json: extra.includes('--json'),
  },
  {
    invocation: { command: 'replicate schema', args: ['--dry-run', '--progress-dir', progressDir ?? '', ...extra], cwd: process.cwd() },
    stop: createRunStop((line) => void process.stderr.write(`${line}\n`)),
    source: catalogSourceDatabase(DRY_RUN_CATALOG),
  },
);
process.exitCode = code;
