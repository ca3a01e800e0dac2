// The parts of verify that read: Postgres's COPY text output parsed back into texts, verify's
// own SELECT (and sql_variant's three items folded into one value), the batched row stream, and
// the exact multiset difference that spills to disk past its budget.
import { EventEmitter } from 'node:events';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRowBatches, type RowSourceRequest } from '../../src/sqlserver/row-stream.js';
import { buildVerifySelect } from '../../src/sqlserver/verify-select.js';
import { CopyTextParser, parseRows, unescapeField } from '../../src/verify/copy-text-parse.js';
import { NetMultiset } from '../../src/verify/net-multiset.js';
import { column, table } from '../helpers/catalog-builder.js';

describe('COPY text output', () => {
  it('splits rows and fields, reads \\N as NULL and undoes every escape', () => {
    expect(parseRows('1\ta\\tb\\nc\\\\d\t\\N\n2\t\\\\x00ff\t', 3)).toEqual([
      ['1', 'a\tb\nc\\d', null],
      ['2', '\\x00ff', ''],
    ]);
    expect(unescapeField('\\b\\f\\r\\v\\101\\x41\\q')).toBe('\b\f\r\vAAq');
    expect(unescapeField('\\N')).toBeNull();
    expect(unescapeField('x\\N')).toBe('xN');
  });

  it('refuses a row with too few or too many fields', () => {
    expect(() => parseRows('1\t2', 3)).toThrow(/has 2 fields, expected 3/);
    expect(() => parseRows('1\t2\t3', 2)).toThrow(/more than 2 fields/);
  });

  it('decodes a row only once its newline arrived, also when a chunk ends inside a UTF-8 character', () => {
    const bytes = Buffer.from('1\tGrüße 😀\n2\tzwei\n', 'utf8');
    const parser = new CopyTextParser(2);
    const rows = [];
    for (let i = 0; i < bytes.length; i += 3) rows.push(...parser.push(bytes.subarray(i, i + 3)));
    parser.end();
    expect(rows).toEqual([['1', 'Grüße 😀'], ['2', 'zwei']]);
    const cut = new CopyTextParser(2);
    cut.push(Buffer.from('1\tno newline'));
    expect(() => cut.end()).toThrow(/middle of a row/);
  });
});

describe("verify's own SELECT", () => {
  const t = table('dbo', 'T', [column('Id', 'bigint', { nullable: false }), column('M', 'money'), column('V', 'sql_variant'), column('D', 'decimal', { precision: 9, scale: 2 })], { pk: ['Id'] });

  it('reads each column by its own expression, in a range, ordered by the key', () => {
    const s = buildVerifySelect(t, { nolock: true, range: { key: { column: 'Id', sqlType: 'bigint', nullable: false }, range: { lo: '10', hi: '20' } }, orderBy: ['Id'] });
    expect(s.sql).toContain('SELECT [Id],\n       CAST(CAST([M] AS decimal(19,4)) AS varchar(50)),\n       [V],\n       CAST(SQL_VARIANT_PROPERTY([V], \'BaseType\') AS varchar(32)),');
    expect(s.sql).toMatch(/\nFROM \[dbo\]\.\[T\] WITH \(NOLOCK\)\nWHERE \[Id\] >= CAST\(@lo AS bigint\) AND \[Id\] < CAST\(@hi AS bigint\)\nORDER BY \[Id\]$/);
    expect(s.params).toEqual([{ name: 'lo', value: '10' }, { name: 'hi', value: '20' }]);
    expect(s.columns.map((c) => c.shape)).toEqual(['bigint', 'decimal-text', 'variant', 'decimal-number:2']);
    // The variant's base type reads money, the integers, the decimals and every date/time type as text.
    expect(s.sql).toContain(" WHEN 'datetime' THEN CAST(CAST(CAST([V] AS datetime) AS datetime2(3)) AS varchar(40))");
    expect(s.sql).not.toMatch(/CONVERT\(/);
  });

  it('folds a variant\'s three items into one value, NULL staying NULL', () => {
    const s = buildVerifySelect(t, { nolock: false, range: null, orderBy: [] });
    expect(s.fold!(['1', '2.0000', 0.5, 'float', null, 3.5])).toEqual(['1', '2.0000', { baseType: 'float', native: 0.5, text: null }, 3.5]);
    expect(s.fold!(['1', null, null, null, null, null])).toEqual(['1', null, null, null]);
    expect(() => s.fold!(['1', null, 'x', null, null, null])).toThrow(/no base type/);
  });
});

/** mssql's Request in stream mode, pushing rows while not paused. */
class FakeRequest extends EventEmitter implements RowSourceRequest {
  stream = false;
  arrayRowMode = false;
  pauses = 0;
  cancels = 0;
  private paused = false;
  private sent = 0;
  constructor(private readonly total: number) {
    super();
  }
  query(): void {
    setImmediate(() => this.pump());
  }
  pause(): void {
    this.pauses++;
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
    setImmediate(() => this.pump());
  }
  cancel(): void {
    this.cancels++;
    this.sent = this.total;
    setImmediate(() => this.emit('done'));
  }
  private pump(): void {
    while (!this.paused && this.sent < this.total) this.emit('row', [this.sent++]);
    if (this.sent >= this.total && !this.paused) this.emit('done');
  }
}

describe('readRowBatches', () => {
  it('hands over what arrived in batches, pausing the request at the high-water mark', async () => {
    const request = new FakeRequest(1_000);
    const seen: number[] = [];
    let batches = 0;
    for await (const batch of readRowBatches(request, 'SELECT', undefined, { highWaterMark: 100, lowWaterMark: 10 })) {
      batches++;
      expect(batch.length).toBeLessThanOrEqual(100);
      for (const row of batch) seen.push(row[0] as number);
    }
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(batches).toBeLessThan(100);
    expect(request.pauses).toBeGreaterThan(0);
    expect(request.cancels).toBe(0);
  });

  it('cancels the request when the consumer stops early', async () => {
    const request = new FakeRequest(1_000);
    for await (const _ of readRowBatches(request, 'SELECT', undefined, { highWaterMark: 50, lowWaterMark: 10 })) break;
    expect(request.cancels).toBe(1);
  });
});

describe('NetMultiset', () => {
  const dir = (): string => path.join(mkdtempSync(path.join(tmpdir(), 'mssql2pg-ms-')), 'set');

  it('cancels matching texts, and counts duplicates', async () => {
    const set = new NetMultiset(1_000_000, dir());
    for (const k of ['a', 'b', 'b', 'c']) set.add(k, 1, () => [k]);
    for (const k of ['c', 'b', 'a', 'a']) set.add(k, -1, () => [k]);
    const left = [];
    for await (const e of set.leftovers()) left.push(e);
    expect(left.sort((x, y) => x.n - y.n)).toEqual([{ n: -1, display: ['a'] }, { n: 1, display: ['b'] }]);
    expect(set.hasSpilled).toBe(false);
  });

  it('spills past its budget, splits partitions again while too large, and still finds exactly what differs', async () => {
    const d = dir();
    const set = new NetMultiset(20_000, d);
    // 5,000 texts from the source, then the target in another order with 3 changes.
    for (let i = 0; i < 5_000; i++) {
      set.add(`row ${i}`, 1, () => [`row ${i}`]);
      if (set.overBudget) await set.spill();
    }
    for (let i = 4_999; i >= 0; i--) {
      if (i === 7) continue; // missing in the target
      set.add(`row ${i}`, -1, () => [`row ${i}`]);
      if (i === 500) set.add('row 500', -1, () => ['row 500']); // twice in the target
      if (set.overBudget) await set.spill();
    }
    set.add('extra', -1, () => ['extra']);
    expect(set.hasSpilled).toBe(true);
    const left = [];
    for await (const e of set.leftovers()) left.push([e.display[0], e.n]);
    expect(left.sort()).toEqual([['extra', -1], ['row 500', -1], ['row 7', 1]]);
    await set.dispose();
    expect(readdirSync(path.dirname(d))).toEqual([]);
  }, 30_000);
});
