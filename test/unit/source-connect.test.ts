import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/types.js';
import { Mssql2pgError } from '../../src/errors.js';
import { redactSecrets } from '../../src/config/redact.js';
import { describeSource, openSourcePool, toMssqlConfig } from '../../src/sqlserver/connect.js';

const SOURCE: SourceConfig = {
  host: 'db.example.internal',
  port: 14330,
  instanceName: null,
  database: 'Shop',
  user: 'migrator',
  password: 'S3cret!pw',
  encrypt: true,
  trustServerCertificate: false,
  connectTimeoutMs: 15_000,
  requestTimeoutMs: 60_000,
};

describe('toMssqlConfig', () => {
  it('connects by host and port', () => {
    const config = toMssqlConfig(SOURCE, 4);
    expect(config).toMatchObject({
      server: 'db.example.internal',
      port: 14330,
      database: 'Shop',
      user: 'migrator',
      password: 'S3cret!pw',
      connectionTimeout: 15_000,
      requestTimeout: 60_000,
      pool: { min: 0, max: 4 },
    });
    expect(config.options).toMatchObject({ encrypt: true, trustServerCertificate: false, useUTC: true });
    expect(config.options?.instanceName).toBeUndefined();
  });

  it('defaults the port to 1433', () => {
    expect(toMssqlConfig({ ...SOURCE, port: null }, 1).port).toBe(1433);
  });

  it('uses the instance name instead of a port (SQL Browser resolves it)', () => {
    const config = toMssqlConfig({ ...SOURCE, port: 1433, instanceName: 'SQLEXPRESS' }, 2);
    expect(config.port).toBeUndefined();
    expect(config.options?.instanceName).toBe('SQLEXPRESS');
  });

  it('passes encryption settings through and keeps at least one pooled connection', () => {
    const config = toMssqlConfig({ ...SOURCE, encrypt: false, trustServerCertificate: true }, 0);
    expect(config.options).toMatchObject({ encrypt: false, trustServerCertificate: true });
    expect(config.pool?.max).toBe(1);
  });

  it('never cuts large values: textsize at its maximum', () => {
    expect(toMssqlConfig(SOURCE, 1).options?.textsize).toBe(2147483647);
  });
});

describe('describeSource and redactSecrets', () => {
  it('describes host:port/db or host\\instance/db', () => {
    expect(describeSource(SOURCE)).toBe('db.example.internal:14330/Shop');
    expect(describeSource({ ...SOURCE, instanceName: 'SQL2019' })).toBe('db.example.internal\\SQL2019/Shop');
  });

  it('masks every occurrence of the secret', () => {
    expect(redactSecrets('pwd=abcd;x=abcd', ['abcd'])).toBe('pwd=***;x=***');
    expect(redactSecrets('nothing', [''])).toBe('nothing');
  });
});

describe('openSourcePool', () => {
  it('names server, database and user, never the password, and keeps the cause', async () => {
    // A local port that accepts and immediately closes: the TDS prelogin fails at once.
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const source = { ...SOURCE, host: '127.0.0.1', port, encrypt: false, connectTimeoutMs: 3_000 };
      const failure = await openSourcePool(source, 1).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(Mssql2pgError);
      const message = (failure as Error).message;
      expect(message).toMatch(new RegExp(`^Cannot connect to SQL Server at 127\\.0\\.0\\.1:${port}/Shop as migrator: .+`));
      expect(message).not.toContain(SOURCE.password);
      expect((failure as Error).cause).toBeInstanceOf(Error);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
