import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerFromFlags, type CommonFlags } from '../../src/cli/flags.js';
import type { ConfigLayer } from '../../src/config/layer.js';
import { resolveConfig, type ResolveInput } from '../../src/config/resolve.js';
import { usageErrorOf } from '../helpers/usage-error.js';

function tempCwd(): string {
  return mkdtempSync(path.join(tmpdir(), 'mssql2pg-config-'));
}

/** Writes `json` as the default config file of a fresh temp cwd and returns that cwd. */
function cwdWithDefaultFile(json: unknown): string {
  const cwd = tempCwd();
  mkdirSync(path.join(cwd, 'config'));
  writeFileSync(path.join(cwd, 'config', 'mssql2pg.json'), typeof json === 'string' ? json : JSON.stringify(json));
  return cwd;
}

function flags(f: Partial<CommonFlags> = {}): ConfigLayer {
  return layerFromFlags({ resume: false, reset: false, 'fail-fast': false, verbose: false, json: false, ...f });
}

function resolve(o: Partial<ResolveInput> & { cwd: string }) {
  return resolveConfig({ flags: {}, env: {}, needSource: false, needTarget: false, ...o });
}


const FILE = {
  source: {
    host: 'file-host', port: 1501, database: 'file_db', user: 'file_user', password: 'file-pw',
    encrypt: true, trustServerCertificate: false, connectTimeoutMs: 1111, requestTimeoutMs: 2222,
  },
  target: { url: 'postgres://file@file-pg/db' },
  tables: { include: ['file.*'], exclude: ['file.x'] },
  naming: { schemaMap: { dbo: 'file_public', sales: 'file_sales' }, targetSchema: 'file_schema', identifierStyle: 'snake' },
  typeOverrides: { types: { money: 'numeric(10,2)', Bit: 'smallint' }, columns: { 'dbo.A.b': 'text', 'dbo.C.d': 'int' } },
  progressDir: 'file-progress',
};

const ENV = {
  MSSQL_HOST: 'env-host', MSSQL_PORT: '1502', MSSQL_DATABASE: 'env_db', MSSQL_USER: 'env_user',
  MSSQL_PASSWORD: 'env-pw', MSSQL_ENCRYPT: 'false', MSSQL_TRUST_SERVER_CERTIFICATE: 'true',
  PG_URL: 'postgres://env@env-pg/db', MSSQL2PG_PROGRESS_DIR: 'env-progress',
};

const FLAGS: Partial<CommonFlags> = {
  'mssql-host': 'flag-host', 'mssql-port': 1503, 'mssql-database': 'flag_db', 'mssql-user': 'flag_user',
  'mssql-encrypt': true, 'trust-server-certificate': false, 'pg-url': 'postgres://flag@flag-pg/db',
  include: ['flag.*'], exclude: ['flag.x'], 'target-schema': 'flag_schema', 'schema-map': ['dbo=flag_public'],
  'identifier-style': 'preserve', 'type-override': ['money=numeric(19,4)', 'dbo.A.b=varchar(10)'], 'progress-dir': 'flag-progress',
};

describe('resolveConfig precedence: flags > env > file > defaults', () => {
  it('uses defaults when nothing is configured', () => {
    const cwd = tempCwd();
    const c = resolve({ cwd });
    expect(c.source).toEqual({
      host: '', port: 1433, instanceName: null, database: '', user: '', password: '',
      encrypt: true, trustServerCertificate: false, connectTimeoutMs: 30_000, requestTimeoutMs: 0,
    });
    expect(c.target.url).toBe('');
    expect(c.selection).toEqual({ include: [], exclude: [] });
    expect(c.naming).toEqual({ schemaMap: {}, targetSchema: null, identifierStyle: 'lower' });
    expect(c.typeOverrides).toEqual({ byType: {}, byColumn: {} });
    expect(c.progressDir).toBe(path.join(cwd, 'progress'));
    expect(c.configFile).toBeNull();
  });

  it('takes every field from the file when only the file sets it (type names lower-cased)', () => {
    const cwd = cwdWithDefaultFile(FILE);
    const c = resolve({ cwd });
    expect(c.source).toEqual({ ...FILE.source, instanceName: null });
    expect(c.target.url).toBe(FILE.target.url);
    expect(c.selection).toEqual(FILE.tables);
    expect(c.naming).toEqual(FILE.naming);
    expect(c.typeOverrides).toEqual({ byType: { money: 'numeric(10,2)', bit: 'smallint' }, byColumn: FILE.typeOverrides.columns });
    expect(c.progressDir).toBe(path.join(cwd, 'file-progress'));
    expect(c.configFile).toBe('config/mssql2pg.json');
  });

  it('lets the environment override the file field by field', () => {
    const cwd = cwdWithDefaultFile(FILE);
    const c = resolve({ cwd, env: ENV });
    expect(c.source).toEqual({
      host: 'env-host', port: 1502, instanceName: null, database: 'env_db', user: 'env_user', password: 'env-pw',
      encrypt: false, trustServerCertificate: true, connectTimeoutMs: 1111, requestTimeoutMs: 2222,
    });
    expect(c.target.url).toBe(ENV.PG_URL);
    expect(c.progressDir).toBe(path.join(cwd, 'env-progress'));
    // Not settable from the environment: still the file's.
    expect(c.naming.identifierStyle).toBe('snake');
  });

  it('lets flags override both, and merges maps per key across layers', () => {
    const cwd = cwdWithDefaultFile(FILE);
    const c = resolve({ cwd, env: ENV, flags: flags(FLAGS) });
    expect(c.source).toEqual({
      host: 'flag-host', port: 1503, instanceName: null, database: 'flag_db', user: 'flag_user',
      // No password flag on purpose (it would show in `ps`): the environment's stays.
      password: 'env-pw',
      encrypt: true, trustServerCertificate: false, connectTimeoutMs: 1111, requestTimeoutMs: 2222,
    });
    expect(c.target.url).toBe('postgres://flag@flag-pg/db');
    expect(c.selection).toEqual({ include: ['flag.*'], exclude: ['flag.x'] });
    expect(c.naming).toEqual({
      schemaMap: { dbo: 'flag_public', sales: 'file_sales' },
      targetSchema: 'flag_schema',
      identifierStyle: 'preserve',
    });
    expect(c.typeOverrides).toEqual({
      byType: { money: 'numeric(19,4)', bit: 'smallint' },
      byColumn: { 'dbo.A.b': 'varchar(10)', 'dbo.C.d': 'int' },
    });
    expect(c.progressDir).toBe(path.join(cwd, 'flag-progress'));
  });

  it('a flag set to false still overrides true from lower layers', () => {
    const cwd = cwdWithDefaultFile({ source: { encrypt: true, trustServerCertificate: true } });
    const c = resolve({ cwd, flags: flags({ 'mssql-encrypt': false, 'trust-server-certificate': false }) });
    expect(c.source.encrypt).toBe(false);
    expect(c.source.trustServerCertificate).toBe(false);
  });

  it('expands MSSQL_URL and lets MSSQL_PASSWORD override its password', () => {
    const c = resolve({
      cwd: tempCwd(),
      env: { MSSQL_URL: 'mssql://url_user:url-pw@url-host:1600/url_db?encrypt=false', MSSQL_PASSWORD: 'better-pw' },
      needSource: true,
    });
    expect(c.source).toMatchObject({ host: 'url-host', port: 1600, database: 'url_db', user: 'url_user', password: 'better-pw', encrypt: false });
  });

  it('overrides the host of a URL in the file with a --mssql-host flag, keeping the rest of the URL', () => {
    const cwd = cwdWithDefaultFile({ source: { url: 'mssql://u:p@file-host:1500/filedb' } });
    const c = resolve({ cwd, flags: flags({ 'mssql-host': 'flag-host' }), needSource: true });
    expect(c.source).toMatchObject({ host: 'flag-host', port: 1500, database: 'filedb', user: 'u', password: 'p' });
  });

  it('within the file, explicit source fields win over source.url', () => {
    const cwd = cwdWithDefaultFile({ source: { url: 'mssql://u:p@url-host/urldb', database: 'explicit_db' } });
    expect(resolve({ cwd }).source).toMatchObject({ host: 'url-host', database: 'explicit_db' });
  });

  it('a URL in a higher layer beats plain fields in a lower one', () => {
    const cwd = cwdWithDefaultFile({ source: { host: 'file-host', database: 'file_db' } });
    const c = resolve({ cwd, env: { MSSQL_URL: 'mssql://u:p@env-host/env_db' } });
    expect(c.source).toMatchObject({ host: 'env-host', database: 'env_db' });
  });

  it('an instance name without a port leaves the port to SQL Browser (null); an explicit port stays', () => {
    expect(resolve({ cwd: tempCwd(), env: { MSSQL_INSTANCE: 'SQLEXPRESS' } }).source).toMatchObject({ instanceName: 'SQLEXPRESS', port: null });
    expect(resolve({ cwd: tempCwd(), env: { MSSQL_URL: 'mssql://u:p@h/db?instanceName=SQL2019' } }).source.port).toBeNull();
    expect(resolve({ cwd: tempCwd(), env: { MSSQL_INSTANCE: 'X', MSSQL_PORT: '1444' } }).source.port).toBe(1444);
  });

  it('treats empty environment variables as unset', () => {
    const cwd = cwdWithDefaultFile({ source: { host: 'file-host' } });
    expect(resolve({ cwd, env: { MSSQL_HOST: '' } }).source.host).toBe('file-host');
  });

  it('deep-freezes the result', () => {
    const cwd = cwdWithDefaultFile(FILE);
    const c = resolve({ cwd });
    expect(Object.isFrozen(c)).toBe(true);
    for (const part of [c.source, c.target, c.selection, c.selection.include, c.naming, c.naming.schemaMap, c.typeOverrides, c.typeOverrides.byType, c.typeOverrides.byColumn]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(() => {
      (c.naming.schemaMap as Record<string, string>).dbo = 'x';
    }).toThrow(TypeError);
  });
});

describe('resolveConfig: the config file', () => {
  it('ignores a missing default file', () => {
    expect(resolve({ cwd: tempCwd() }).configFile).toBeNull();
  });

  it('reads an explicit --config path relative to cwd', () => {
    const cwd = tempCwd();
    writeFileSync(path.join(cwd, 'mine.json'), JSON.stringify({ source: { host: 'from-mine' } }));
    const c = resolve({ cwd, configPath: 'mine.json' });
    expect(c.source.host).toBe('from-mine');
    expect(c.configFile).toBe('mine.json');
  });

  it('refuses a --config path that does not exist', () => {
    const err = usageErrorOf(() => resolve({ cwd: tempCwd(), configPath: 'nope.json' }));
    expect(err.message).toContain('nope.json');
    expect(err.message).toContain('does not exist');
  });

  it('refuses invalid JSON, naming the file and keeping the parse error as cause', () => {
    const cwd = cwdWithDefaultFile('{ "source": { "host": "x", } }');
    const err = usageErrorOf(() => resolve({ cwd }));
    expect(err.message).toContain('config/mssql2pg.json');
    expect(err.message).toContain('not valid JSON');
    expect(err.cause).toBeInstanceOf(SyntaxError);
  });
});

describe('resolveConfig: missing or bad connection settings', () => {
  it('names every missing source field and how to set it, in one error', () => {
    const err = usageErrorOf(() => resolve({ cwd: tempCwd(), needSource: true }));
    for (const piece of [
      'host (--mssql-host, MSSQL_HOST or source.host)',
      'database (--mssql-database, MSSQL_DATABASE or source.database)',
      'user (--mssql-user, MSSQL_USER or source.user)',
      'password (MSSQL_PASSWORD or source.password)',
      'MSSQL_URL=',
    ]) {
      expect(err.message).toContain(piece);
    }
  });

  it('names only the fields that are missing', () => {
    const err = usageErrorOf(() =>
      resolve({ cwd: tempCwd(), needSource: true, env: { MSSQL_HOST: 'h', MSSQL_USER: 'u', MSSQL_PASSWORD: 'secret-pw' } }),
    );
    expect(err.message).toContain('database (');
    expect(err.message).not.toContain('host (');
    expect(err.message).not.toContain('user (');
    expect(err.message).not.toContain('password (');
    expect(err.message).not.toContain('secret-pw');
  });

  it('accepts an empty password when it is set explicitly (a login with no password)', () => {
    const cwd = cwdWithDefaultFile({ source: { host: 'h', database: 'db', user: 'u', password: '' } });
    expect(resolve({ cwd, needSource: true }).source.password).toBe('');
  });

  it('requires PG_URL when the target is needed, and says how to set it', () => {
    const err = usageErrorOf(() => resolve({ cwd: tempCwd(), needTarget: true }));
    expect(err.message).toContain('PG_URL');
    expect(err.message).toContain('--pg-url');
    expect(err.message).toContain('target.url');
  });

  it('does not require the target when not needed (dry run)', () => {
    expect(resolve({ cwd: tempCwd(), needTarget: false }).target.url).toBe('');
  });

  it.each([
    ['mysql://u:p@h/db', 'postgres://'],
    ['not a url', 'not a valid URL'],
  ])('refuses the target URL %s', (url, expected) => {
    const err = usageErrorOf(() => resolve({ cwd: tempCwd(), needTarget: true, env: { PG_URL: url } }));
    expect(err.message).toContain(expected);
  });

  it('accepts postgres:// and postgresql://', () => {
    for (const url of ['postgres://u@h/db', 'postgresql://u@h/db']) {
      expect(resolve({ cwd: tempCwd(), needTarget: true, env: { PG_URL: url } }).target.url).toBe(url);
    }
  });

  it.each([
    ['http://u:p@h/db', 'mssql://'],
    ['mssql://u:p@h/db?colour=blue', 'Unknown MSSQL URL parameter "colour"'],
    ['mssql://u:p@h/db?encrypt=maybe', 'encrypt must be true or false'],
  ])('refuses the source URL %s', (url, expected) => {
    const err = usageErrorOf(() => resolve({ cwd: tempCwd(), env: { MSSQL_URL: url } }));
    expect(err.message).toContain(expected);
  });

  it('refuses a non-numeric MSSQL_PORT and a non-boolean MSSQL_ENCRYPT', () => {
    expect(usageErrorOf(() => resolve({ cwd: tempCwd(), env: { MSSQL_PORT: '14x' } })).message).toContain('MSSQL_PORT');
    expect(usageErrorOf(() => resolve({ cwd: tempCwd(), env: { MSSQL_ENCRYPT: 'perhaps' } })).message).toContain('MSSQL_ENCRYPT');
  });
});
