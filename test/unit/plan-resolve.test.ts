import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { closestNames, levenshtein, resolveTableName } from '../../src/plan/resolve-table-name.js';

const TABLES = ['dbo.Orders', 'dbo.OrderLines', 'sales.Customers', 'dbo.Customers', 'dbo.Products', 'hr.Employees'];

describe('resolveTableName', () => {
  it.each([
    ['dbo.Orders', 'dbo.Orders'],
    ['Orders', 'dbo.Orders'],
    ['orders', 'dbo.Orders'],
    ['DBO.ORDERLINES', 'dbo.OrderLines'],
    ['sales.customers', 'sales.Customers'],
    ['  Employees ', 'hr.Employees'],
  ])('%s → %s', (input, expected) => {
    expect(resolveTableName(input, TABLES, '--start-from-table')).toBe(expected);
  });

  it('prefers the exact spelling when a case-sensitive database has dbo.a and dbo.A', () => {
    expect(resolveTableName('dbo.A', ['dbo.a', 'dbo.A'])).toBe('dbo.A');
    expect(() => resolveTableName('DBO.A', ['dbo.a', 'dbo.A'])).toThrow(/ambiguous: dbo\.a, dbo\.A/);
  });

  it('names the closest tables for an unknown name', () => {
    expect(() => resolveTableName('Ordres', TABLES, '--start-from-table')).toThrow(
      new UsageError('Unknown table "Ordres" for --start-from-table. Closest: dbo.Orders, dbo.OrderLines, dbo.Products, dbo.Customers, hr.Employees'),
    );
  });

  it('asks for the schema when a bare name is in several schemas', () => {
    const error = (() => {
      try {
        resolveTableName('Customers', TABLES, '--until-table');
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'Table name "Customers" for --until-table is ambiguous: sales.Customers, dbo.Customers. Give the schema-qualified name.',
    );
  });

  it('says so when there are no tables at all', () => {
    expect(() => resolveTableName('x', [])).toThrow('Unknown table "x". The catalog has no tables.');
  });
});

describe('closestNames', () => {
  it('returns at most five, nearest first, comparing bare and qualified names', () => {
    const many = Array.from({ length: 9 }, (_, index) => `dbo.Table${index}`);
    expect(closestNames('Table3', many)).toHaveLength(5);
    expect(closestNames('Table3', many)[0]).toBe('dbo.Table3');
    expect(closestNames('sales.Custmers', TABLES)[0]).toBe('sales.Customers');
  });
});

describe('levenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['ordres', 'orders', 2],
    ['flaw', 'lawn', 2],
  ])('%s → %s = %i', (a, b, distance) => {
    expect(levenshtein(a, b)).toBe(distance);
  });
});
