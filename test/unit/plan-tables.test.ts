import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { planTables, type PlanInput } from '../../src/plan/plan-tables.js';
import type { TableStatus } from '../../src/progress/types.js';

// Deliberately unsorted, mixed case: the plan must not depend on catalog order.
const TABLES = ['sales.Orders', 'dbo.Orders', 'dbo.customers', 'dbo.Audit', 'hr.Employees', 'dbo.tmp_load', 'dbo.Products'];
const SORTED = ['dbo.Audit', 'dbo.customers', 'dbo.Orders', 'dbo.Products', 'dbo.tmp_load', 'hr.Employees', 'sales.Orders'];

function input(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    tables: TABLES,
    include: [],
    exclude: [],
    startFrom: null,
    until: null,
    maxTables: null,
    resume: false,
    statusOf: () => undefined,
    ...overrides,
  };
}

describe('planTables selection and window', () => {
  it.each<[string, Partial<PlanInput>, string[], string[]]>([
    ['everything, sorted', {}, SORTED, SORTED],
    ['include by schema', { include: ['dbo.*'] }, SORTED.slice(0, 5), SORTED.slice(0, 5)],
    ['include bare name in any schema', { include: ['orders'] }, ['dbo.Orders', 'sales.Orders'], ['dbo.Orders', 'sales.Orders']],
    ['exclude after include', { include: ['dbo.*'], exclude: ['tmp_*', 'dbo.Audit'] }, ['dbo.customers', 'dbo.Orders', 'dbo.Products'], ['dbo.customers', 'dbo.Orders', 'dbo.Products']],
    ['exclude matching nothing is fine', { exclude: ['nothing_*'] }, SORTED, SORTED],
    ['start from (inclusive)', { startFrom: 'Products' }, SORTED, SORTED.slice(3)],
    ['until (inclusive)', { until: 'dbo.Orders' }, SORTED, SORTED.slice(0, 3)],
    ['start and until', { startFrom: 'customers', until: 'tmp_load' }, SORTED, SORTED.slice(1, 5)],
    ['start equals until', { startFrom: 'dbo.Orders', until: 'DBO.ORDERS' }, SORTED, ['dbo.Orders']],
    ['max tables after start', { startFrom: 'dbo.Orders', maxTables: 2 }, SORTED, ['dbo.Orders', 'dbo.Products']],
    ['max tables larger than the window', { until: 'dbo.customers', maxTables: 10 }, SORTED, SORTED.slice(0, 2)],
  ])('%s', (_name, overrides, selected, window) => {
    const plan = planTables(input(overrides));
    expect(plan.selected).toEqual(selected);
    expect(plan.window).toEqual(window);
    expect(plan.toRun).toEqual(window);
    expect(plan.skippedCompleted).toEqual([]);
  });

  it('numbers every selected table 1-based, window or not', () => {
    const plan = planTables(input({ startFrom: 'hr.Employees' }));
    expect(plan.position.get('dbo.Audit')).toBe(1);
    expect(plan.position.get('hr.Employees')).toBe(6);
    expect(plan.position.get('sales.Orders')).toBe(7);
    expect(plan.position.size).toBe(7);
  });

  it('sorts case-insensitively with a case-sensitive tie-break', () => {
    const plan = planTables(input({ tables: ['dbo.b', 'dbo.a', 'dbo.A', 'DBO.B'] }));
    expect(plan.selected).toEqual(['dbo.A', 'dbo.a', 'DBO.B', 'dbo.b']);
  });
});

describe('planTables with --resume', () => {
  const statuses: Record<string, TableStatus> = {
    'dbo.Audit': 'completed',
    'dbo.customers': 'failed',
    'dbo.Orders': 'in_progress',
    'dbo.Products': 'completed',
    'dbo.tmp_load': 'pending',
  };
  const statusOf = (table: string) => statuses[table];

  it('skips completed tables and runs failed, interrupted, pending and unseen ones', () => {
    const plan = planTables(input({ resume: true, statusOf }));
    expect(plan.skippedCompleted).toEqual(['dbo.Audit', 'dbo.Products']);
    expect(plan.toRun).toEqual(['dbo.customers', 'dbo.Orders', 'dbo.tmp_load', 'hr.Employees', 'sales.Orders']);
    expect(plan.window).toEqual(SORTED);
  });

  it('runs every window table when not resuming', () => {
    const plan = planTables(input({ resume: false, statusOf }));
    expect(plan.toRun).toEqual(SORTED);
    expect(plan.skippedCompleted).toEqual([]);
  });

  it('applies maxTables to the window, before skipping completed tables', () => {
    const plan = planTables(input({ resume: true, statusOf, maxTables: 3 }));
    expect(plan.window).toEqual(['dbo.Audit', 'dbo.customers', 'dbo.Orders']);
    expect(plan.toRun).toEqual(['dbo.customers', 'dbo.Orders']);
    expect(plan.skippedCompleted).toEqual(['dbo.Audit']);
  });
});

describe('planTables usage errors', () => {
  it.each<[string, Partial<PlanInput>, string | RegExp]>([
    ['until before start', { startFrom: 'hr.Employees', until: 'dbo.Orders' }, '--until-table dbo.Orders comes before --start-from-table hr.Employees in the table order (position 3 vs 6).'],
    ['start excluded by filters', { exclude: ['dbo.Orders'], startFrom: 'dbo.Orders' }, '--start-from-table dbo.Orders is not selected: --include/--exclude leave it out.'],
    ['until outside include', { include: ['hr.*'], until: 'Products' }, '--until-table dbo.Products is not selected: --include/--exclude leave it out.'],
    ['unknown start', { startFrom: 'Prodcts' }, /^Unknown table "Prodcts" for --start-from-table\. Closest: dbo\.Products/],
    ['ambiguous until', { until: 'Orders' }, 'Table name "Orders" for --until-table is ambiguous: sales.Orders, dbo.Orders. Give the schema-qualified name.'],
    ['max tables zero', { maxTables: 0 }, '--max-tables must be a whole number of at least 1, got 0.'],
    ['max tables fractional', { maxTables: 1.5 }, '--max-tables must be a whole number of at least 1, got 1.5.'],
    ['include typo', { include: ['dbo.*', 'Ordrs', 'hrr.*'] }, /^--include patterns "Ordrs", "hrr\.\*" match no table\./],
    ['one include typo', { include: ['Ordrs'] }, /^--include pattern "Ordrs" matches no table\./],
    ['filters leave nothing', { include: ['dbo.*'], exclude: ['*'] }, '--include/--exclude leave no table selected (out of 7).'],
  ])('%s', (_name, overrides, message) => {
    let caught: unknown;
    try {
      planTables(input(overrides));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UsageError);
    if (typeof message === 'string') expect((caught as Error).message).toBe(message);
    else expect((caught as Error).message).toMatch(message);
  });

  it('an empty catalog gives an empty plan, not an error', () => {
    const plan = planTables(input({ tables: [] }));
    expect(plan).toEqual({ selected: [], window: [], toRun: [], skippedCompleted: [], position: new Map(), windowRecord: null });
  });
});
