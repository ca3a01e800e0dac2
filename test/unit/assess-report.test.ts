import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessCatalog } from '../../src/assess/assess-catalog.js';
import { assessJson, formatAssessSummary } from '../../src/assess/assess-summary.js';
import { item, type Inventory } from '../../src/assess/inventory-types.js';
import { renderMarkdownReport } from '../../src/assess/markdown-report.js';
import { exportedObjects, formatNotMigrated, notMigratedRecord } from '../../src/assess/not-migrated.js';
import { runAssessCommand } from '../../src/cli/assess-command.js';
import type { SourceDatabase } from '../../src/cli/source-database.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runMigrate } from '../../src/cli/migrate.js';
import { UsageError } from '../../src/errors.js';
import { readNotMigrated, unmigratedFile, writeExportedObjects, writeNotMigrated } from '../../src/progress/unmigrated.js';
import { readFullInventory } from '../../src/sqlserver/read-inventory.js';
import { INVENTORY_ROWS } from '../fixtures/catalog/inventory-rows.js';
import { OBJECT_ROWS } from '../fixtures/catalog/object-rows.js';
import { SAMPLE_ROWS } from '../fixtures/catalog/sample-rows.js';
import { fixtureCatalogRunner } from '../helpers/fixture-catalog-runner.js';

const CONFIG = {
  naming: { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' as const },
  typeOverrides: { byType: {}, byColumn: {} },
  selection: { include: [] as string[], exclude: [] as string[] },
};
const loadFixtures = () => readFullInventory(fixtureCatalogRunner(SAMPLE_ROWS, OBJECT_ROWS, INVENTORY_ROWS));

let inventory: Inventory;
beforeAll(async () => {
  inventory = assessCatalog(await loadFixtures(), CONFIG);
});

const small: Inventory = {
  database: 'Tiny',
  excluded: 2,
  unavailable: [],
  items: [
    item('table', 'dbo.A', 'copied', { detail: '10 rows (estimate)' }),
    item('view', 'dbo.vA', 'translated', { differences: ['compares text column x: case'], original: 'CREATE VIEW dbo.vA AS SELECT 1 AS X' }),
    item('view', 'dbo.vB', 'exported', { reason: 'its definition calls FORMAT(), which is not translated', original: 'CREATE VIEW dbo.vB AS SELECT FORMAT(1, \'x\') AS `y`' }),
    item('procedure', 'dbo.p', 'exported', { reason: 'procedures are T-SQL code', original: 'CREATE PROCEDURE dbo.p AS SELECT 1 | 2' }),
    item('fulltext-index', 'dbo.A', 'not-handled', { reason: 'not built' }),
  ],
};

describe('the not-migrated account', () => {
  it('says in one paragraph what is exported (and where), what is not handled, what differs and what was left out', () => {
    const record = notMigratedRecord(small, new Date('2026-01-01T00:00:00Z'));
    expect(formatNotMigrated(record, 'progress')).toBe(
      'Not migrated from Tiny: 1 view and 1 procedure were exported for porting by hand (one file each, with the reason and the original T-SQL, in progress/unmigrated); ' +
        '1 full-text index was not handled. 1 migrated object has a listed difference in meaning. 2 objects are left out by --include/--exclude. ' +
        'Every object with its reason: progress/not_migrated.json, or mssql2pg assess --report assess.md.',
    );
    expect(formatNotMigrated(record, 'progress', 'plan')).toMatch(/^Will not be migrated from Tiny: 1 view and 1 procedure will be exported .*; 1 full-text index will not be handled\./);
    expect(formatNotMigrated({ ...record, entries: [], with_differences: 0, excluded: 0 }, 'p')).toMatch(/^Nothing in Tiny was left out/);
  });

  it('writes one file per exported object (reason, then the original T-SQL) and the record, and reads it back', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mssql2pg-unmigrated-'));
    const files = await writeExportedObjects(dir, exportedObjects(small));
    expect(files).toEqual([path.join('unmigrated', 'view.dbo.vB.sql'), path.join('unmigrated', 'procedure.dbo.p.sql')]);
    const text = await readFile(path.join(dir, files[0]!), 'utf8');
    expect(text).toBe(
      '-- mssql2pg: not migrated; exported for porting to PostgreSQL by hand.\n-- view dbo.vB\n' +
        "-- Why: its definition calls FORMAT(), which is not translated\n-- The original T-SQL, exactly as SQL Server stores it:\n\nCREATE VIEW dbo.vB AS SELECT FORMAT(1, 'x') AS `y`\n",
    );
    const record = notMigratedRecord(small, new Date('2026-01-01T00:00:00Z'));
    await writeNotMigrated(dir, record);
    expect(await readNotMigrated(dir)).toEqual(record);
    expect(await readNotMigrated(path.join(dir, 'none'))).toBeNull();
  });

  it('gives every object its own safe file name, even with characters a file system refuses', () => {
    expect(unmigratedFile('view', 'dbo.a/b')).toMatch(/^unmigrated[\\/]view\.dbo\.a_b-[0-9a-f]{6}\.sql$/);
    expect(unmigratedFile('view', 'dbo.a/b')).not.toBe(unmigratedFile('view', 'dbo.a_b'));
    expect(unmigratedFile('trigger', '(database).t')).toBe(path.join('unmigrated', 'trigger.(database).t.sql'));
  });

  it('migrate ends with the paragraph once stage 3 wrote it', async () => {
    const lines: string[] = [];
    const code = await runMigrate([{ command: 'replicate schema', run: async () => EXIT.OK }], {
      write: (l) => lines.push(l),
      resume: 'R',
      notMigrated: async () => 'Not migrated from Tiny: 1 view was exported.',
    });
    expect(code).toBe(EXIT.OK);
    expect(lines.at(-1)).toBe('\nNot migrated from Tiny: 1 view was exported.');
  });
});

describe('assess output', () => {
  it('prints counts per kind and verdict, each object not handled or exported with its reason, then the paragraph', () => {
    const lines = formatAssessSummary(inventory, 'progress');
    expect(lines[0]).toBe('Assessment of Shop DB (read from the source only; nothing was changed)');
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}views +- +- +3 +2 +-$/));
    expect(lines).toContain('  - view dbo.vFormatted: its definition calls FORMAT(), which is not translated');
    expect(lines.at(-1)).toMatch(/^Will not be migrated from Shop DB: /);
  });

  it('--json has the counts, the paragraph and every item', () => {
    const json = assessJson(inventory, 'progress') as { counts: Record<string, Record<string, number>>; items: unknown[]; not_migrated: string };
    expect(json.counts['view']).toEqual({ translated: 3, exported: 2 });
    expect(json.items).toHaveLength(inventory.items.length);
    expect(json.not_migrated).toMatch(/^Will not be migrated/);
  });

  it('the Markdown report has one section per kind, escaped cells and the original T-SQL fenced', () => {
    const md = renderMarkdownReport(small, { generatedAt: new Date('2026-01-01T00:00:00Z'), progressDir: 'progress' });
    expect(md).toContain('# mssql2pg assessment: Tiny');
    expect(md).toContain('| views |  |  | 1 | 1 |  |');
    expect(md).toContain('## Views (2)');
    expect(md).toContain('| `dbo.vA` | translated | difference: compares text column x: case |');
    expect(md).toContain('```sql\nCREATE PROCEDURE dbo.p AS SELECT 1 | 2\n```');
    // A definition holding a backtick gets a longer fence; a | in a cell is escaped.
    expect(md).toContain("```sql\nCREATE VIEW dbo.vB AS SELECT FORMAT(1, 'x') AS `y`\n```");
    expect(renderMarkdownReport({ ...small, items: [item('check', 'dbo.A.ck', 'not-handled', { reason: 'a | b' })] }, { generatedAt: new Date(0), progressDir: 'p' })).toContain('| a \\| b |');
  });
});

describe('mssql2pg assess', () => {
  const flags = { 'mssql-url': 'mssql://u:secret-pw@host/db', json: false };
  /** The command reads the catalog through the context's source: here the fixture rows, read as assess reads them. */
  const scopes: string[] = [];
  const at = (cwd: string) => ({
    invocation: { command: 'assess', args: [], cwd },
    source: {
      readCatalog: (_config, scope) => {
        scopes.push(String(scope));
        return loadFixtures();
      },
    } as Pick<SourceDatabase, 'readCatalog'> as SourceDatabase,
  });

  it('prints the summary from the source\'s catalog, never the password, and writes the report', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mssql2pg-assess-'));
    const out: string[] = [];
    const report = path.join(dir, 'assess.md');
    const code = await runAssessCommand({ ...flags, report }, at(tmpdir()), (t) => void out.push(t));
    expect(code).toBe(EXIT.OK);
    expect(out.join('')).toContain('Assessment of Shop DB');
    expect(out.join('')).toContain(`Report written to ${report}.`);
    const md = await readFile(report, 'utf8');
    expect(md).toContain('## Procedures (3)');
    expect(out.join('') + md).not.toContain('secret-pw');
    expect(scopes.at(-1)).toBe('inventory');
  });

  it('a relative --report is written where the command was invoked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'mssql2pg-assess-'));
    await runAssessCommand({ ...flags, report: 'assess.md' }, at(dir), () => {});
    expect(await readFile(path.join(dir, 'assess.md'), 'utf8')).toContain('## Procedures (3)');
  });

  it('--json prints JSON only', async () => {
    const out: string[] = [];
    await runAssessCommand({ ...flags, json: true }, at(tmpdir()), (t) => void out.push(t));
    expect(JSON.parse(out.join(''))).toMatchObject({ database: 'Shop DB' });
  });

  it('a report that cannot be written is a usage error naming the file', async () => {
    const failure = await runAssessCommand({ ...flags, report: '/nonexistent-dir/x/assess.md' }, at(tmpdir()), () => {}).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(UsageError);
    expect((failure as Error).message).toMatch(/could not be written to \/nonexistent-dir\/x\/assess\.md/);
  });
});
