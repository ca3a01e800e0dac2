import { describe, expect, it } from 'vitest';
import type { SequenceModel } from '../../src/catalog/objects.js';
import { buildCreateTable } from '../../src/ddl/create-table.js';
import { planSequence, planSequenceValue, sequenceMismatches } from '../../src/ddl/create-sequence.js';
import { parseDefault } from '../../src/ddl/parse-default.js';
import { translateDefault } from '../../src/ddl/translate-default.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { column, table } from '../helpers/catalog-builder.js';

function sequence(o: Partial<SequenceModel> = {}): SequenceModel {
  return {
    schema: 'dbo', name: 'OrderNumbers', objectId: 1, type: 'bigint', precision: 19, start: '1000', increment: '1',
    minimum: '-9223372036854775808', maximum: '9223372036854775807', cycle: false, cache: { kind: 'none' },
    state: { known: true, current: '1041', used: true, exhausted: false },
    ...o,
  };
}

const TARGET = { schema: 'public', name: 'order_numbers' };

describe('planSequence', () => {
  it('creates the sequence with the same type, start, increment, bounds, cycle and cache', () => {
    const p = planSequence(sequence({ cache: { kind: 'size', size: 1 } }), TARGET);
    expect(p).toMatchObject({
      ok: true,
      createSql: 'CREATE SEQUENCE IF NOT EXISTS "public"."order_numbers" AS bigint START WITH 1000 INCREMENT BY 1 MINVALUE -9223372036854775808 MAXVALUE 9223372036854775807 NO CYCLE CACHE 1',
      differences: [],
    });
    const cycling = planSequence(sequence({ type: 'smallint', start: '100', increment: '-5', minimum: '0', maximum: '100', cycle: true }), TARGET);
    expect(cycling.ok && cycling.createSql).toBe('CREATE SEQUENCE IF NOT EXISTS "public"."order_numbers" AS smallint START WITH 100 INCREMENT BY -5 MINVALUE 0 MAXVALUE 100 CYCLE CACHE 1');
  });

  it('maps int to integer and tinyint to smallint with its bounds kept (listed)', () => {
    expect(planSequence(sequence({ type: 'int', minimum: '1', maximum: '2147483647' }), TARGET)).toMatchObject({ ok: true, definition: { dataType: 'integer' } });
    const tiny = planSequence(sequence({ type: 'tinyint', start: '0', minimum: '0', maximum: '255' }), TARGET);
    expect(tiny).toMatchObject({ ok: true, definition: { dataType: 'smallint', min: '0', max: '255' }, differences: ['tinyint sequence created AS smallint, with its bounds 0 … 255 kept'] });
  });

  it('keeps CACHE n and lists that PostgreSQL caches per session; CACHE without a size becomes CACHE 1 (listed)', () => {
    const sized = planSequence(sequence({ cache: { kind: 'size', size: 50 } }), TARGET);
    expect(sized).toMatchObject({ ok: true, definition: { cache: '50' }, differences: [expect.stringMatching(/CACHE 50 is per session/)] });
    const dflt = planSequence(sequence({ cache: { kind: 'default' } }), TARGET);
    expect(dflt).toMatchObject({ ok: true, definition: { cache: '1' }, differences: [expect.stringMatching(/CACHE without a size/)] });
  });

  it('cuts a decimal(38,0) range to bigint (listed), and refuses a start beyond it', () => {
    const huge = sequence({ type: 'decimal', precision: 38, start: '1', minimum: `-${'9'.repeat(38)}`, maximum: '9'.repeat(38), state: { known: true, current: '1', used: false, exhausted: false } });
    expect(planSequence(huge, TARGET)).toMatchObject({ ok: true, definition: { dataType: 'bigint', min: '-9223372036854775808', max: '9223372036854775807' }, differences: [expect.stringMatching(/cut to bigint/)] });
    expect(planSequence({ ...huge, start: '1' + '0'.repeat(20) }, TARGET)).toEqual({ ok: false, reason: `its start value 1${'0'.repeat(20)} is beyond bigint, PostgreSQL's widest sequence type` });
  });

  it('compares a target sequence with the plan, naming each mismatch', () => {
    const p = planSequence(sequence(), TARGET);
    if (!p.ok) throw new Error(p.reason);
    expect(sequenceMismatches(p.definition, p.definition)).toEqual([]);
    expect(sequenceMismatches({ ...p.definition, increment: '2', cycle: true }, p.definition)).toEqual(['increment 2 (wanted 1)', 'cycle true (wanted false)']);
  });
});

describe('planSequenceValue: the next nextval() returns what NEXT VALUE FOR would', () => {
  it('a used sequence continues after its current value', () => {
    expect(planSequenceValue(sequence(), TARGET)).toEqual({ ok: true, sql: `SELECT setval('"public"."order_numbers"', 1041, true)`, differences: [] });
  });

  it('a never-used sequence (last_used_value NULL) starts at its start value', () => {
    const fresh = sequence({ state: { known: true, current: '1000', used: false, exhausted: false } });
    expect(planSequenceValue(fresh, TARGET)).toEqual({ ok: true, sql: `SELECT setval('"public"."order_numbers"', 1000, false)`, differences: [] });
  });

  it('on SQL Server 2016 a current value equal to the start is ambiguous: the start is skipped (a gap, never a duplicate), listed', () => {
    const ambiguous = sequence({ state: { known: true, current: '1000', used: null, exhausted: false } });
    expect(planSequenceValue(ambiguous, TARGET)).toEqual({
      ok: true,
      sql: `SELECT setval('"public"."order_numbers"', 1000, true)`,
      differences: [expect.stringMatching(/SQL Server 2016 does not say whether the sequence was ever used/)],
    });
    const moved = sequence({ state: { known: true, current: '1005', used: null, exhausted: false } });
    expect(planSequenceValue(moved, TARGET)).toMatchObject({ ok: true, sql: `SELECT setval('"public"."order_numbers"', 1005, true)`, differences: [] });
  });

  it('refuses when the engine does not show the current value', () => {
    expect(planSequenceValue(sequence({ state: { known: false, reason: 'no sys.sequences' } }), TARGET)).toEqual({ ok: false, reason: 'no sys.sequences' });
  });
});

describe('NEXT VALUE FOR defaults', () => {
  it('parses the sequence name in every spelling', () => {
    expect(parseDefault('(NEXT VALUE FOR [dbo].[OrderNumbers])')).toEqual({ kind: 'next-value', schema: 'dbo', name: 'OrderNumbers' });
    expect(parseDefault('(next value for OrderNumbers)')).toEqual({ kind: 'next-value', schema: null, name: 'OrderNumbers' });
    expect(parseDefault('(NEXT VALUE FOR [s]]x].[a b])')).toEqual({ kind: 'next-value', schema: 's]x', name: 'a b' });
    expect(parseDefault('(NEXT VALUE FOR [db].[dbo].[s])')).toEqual({ kind: 'unknown' });
  });

  it('becomes nextval() of the sequence\'s target, or is left out naming why', () => {
    const found = () => ({ qualifiedTarget: '"public"."order_numbers"' });
    expect(translateDefault('(NEXT VALUE FOR [dbo].[OrderNumbers])', 'bigint', { sequence: found })).toEqual({ sql: `nextval('"public"."order_numbers"'::regclass)` });
    expect(translateDefault('(NEXT VALUE FOR [dbo].[X])', 'bigint', { sequence: () => ({ missing: 'the sequence dbo.X is not among the selected objects' }) })).toEqual({
      warning: 'default (NEXT VALUE FOR [dbo].[X]) was left out (the sequence dbo.X is not among the selected objects); add it by hand if needed',
    });
    expect(translateDefault('(NEXT VALUE FOR [dbo].[OrderNumbers])', 'text', { sequence: found })).toMatchObject({ warning: expect.stringMatching(/no certain PostgreSQL equivalent for a text column/) });
  });

  it('the table creates the sequence first when it does not exist yet (it may belong to a later batch window)', () => {
    const t = table('dbo', 'Orders', [column('No', 'bigint', { nullable: false, defaultDefinition: '(NEXT VALUE FOR [dbo].[OrderNumbers])' })]);
    const names = planTargetNames([t], { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' }).get('dbo.Orders')!;
    const ddl = buildCreateTable(t, names, { overrides: { byType: {}, byColumn: {} }, postgis: false }, {
      primaryKey: false,
      sequences: (schema, name) => (schema === 'dbo' && name === 'OrderNumbers' ? { qualifiedTarget: '"public"."ordernumbers"', createSql: 'CREATE SEQUENCE IF NOT EXISTS "public"."ordernumbers"' } : { missing: 'no' }),
    });
    expect(ddl.statements).toEqual([
      'CREATE SEQUENCE IF NOT EXISTS "public"."ordernumbers"',
      `CREATE TABLE "public"."orders" (\n  "no" bigint NOT NULL DEFAULT nextval('"public"."ordernumbers"'::regclass)\n)`,
    ]);
  });
});
