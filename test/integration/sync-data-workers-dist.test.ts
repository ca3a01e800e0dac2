// The production bin runs from the compiled dist/, where the worker entry is plain JavaScript
// loaded without tsx. Compile src/ to a temporary directory and run stage 2 on its workers, with
// a JavaScript source factory, to prove the worker entry resolves and runs there too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectNoOpenConnections } from '../helpers/leak-check.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { syncOptions } from '../helpers/stage-options.js';
import { SYNC_DEFAULTS } from '../helpers/sync-child.js';
import { createTargets, rowsOf } from '../helpers/sync-harness.js';
import { testConfig } from '../helpers/test-config.js';
import { indexedTable } from '../helpers/worker-memory-source.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const FACTORY = `
export function openTinySource() {
  return {
    async loadCatalog() { throw new Error('not used in a worker'); },
    readTable(table) {
      async function* rows() { for (let i = 1; i <= 3; i++) yield [i, 'row ' + i]; }
      return { columns: [{ name: 'Id', shape: 'integer' }, { name: 'Name', shape: 'text' }], rows: rows() };
    },
    async close() {},
  };
}
`;

let db: TestDatabase;
let dir: string;
beforeEach(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'mssql2pg-dist-'));
});
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true });
  await expectNoOpenConnections(db.name, 5_000);
  await db.drop();
});

describe('worker threads from the compiled dist/', () => {
  it('load their JavaScript entry without tsx and copy a table', async () => {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--outDir', path.join(dir, 'dist')], {
      cwd: repoRoot,
    });
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
    writeFileSync(path.join(dir, 'factory.mjs'), FACTORY);
    const config = testConfig(db.url);
    const tiny = indexedTable({ schema: 'dbo', name: 'Tiny', rows: 3 });
    await createTargets(config, [tiny]);

    const compiled = (await import(pathToFileURL(path.join(dir, 'dist/stages/sync-data.js')).href)) as typeof import('../../src/stages/sync-data.js');
    const factory = pathToFileURL(path.join(dir, 'factory.mjs')).href;
    const summary = await compiled.syncData(
      {
        config,
        source: { loadCatalog: async () => ({ database: 'src', tables: [tiny.model] }), readTable: () => { throw new Error('main thread must not read'); }, close: async () => {} },
        openTarget: async (max) => (await import(pathToFileURL(path.join(dir, 'dist/postgres/pool.js')).href)).openTargetPool(db.url, max),
        workers: { source: { module: factory, exportName: 'openTinySource', args: [] }, targetUrl: db.url },
      },
      syncOptions({ ...SYNC_DEFAULTS, parallel: 1 }),
    );
    expect(summary).toMatchObject({ succeeded: 1, failed: [], rows: 3 });
    expect(await rowsOf(db.url, 'SELECT id, name FROM public.tiny ORDER BY id')).toEqual([[1, 'row 1'], [2, 'row 2'], [3, 'row 3']]);
  }, 60_000);
});
