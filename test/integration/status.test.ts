// `mssql2pg status` on progress files written by real stage runs (stage 1 and stage 2 against a
// real Postgres, the source in memory): completed, failed and never-started tables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/status/format-status.js';
import { readStatus } from '../../src/status/read-status.js';
import { table, column } from '../helpers/catalog-builder.js';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { MemoryRowSource, type MemoryTable } from '../helpers/memory-row-source.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { createTargets, sync } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';

let db: TestDatabase;
beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await expectNoOpenConnections(db.name);
  await db.drop();
});

function t(name: string, rows: number): MemoryTable {
  const model = table('dbo', name, [column('Id', 'int', { nullable: false })], { pk: ['Id'], rowCountEstimate: rows });
  return { model, shapes: ['integer'], rows: Array.from({ length: rows }, (_, i) => [i + 1]) };
}

describe('status on the files real runs write', () => {
  it('shows completed, failed and not-started tables with the resume command', async () => {
    const config = testConfig(db.url);
    const tables = [t('A', 30), t('B', 20), t('C', 10)];
    await createTargets(config, tables);
    const source = new MemoryRowSource(tables, ({ table: name }) => {
      if (name === 'dbo.B') throw new Error('source says no');
    });
    // Largest first, one at a time, fail-fast: A completes, B fails, C is never started.
    const summary = await sync(config, source, { failFast: true, parallel: 1 });
    expect(summary.failed.map((f) => f.table)).toEqual(['dbo.B']);

    const [schema, data] = await readStatus(config.progressDir);
    expect(schema).toMatchObject({ stage: 'schema', by_status: { completed: 3 }, resume_command: null });
    expect(data).toMatchObject({
      stage: 'data',
      by_status: { completed: 1, failed: 1, pending: 1, in_progress: 0 },
      rows_synced: 30,
      resume_command: 'mssql2pg sync data --resume',
      // No batch window was used: nothing to say about the next one.
      last_window: null,
      next_window: null,
    });
    expect(data!.failed[0]!.error).toContain('source says no');
    const lines = formatStatus(config.progressDir, [schema!, data!]);
    expect(lines).toContain('    - dbo.C: pending');
    expect(lines.some((l) => l.startsWith('    - dbo.B: ') && l.includes('source says no'))).toBe(true);
  });

  it('after batch windows: where the next window starts, recorded by the run from the catalog', async () => {
    const config = testConfig(db.url);
    const tables = [t('A', 30), t('B', 20), t('C', 10), t('D', 5)];
    await createTargets(config, tables);
    // Window 1: A and B (B fails). Status: go on from B, two tables at a time.
    const failing = new MemoryRowSource(tables, ({ table: name }) => {
      if (name === 'dbo.B') throw new Error('source says no');
    });
    await sync(config, failing, { parallel: 1, maxTables: 2 });
    let data = (await readStatus(config.progressDir))[1]!;
    expect(data.last_window).toEqual({ first_table: 'dbo.A', last_table: 'dbo.B', next_table: 'dbo.C', max_tables: 2 });
    expect(data.next_window).toMatchObject({ reason: 'first-unfinished', command: 'mssql2pg sync data --resume --start-from-table dbo.B --max-tables 2' });
    // Window 2, as status said: B and C complete. Status: the next window starts at D.
    expect((await sync(config, new MemoryRowSource(tables), { parallel: 1, resume: true, startFrom: 'dbo.B', maxTables: 2 })).failed).toEqual([]);
    data = (await readStatus(config.progressDir))[1]!;
    expect(data.next_window).toMatchObject({ reason: 'after-window', command: 'mssql2pg sync data --resume --start-from-table dbo.D --max-tables 2' });
    // Window 3 reaches the end of the list.
    await sync(config, new MemoryRowSource(tables), { parallel: 1, resume: true, startFrom: 'dbo.D', maxTables: 2 });
    data = (await readStatus(config.progressDir))[1]!;
    expect(data.next_window).toBeNull();
    expect(formatStatus(config.progressDir, [data])).toContain('  The last window reached the end of the table list.');
  });
});
