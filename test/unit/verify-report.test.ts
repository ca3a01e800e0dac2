import { describe, expect, it } from 'vitest';
import { pairDifferences, type DiffRow } from '../../src/verify/differences.js';
import { buildReport, formatReport, verdictLine } from '../../src/verify/report.js';

const shape = { columns: ['Id', 'Name', 'Amount'], keyColumns: ['Id'] };
const row = (side: DiffRow['side'], ...values: (string | null)[]): DiffRow => ({ side, values });

describe('pairDifferences', () => {
  it('pairs a missing and an extra row with the same key into one changed row naming the columns', () => {
    expect(pairDifferences(shape, [row('missing', '5', 'a', '1.00'), row('extra', '5', 'a', '2.00')])).toEqual([
      { kind: 'changed', key: 'Id=5', columns: [{ column: 'Amount', source: '1.00', target: '2.00' }] },
    ]);
  });

  it('keeps NULL and the empty string apart', () => {
    expect(pairDifferences(shape, [row('missing', '7', '', '1'), row('extra', '7', null, '1')])).toEqual([
      { kind: 'changed', key: 'Id=7', columns: [{ column: 'Name', source: '', target: null }] },
    ]);
  });

  it('lists unpaired rows as missing or extra, text keys quoted', () => {
    const s = { columns: ['Code', 'N'], keyColumns: ['Code'] };
    expect(pairDifferences(s, [row('missing', 'A 1', '1'), row('extra', 'B', '2')])).toEqual([
      { kind: 'missing', key: 'Code="A 1"', values: { Code: 'A 1', N: '1' } },
      { kind: 'extra', key: 'Code="B"', values: { Code: 'B', N: '2' } },
    ]);
  });

  it('never pairs rows of a key-less table', () => {
    const s = { columns: ['Msg'], keyColumns: [] };
    expect(pairDifferences(s, [row('missing', 'x'), row('extra', 'y')]).map((d) => `${d.kind} ${d.key}`)).toEqual(['missing row', 'extra row']);
  });
});

describe('verify report', () => {
  const differs = {
    table: 'dbo.Orders', status: 'differs' as const, sourceRows: 3, targetRows: 3, moreDifferences: false,
    differences: [{ kind: 'changed' as const, key: 'Id=5', columns: [{ column: 'Amount', source: '1.00', target: null }] }],
  };

  it('says exact, count differs or differs in one line', () => {
    expect(verdictLine({ table: 't', status: 'exact', sourceRows: 12, targetRows: 12 })).toBe('exact (12 rows)');
    expect(verdictLine({ table: 't', status: 'count-differs', sourceRows: 10, targetRows: 9, differences: [], moreDifferences: false })).toBe(
      'count differs (source 10, target 9)',
    );
    expect(verdictLine(differs)).toBe('differs (3 rows each side); 1 differing row');
    expect(verdictLine({ ...differs, moreDifferences: true })).toBe('differs (3 rows each side); 1+ differing rows');
  });

  it('prints each differing row by key, column, source and target value', () => {
    const report = buildReport([differs, { table: 'dbo.A', status: 'exact', sourceRows: 1, targetRows: 1 }], false, new Date(0));
    expect(report.ok).toBe(false);
    expect(report.tables.map((t) => t.table)).toEqual(['dbo.A', 'dbo.Orders']);
    expect(formatReport(report)).toEqual([
      '',
      'Verify: differences found',
      '  dbo.A: exact (1 row)',
      '  dbo.Orders: differs (3 rows each side); 1 differing row',
      '    Id=5: Amount source "1.00", target NULL',
    ]);
  });
});
