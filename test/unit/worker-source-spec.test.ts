import { describe, expect, it } from 'vitest';
import { openSourceFromSpec, siblingModule } from '../../src/workers/source-spec.js';

describe('worker source spec', () => {
  it('resolves a module next to the caller with the caller\'s extension (dist .js, tsx .ts)', () => {
    expect(siblingModule('file:///app/dist/cli/sync-data-command.js', '../sqlserver/sql-server-source')).toBe(
      'file:///app/dist/sqlserver/sql-server-source.js',
    );
    expect(siblingModule('file:///repo/src/cli/sync-data-command.ts', '../sqlserver/sql-server-source')).toBe(
      'file:///repo/src/sqlserver/sql-server-source.ts',
    );
  });

  it('calls the named factory with the arguments, and names a missing export', async () => {
    const module = new URL('../helpers/worker-memory-source.ts', import.meta.url).href;
    const source = await openSourceFromSpec({ module, exportName: 'openWorkerMemorySource', args: [{ tables: [{ schema: 'dbo', name: 'T', rows: 3 }] }] });
    expect((await source.loadCatalog()).tables.map((t) => t.name)).toEqual(['T']);
    await expect(openSourceFromSpec({ module, exportName: 'nope', args: [] })).rejects.toThrow(/has no function export nope/);
  });
});
