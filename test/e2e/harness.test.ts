// Smoke test of the e2e harness: a real SQL Server answers, and the URLs the harness produces
// are the ones the CLI's own config parser reads.
import { describe, expect, it } from 'vitest';
import sql from 'mssql';
import { parseMssqlUrl } from '../../src/config/mssql-url.js';
import { describeWithSqlServer, formatMssqlUrl, mssqlConfigFromUrl } from './harness.js';

describeWithSqlServer('SQL Server harness', (server) => {
  it('connects and reports its version', async () => {
    const pool = new sql.ConnectionPool(mssqlConfigFromUrl(server.url));
    await pool.connect();
    try {
      const result = await pool.request().query<{ version: string }>('SELECT @@VERSION AS version');
      expect(result.recordset[0]?.version).toMatch(/Microsoft SQL Server/);
    } finally {
      await pool.close();
    }
  });
});

describe('test SQL Server URLs', () => {
  it('round-trip through the CLI parser, special characters in the password included', () => {
    const password = 'Aa1!p@ss:w/rd#%?&';
    const url = formatMssqlUrl({ user: 'sa', password, host: 'db.local', port: 14333, database: 'My Db' });
    expect(parseMssqlUrl(url)).toEqual({
      host: 'db.local',
      port: 14333,
      database: 'My Db',
      user: 'sa',
      password,
      encrypt: false,
      trustServerCertificate: true,
    });
  });

  it('become a tedious config that does not encrypt and trusts the container certificate', () => {
    const config = mssqlConfigFromUrl('mssql://sa:secret@127.0.0.1:1433/master?encrypt=false&trustServerCertificate=true');
    expect(config).toMatchObject({
      server: '127.0.0.1',
      port: 1433,
      database: 'master',
      user: 'sa',
      password: 'secret',
      options: { encrypt: false, trustServerCertificate: true },
    });
  });
});
