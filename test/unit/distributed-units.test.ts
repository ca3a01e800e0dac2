import { describe, expect, it } from 'vitest';
import { parseSourcesFile, sourceCredentials } from '../../src/distributed/source-credentials.js';
import { serverKey, sourceKey } from '../../src/distributed/source-identity.js';
import { distributedJob, fromWire, toWire, unitId } from '../../src/distributed/unit-message.js';
import { DEFAULT_LOAD_SETTINGS, DEFAULT_READ_SETTINGS } from '../../src/load/settings.js';
import { unitJob } from '../../src/load/unit-job.js';
import { planTargetNames } from '../../src/naming/index.js';
import { formatDistributedStatus } from '../../src/status/distributed-status.js';
import { UsageError } from '../../src/errors.js';
import { simpleTable } from '../helpers/catalog-builder.js';

const model = simpleTable('dbo', 'Orders', 10);
const names = planTargetNames([model], { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' }).get('dbo.Orders')!;
const job = unitJob({ table: model, names, read: DEFAULT_READ_SETTINGS, load: DEFAULT_LOAD_SETTINGS, clear: { mode: 'truncate', freeze: true }, range: null });

describe('a unit as the queue stores it', () => {
  it('survives JSON (pg-boss keeps job data as jsonb): the column-name map comes back as a map', () => {
    const back = fromWire(JSON.parse(JSON.stringify(toWire(job))));
    expect(back).toEqual(job);
    expect(back.names.columns.get('Id')).toBe('id');
  });

  it('a whole table gets a record of its run; a key range keeps its own', () => {
    expect(distributedJob('r1', job).record).toEqual({ chunkPlan: 'table:r1', range: { lo: null, hi: null }, key: null });
    const range = unitJob({ ...job, range: { key: { column: 'Id', sqlType: 'int', nullable: false }, range: { lo: '1', hi: '5' }, chunkPlan: 'p' } });
    expect(distributedJob('r1', range).record).toEqual({ chunkPlan: 'p', range: { lo: '1', hi: '5' }, key: { column: 'Id', sqlType: 'int', nullable: false } });
  });

  it('unit ids are stable for the same run, table and range, and differ otherwise', () => {
    const record = { chunkPlan: 'p', range: { lo: '1', hi: '5' }, key: null };
    expect(unitId('r1', 'dbo.A', record)).toBe(unitId('r1', 'dbo.A', record));
    expect(unitId('r2', 'dbo.A', record)).not.toBe(unitId('r1', 'dbo.A', record));
    expect(unitId('r1', 'dbo.A', { ...record, range: { lo: '5', hi: null } })).not.toBe(unitId('r1', 'dbo.A', record));
  });
});

describe('sources and their credentials', () => {
  it('a server is named by host (any case) and port or instance; a source adds the database', () => {
    expect(serverKey({ host: 'SQL01', port: 1433, instanceName: null, database: 'Shop' })).toBe('sql01:1433');
    expect(serverKey({ host: 'sql01', port: null, instanceName: 'SQLEXPRESS', database: 'Shop' })).toBe('sql01\\sqlexpress');
    expect(sourceKey({ host: 'sql01', port: 1433, instanceName: null, database: 'Shop' })).toBe('sql01:1433/Shop');
  });

  it('a sources file lists databases by URL or fields; a worker finds the login of the source a unit names', () => {
    const sources = parseSourcesFile(
      { sources: [{ url: 'mssql://m:pw1@sql01:1433/Tenant1' }, { host: 'sql02', database: 'Tenant2', user: 'm', password: 'pw2' }] },
      'fleet.json',
    );
    const creds = sourceCredentials(sources);
    expect(creds.lookup({ host: 'SQL01', port: 1433, instanceName: null, database: 'Tenant1' })?.password).toBe('pw1');
    expect(creds.lookup({ host: 'sql02', port: 1433, instanceName: null, database: 'Tenant2' })?.user).toBe('m');
    expect(creds.lookup({ host: 'sql02', port: 1433, instanceName: null, database: 'Tenant3' })).toBeNull();
    expect(creds.known.join(' ')).not.toContain('pw');
  });

  it('an incomplete entry is a usage error naming the file, the entry and what is missing', () => {
    expect(() => parseSourcesFile({ sources: [{ host: 'sql01', database: 'X', user: 'm' }] }, 'fleet.json')).toThrow(UsageError);
    expect(() => parseSourcesFile({ sources: [{ host: 'sql01', database: 'X', user: 'm' }] }, 'fleet.json')).toThrow(/fleet\.json sources\[0\].*password/);
    expect(() => parseSourcesFile({ source: [] }, 'fleet.json')).toThrow(/expected \{"sources"/);
  });
});

describe('status of distributed runs', () => {
  it('shows per table what committed (from records) and per worker host what runs', () => {
    const at = new Date('2026-12-01T10:00:00Z');
    const lines = formatDistributedStatus([
      {
        run: {
          run_id: 'r1', source_key: 'sql01:1433/Shop', source_group: 'sql01:1433', status: 'running', coordinator_host: 'c1', coordinator_pid: 42,
          started_at: at, heartbeat_at: at, finished_at: null, coordinator_alive: true,
        },
        tables: [{ run_id: 'r1', source_table: 'dbo.Big', units: 16, committed: 10, running: 3, waiting: 2, retrying: 1, failed: 0, committed_rows: '1250000', error: 'x [SQLSTATE 08006]' }],
        workers: [{ run_id: 'r1', worker_host: 'w1', running: 2, done: 5, in_flight_rows: '40000', rows_per_s: 12000.4, running_since: at }],
      },
    ]);
    expect(lines).toEqual([
      'Distributed run r1 (sql01:1433/Shop): running',
      '  Coordinator: pid 42 on c1, alive; started 2026-12-01T10:00:00.000Z',
      '  Units:    10/16 committed, 1,250,000 rows committed',
      '  Tables:',
      '    - dbo.Big: 10/16 committed, 1,250,000 rows, 3 running, 2 waiting, 1 retrying; x [SQLSTATE 08006]',
      '  Workers:',
      '    - w1: 2 running since 2026-12-01T10:00:00.000Z, 40,000 rows read (not yet committed), 12,000 rows/s; 5 committed',
    ]);
    expect(formatDistributedStatus([])).toEqual(['Distributed runs: none in this database (no mssql2pg.dist_runs).']);
  });
});
