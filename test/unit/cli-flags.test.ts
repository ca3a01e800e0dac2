import { describe, expect, it } from 'vitest';
import { layerFromFlags, optionalPositiveInt, parseTypeOverrides, type CommonFlags } from '../../src/cli/flags.js';
import { UsageError } from '../../src/errors.js';

const BASE: CommonFlags = { resume: false, reset: false, 'fail-fast': false, verbose: false, json: false };

describe('parseTypeOverrides', () => {
  it('returns nothing for no items', () => {
    expect(parseTypeOverrides([])).toEqual({});
  });

  it('tells a type override (no dots, lower-cased) from a column override (schema.table.column, case kept)', () => {
    expect(parseTypeOverrides(['MONEY=numeric(19,2)', 'dbo.Orders.Total=numeric(20,2)', 'datetime2 = timestamp(6)'])).toEqual({
      byType: { money: 'numeric(19,2)', datetime2: 'timestamp(6)' },
      byColumn: { 'dbo.Orders.Total': 'numeric(20,2)' },
    });
  });

  it('splits at the first = only, so the type may contain one', () => {
    expect(parseTypeOverrides(['money=numeric(19,2)=x']).byType).toEqual({ money: 'numeric(19,2)=x' });
  });

  it.each([
    ['dbo.Orders=numeric', 'schema.table.column'],
    ['a.b.c.d=text', 'schema.table.column'],
    ['money', 'key=value'],
    ['=numeric', 'key=value'],
    ['money=', 'key=value'],
  ])('refuses %s', (item, expected) => {
    expect(() => parseTypeOverrides([item])).toThrow(UsageError);
    expect(() => parseTypeOverrides([item])).toThrow(expected);
  });

  it('names the offending item in the error', () => {
    expect(() => parseTypeOverrides(['money=numeric', 'oops'])).toThrow('(got "oops")');
  });
});

describe('layerFromFlags', () => {
  it('leaves every field undefined when no flag is given (so lower layers show through)', () => {
    const layer = layerFromFlags(BASE);
    const defined = Object.entries(layer).filter(([, v]) => v !== undefined).map(([k]) => k);
    expect(defined).toEqual(['source']);
    expect(Object.values(layer.source!).every((v) => v === undefined)).toBe(true);
  });

  it('maps every connection, selection, naming and progress flag', () => {
    const layer = layerFromFlags({
      ...BASE,
      'mssql-url': 'mssql://u:p@h/db',
      'mssql-host': 'h',
      'mssql-port': 1444,
      'mssql-instance': 'I',
      'mssql-database': 'd',
      'mssql-user': 'u',
      'mssql-encrypt': false,
      'trust-server-certificate': true,
      'pg-url': 'postgres://x/y',
      include: ['dbo.*'],
      exclude: ['dbo.Log'],
      'target-schema': 'app',
      'schema-map': ['dbo=public', ' sales = crm '],
      'identifier-style': 'snake',
      'type-override': ['money=numeric(19,2)', 'dbo.Orders.Total=numeric(20,2)'],
      'progress-dir': 'pd',
    });
    expect(layer).toEqual({
      sourceUrl: 'mssql://u:p@h/db',
      source: { host: 'h', port: 1444, instanceName: 'I', database: 'd', user: 'u', encrypt: false, trustServerCertificate: true },
      targetUrl: 'postgres://x/y',
      include: ['dbo.*'],
      exclude: ['dbo.Log'],
      targetSchema: 'app',
      schemaMap: { dbo: 'public', sales: 'crm' },
      identifierStyle: 'snake',
      typeOverridesByType: { money: 'numeric(19,2)' },
      typeOverridesByColumn: { 'dbo.Orders.Total': 'numeric(20,2)' },
      progressDir: 'pd',
    });
  });

  it('has no password flag: a password on the command line would show in ps and shell history', () => {
    expect(layerFromFlags({ ...BASE, 'mssql-user': 'u' }).source).not.toHaveProperty('password');
  });

  it.each([['dbo'], ['dbo='], ['=public']])('refuses --schema-map %s with an example', (item) => {
    expect(() => layerFromFlags({ ...BASE, 'schema-map': [item] })).toThrow(/--schema-map expects key=value, e\.g\. dbo=public/);
  });

  it.each([[0], [-1], [1.5], [Number.NaN]])('refuses --mssql-port %s', (port) => {
    expect(() => layerFromFlags({ ...BASE, 'mssql-port': port })).toThrow('--mssql-port must be a positive integer');
  });
});

describe('optionalPositiveInt', () => {
  it('passes undefined through as null and keeps positive integers', () => {
    expect(optionalPositiveInt(undefined, '--max-tables')).toBeNull();
    expect(optionalPositiveInt(50, '--max-tables')).toBe(50);
  });

  it.each([[0], [-3], [2.5], [Number.NaN]])('refuses %s naming the flag', (n) => {
    expect(() => optionalPositiveInt(n, '--max-tables')).toThrow(UsageError);
    expect(() => optionalPositiveInt(n, '--max-tables')).toThrow('--max-tables must be a positive integer');
  });
});
