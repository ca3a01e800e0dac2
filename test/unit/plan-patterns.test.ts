import { describe, expect, it } from 'vitest';
import { matchesPatterns } from '../../src/plan/match-patterns.js';
import { compareQualifiedNames } from '../../src/plan/table-names.js';
import { orderLargestFirst } from '../../src/plan/order-largest-first.js';

describe('matchesPatterns', () => {
  it.each<[string, string, boolean]>([
    ['dbo.Orders', 'dbo.Orders', true],
    ['dbo.Orders', 'DBO.orders', true],
    ['dbo.Orders', 'Orders', true], // no dot: table name in any schema
    ['sales.Orders', 'orders', true],
    ['dbo.Orders', 'Order', false],
    ['dbo.Orders', 'dbo.*', true],
    ['sales.Orders', 'dbo.*', false],
    ['dbo.Orders', '*', true],
    ['dbo.tmp_load', 'tmp_*', true],
    ['dbo.Orders', 'tmp_*', false],
    ['dbo.Order1', 'dbo.Order?', true],
    ['dbo.Order12', 'dbo.Order?', false],
    ['dbo.Orders', '*.Orders', true],
    ['dbo.Orders', 'd?o.*s', true],
    ['dbox.Orders', 'dbo.*', false], // the dot is literal
    ['dboXOrders', 'dbo.Orders', false],
    ['dbo.Price(USD)', 'dbo.Price(USD)', true], // regexp syntax is literal
    ['dbo.a+b', 'dbo.a+b', true],
    ['dbo.aab', 'dbo.a+b', false],
    ['dbo.my-table', '*-table', true],
    ['dbo.Straße', 'dbo.stra?e', true], // ? is one character, not one code unit
    ['dbo.History', 'Hist', false], // anchored at both ends
  ])('%s vs %s → %s', (qualified, pattern, expected) => {
    expect(matchesPatterns(qualified, [pattern])).toBe(expected);
  });

  it('matches when any pattern matches, and never for an empty list', () => {
    expect(matchesPatterns('dbo.Orders', ['sales.*', 'Orders'])).toBe(true);
    expect(matchesPatterns('dbo.Orders', ['sales.*', 'Customers'])).toBe(false);
    expect(matchesPatterns('dbo.Orders', [])).toBe(false);
  });
});

describe('compareQualifiedNames', () => {
  it('sorts ordinal and case-insensitively, with a case-sensitive tie-break', () => {
    const names = ['sales.Orders', 'dbo.b', 'dbo.A', 'dbo.a', 'dbo.Zeta', 'dbo_x.a', 'DBO.c'];
    expect([...names].sort(compareQualifiedNames)).toEqual([
      'dbo.A', 'dbo.a', 'dbo.b', 'DBO.c', 'dbo.Zeta', 'dbo_x.a', 'sales.Orders',
    ]);
  });
});

describe('orderLargestFirst', () => {
  it('puts the largest tables first, ties by name, without mutating the input', () => {
    const sizes: Record<string, number> = { 'dbo.a': 10, 'dbo.b': 1_000_000, 'dbo.c': 10, 'dbo.d': 0, 'dbo.e': Number.NaN };
    const input = ['dbo.c', 'dbo.e', 'dbo.a', 'dbo.d', 'dbo.b'];
    expect(orderLargestFirst(input, (table) => sizes[table] ?? 0)).toEqual(['dbo.b', 'dbo.a', 'dbo.c', 'dbo.d', 'dbo.e']);
    expect(input).toEqual(['dbo.c', 'dbo.e', 'dbo.a', 'dbo.d', 'dbo.b']);
  });
});
