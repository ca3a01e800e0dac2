import { describe, expect, it } from 'vitest';
import { NameCollisionError } from '../../src/errors.js';
import { planObjectNames } from '../../src/naming/plan-object-names.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { planObjectWindow } from '../../src/plan/object-window.js';
import { planTables } from '../../src/plan/plan-tables.js';
import { settleBarrier, viewOrder } from '../../src/stages/stage-views.js';
import { simpleTable } from '../helpers/catalog-builder.js';

const TABLES = ['dbo.A', 'dbo.D', 'dbo.G', 'dbo.K', 'sales.B'];
const OBJECTS = ['dbo.Aa', 'dbo.C', 'dbo.E', 'dbo.H', 'dbo.Z', 'sales.View', 'dbo.0first'];

function windows(startFrom: string | null, until: string | null, maxTables: number | null, statusOf: (n: string) => 'completed' | undefined = () => undefined) {
  const plan = planTables({ tables: TABLES, include: [], exclude: [], startFrom, until, maxTables, resume: true, statusOf: () => undefined });
  return planObjectWindow({ plan, objects: OBJECTS, include: [], exclude: [], windowed: startFrom !== null || until !== null || maxTables !== null, resume: true, statusOf });
}

describe('planObjectWindow', () => {
  it('without a window takes every selected object, sorted like tables', () => {
    expect(windows(null, null, null).toRun).toEqual(['dbo.0first', 'dbo.Aa', 'dbo.C', 'dbo.E', 'dbo.H', 'dbo.Z', 'sales.View']);
  });

  it('consecutive windows take every object exactly once, by the table names around it', () => {
    const w1 = windows(null, null, 2); // dbo.A, dbo.D
    const w2 = windows('dbo.G', 'dbo.K', null);
    const w3 = windows('sales.B', null, null);
    expect(w1.toRun).toEqual(['dbo.0first', 'dbo.Aa', 'dbo.C']);
    expect(w2.toRun).toEqual(['dbo.E', 'dbo.H']);
    expect(w3.toRun).toEqual(['dbo.Z', 'sales.View']);
    expect([...w1.toRun, ...w2.toRun, ...w3.toRun].sort()).toEqual([...OBJECTS].sort());
  });

  it('applies --include/--exclude by schema.name, and --resume skips the completed ones', () => {
    const plan = planTables({ tables: TABLES, include: [], exclude: [], startFrom: null, until: null, maxTables: null, resume: true, statusOf: () => undefined });
    const w = planObjectWindow({ plan, objects: OBJECTS, include: ['dbo.*'], exclude: ['*.Z'], windowed: false, resume: true, statusOf: (n) => (n === 'dbo.C' ? 'completed' : undefined) });
    expect(w.selected).toEqual(['dbo.0first', 'dbo.Aa', 'dbo.C', 'dbo.E', 'dbo.H']);
    expect(w.toRun).toEqual(['dbo.0first', 'dbo.Aa', 'dbo.E', 'dbo.H']);
    expect(w.skippedCompleted).toEqual(['dbo.C']);
  });
});

describe('planObjectNames', () => {
  const naming = { schemaMap: {}, targetSchema: null, identifierStyle: 'snake' as const };
  const tables = planTargetNames([simpleTable('dbo', 'Orders')], naming);

  it('names views and sequences like tables, columns included', () => {
    const names = planObjectNames([{ kind: 'view', schema: 'Sales', name: 'vOpenOrders', columns: ['OrderID', 'Total'] }], tables, naming);
    expect(names.get('Sales.vOpenOrders')).toEqual({ schema: 'sales', name: 'v_open_orders', columns: new Map([['OrderID', 'order_id'], ['Total', 'total']]) });
  });

  it('stops on a view or sequence that lands on a table\'s or each other\'s name (one namespace in PostgreSQL)', () => {
    expect(() => planObjectNames([{ kind: 'view', schema: 'dbo', name: 'orders' }], tables, naming)).toThrow(NameCollisionError);
    expect(() => planObjectNames([{ kind: 'view', schema: 'dbo', name: 'orders' }], tables, naming)).toThrow(/table dbo\.Orders and the view dbo\.orders both become "public"\."orders"/);
    expect(() => planObjectNames([{ kind: 'view', schema: 'dbo', name: 'vX' }, { kind: 'sequence', schema: 'dbo', name: 'v_x' }], tables, naming)).toThrow(/view dbo\.vX and the sequence dbo\.v_x/);
    expect(() => planObjectNames([{ kind: 'view', schema: 'dbo', name: 'v', columns: ['A', 'a'] }], tables, { ...naming, identifierStyle: 'lower' })).toThrow(/both become column "a"/);
  });
});

describe('stage 3 view order and barrier', () => {
  it('puts every view after the views of the run it reads', () => {
    const plans = new Map([
      ['dbo.a', { kind: 'create' as const, view: 'dbo.a', target: { schema: 'public', name: 'a', columns: new Map() }, sql: '', differences: [], dependsOn: ['dbo.c'] }],
      ['dbo.b', { kind: 'export' as const, view: 'dbo.b', reason: 'x', definition: null }],
      ['dbo.c', { kind: 'create' as const, view: 'dbo.c', target: { schema: 'public', name: 'c', columns: new Map() }, sql: '', differences: [], dependsOn: ['dbo.elsewhere'] }],
    ]);
    expect(viewOrder(['dbo.a', 'dbo.b', 'dbo.c'], plans)).toEqual(['dbo.c', 'dbo.a', 'dbo.b']);
  });

  it('releases the views once every table unit arrived, and lets a stopping run end the wait', async () => {
    const barrier = settleBarrier(2);
    const controller = new AbortController();
    let released = false;
    const waiting = barrier.wait(controller.signal).then(() => (released = true));
    barrier.arrive();
    await Promise.resolve();
    expect(released).toBe(false);
    barrier.arrive();
    await waiting;
    expect(released).toBe(true);
    const stuck = settleBarrier(1);
    const aborted = stuck.wait(controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(aborted).rejects.toThrow('interrupted');
  });
});
