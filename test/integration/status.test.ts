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
      next_window: { start_from_table: 'dbo.B' },
    });
    expect(data!.failed[0]!.error).toContain('source says no');
    const lines = formatStatus(config.progressDir, [schema!, data!]);
    expect(lines).toContain('    - dbo.C: pending');
    expect(lines.some((l) => l.startsWith('    - dbo.B: ') && l.includes('source says no'))).toBe(true);
  });
});
