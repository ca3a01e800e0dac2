import { describe, expect, it } from 'vitest';
import { layerFromEnv } from '../../src/config/env.js';
import { mergeLayers } from '../../src/config/layer.js';
import { parseMssqlUrl } from '../../src/config/mssql-url.js';
import { redactSecrets, redactUrl } from '../../src/config/redact.js';
import { UsageError } from '../../src/errors.js';

describe('parseMssqlUrl', () => {
  it('reads every part and decodes percent-encoded user and password', () => {
    expect(parseMssqlUrl('mssql://dom%5Cuser:p%40ss%3Aw%2Frd@sql01:1533/Sales%20DB?encrypt=false&trustServerCertificate=true&connectTimeoutMs=5000&requestTimeout=60000')).toEqual({
      host: 'sql01',
      port: 1533,
      database: 'Sales DB',
      user: 'dom\\user',
      password: 'p@ss:w/rd',
      encrypt: false,
      trustServerCertificate: true,
      connectTimeoutMs: 5000,
      requestTimeoutMs: 60000,
    });
  });

  it('accepts sqlserver:// and instance names, leaving unset parts out', () => {
    expect(parseMssqlUrl('sqlserver://h/db?instanceName=SQLEXPRESS')).toEqual({ host: 'h', database: 'db', instanceName: 'SQLEXPRESS' });
    expect(parseMssqlUrl('mssql://h?Instance=X')).toEqual({ host: 'h', instanceName: 'X' });
  });

  it.each([
    ['postgres://u:p@h/db', 'must start with mssql://'],
    ['::nonsense', 'not a valid URL'],
    ['mssql://h/db?timeout=5', 'Unknown MSSQL URL parameter "timeout"'],
    ['mssql://h/db?connectTimeoutMs=-1', 'non-negative integer'],
  ])('refuses %s', (url, expected) => {
    expect(() => parseMssqlUrl(url)).toThrow(UsageError);
    expect(() => parseMssqlUrl(url)).toThrow(expected);
  });

  it('never echoes the password of a URL it refuses', () => {
    for (const url of ['http://u:hunter2@h/db', 'mssql://u:hunter2@h/db?bogus=1', 'mssql://u:hunter2@h:99999/db']) {
      let message = '';
      try {
        parseMssqlUrl(url);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, url).not.toBe('');
      expect(message).not.toContain('hunter2');
    }
  });
});

describe('layerFromEnv and mergeLayers', () => {
  it('reads each variable; empty strings are unset', () => {
    const layer = layerFromEnv({ MSSQL_HOST: 'h', MSSQL_PORT: '1500', MSSQL_ENCRYPT: 'no', MSSQL_USER: '', PG_URL: 'postgres://x/y' });
    expect(layer.source).toMatchObject({ host: 'h', port: 1500, encrypt: false, user: undefined });
    expect(layer.targetUrl).toBe('postgres://x/y');
  });

  it('merges source fields and maps per key, later arguments losing', () => {
    const merged = mergeLayers(
      { source: { host: 'high' }, schemaMap: { dbo: 'high' } },
      { source: { host: 'low', user: 'low-user' }, schemaMap: { dbo: 'low', s: 'low-s' }, include: ['low'] },
    );
    expect(merged).toEqual({ source: { host: 'high', user: 'low-user' }, schemaMap: { dbo: 'high', s: 'low-s' }, include: ['low'] });
  });

  it('does not let an undefined field of a higher layer erase a lower one', () => {
    expect(mergeLayers({ source: { host: undefined }, progressDir: undefined }, { source: { host: 'low' }, progressDir: 'p' })).toEqual({
      source: { host: 'low' },
      progressDir: 'p',
    });
  });
});

describe('redactUrl', () => {
  it('masks the password and keeps everything else', () => {
    expect(redactUrl('postgres://app:s3cret@db.example:5432/sales?sslmode=require')).toBe('postgres://app:***@db.example:5432/sales?sslmode=require');
  });

  it('masks a percent-encoded password', () => {
    const out = redactUrl('postgres://app:p%40ss%2Fw@h/db');
    expect(out).not.toContain('p%40ss');
    expect(out).not.toContain('p@ss');
    expect(out).toContain(':***@');
  });

  it('masks password-like query parameters', () => {
    const out = redactUrl('mssql://h/db?password=topsecret&pwd=alsosecret&encrypt=true');
    expect(out).not.toContain('topsecret');
    expect(out).not.toContain('alsosecret');
    expect(out).toContain('encrypt=true');
  });

  it('leaves a URL without a password alone, and masks unparseable text whole', () => {
    expect(redactUrl('postgres://app@h/db')).toBe('postgres://app@h/db');
    expect(redactUrl('app:secret@h/db')).toBe('***');
  });
});

describe('redactSecrets', () => {
  it('masks every occurrence of each secret', () => {
    expect(redactSecrets('login failed for pw1 (pw1) and pw2', ['pw1', 'pw2'])).toBe('login failed for *** (***) and ***');
  });

  it('masks the percent-encoded form too', () => {
    const out = redactSecrets('could not connect to mssql://sa:p%40ss%20w0rd@h/db', ['p@ss w0rd']);
    expect(out).toBe('could not connect to mssql://sa:***@h/db');
  });

  it('ignores empty secrets (which would otherwise mask between every character)', () => {
    expect(redactSecrets('nothing secret', ['', 'absent'])).toBe('nothing secret');
  });
});
