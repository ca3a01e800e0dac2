// Native values (built as tedious builds them, test/helpers/tedious-values.ts) → COPY text,
// asserted equal to what the text path writes for SQL Server's text of the same value.
import { describe, expect, it } from 'vitest';
import type { ValueShape } from '../../src/catalog/value-shape.js';
import { createRowEncoder, ValueShapeError } from '../../src/copy/index.js';
import {
  tdsDays,
  tediousDate,
  tediousDateTime,
  tediousFromText,
  tediousNumeric,
  tediousSmallDateTime,
  tediousTime,
} from '../helpers/tedious-values.js';

function field(shape: ValueShape, value: unknown): string {
  return createRowEncoder([{ name: 'c', shape }])([value], 0).slice(0, -1);
}

/** Microseconds since 1970 of a written timestamptz, for comparing instants across offsets. */
function instantMicros(text: string): bigint {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([+-])(\d{2}):(\d{2})$/.exec(text)!;
  const [y, mo, d] = m[1]!.split('-').map(Number) as [number, number, number];
  const days = BigInt(tdsDays(y, mo, d) - tdsDays(1970, 1, 1));
  const seconds = days * 86400n + BigInt(Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]));
  const offset = BigInt((m[6] === '-' ? -1 : 1) * (Number(m[7]) * 3600 + Number(m[8]) * 60));
  return (seconds - offset) * 1_000_000n + BigInt((m[5] ?? '').padEnd(6, '0'));
}

describe('date-value', () => {
  it.each(['0001-01-01', '0099-12-31', '0100-03-01', '1900-01-01', '1970-01-01', '2024-02-29', '9999-12-31'])('%s', (text) => {
    const [y, m, d] = text.split('-').map(Number) as [number, number, number];
    expect(field('date-value', tediousDate(tdsDays(y, m, d)))).toBe(field('date-text', text));
  });
});

describe('timestamp-value from datetime2 (Date + nanosecondsDelta)', () => {
  it.each([
    '0001-01-01 00:00:00.0000000',
    '0001-01-01 00:00:00.0000005',
    '0099-12-31 23:59:59.9999999', // carries into year 100: four digits either way
    '1969-12-31 23:59:59.9999999',
    '2020-12-31 23:59:59.9999995', // carries into 2021
    '2020-12-31 23:59:59.9999994',
    '2024-02-28 23:59:59.9999996', // into a leap day
    '2024-03-05 12:34:56.1234567',
    '2024-03-05 12:34:56.1000000',
    '2024-03-05 12:34:56.0000001',
    '2024-03-05 12:34:56.0009999',
    '9999-12-31 23:59:59.9999995', // the end-of-time sentinel: truncated, never year 10000
    '9999-12-31 23:59:59.9999999',
    '9999-12-31 23:59:58.9999999',
  ])('%s', (text) => {
    expect(field('timestamp-value', tediousFromText(text))).toBe(field('timestamp-text', text));
  });

  it('agrees with the text path on 20,000 random values of every scale', () => {
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 20_000; i++) {
      const scale = next(8);
      const fraction = scale === 0 ? '' : `.${String(next(10 ** scale)).padStart(scale, '0')}`;
      const text = `${String(1 + next(9999)).padStart(4, '0')}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')} ` +
        `${String(next(24)).padStart(2, '0')}:${String(next(60)).padStart(2, '0')}:${String(next(60)).padStart(2, '0')}${fraction}`;
      expect(field('timestamp-value', tediousFromText(text)), text).toBe(field('timestamp-text', text));
    }
  });
});

describe('timestamp-value from datetime and smalldatetime (Date, no nanosecondsDelta)', () => {
  it.each([
    // [days since 1900-01-01, 1/300 s ticks, SQL Server's style 126 text]
    [-53690, 0, '1753-01-01T00:00:00'],
    [0, 1, '1900-01-01T00:00:00.003'],
    [0, 2, '1900-01-01T00:00:00.007'],
    [45290, 300 * 43200 + 150, '2024-01-01T12:00:00.500'],
    [2958463, 25919999, '9999-12-31T23:59:59.997'],
  ])('datetime %i days, %i ticks = %s', (days, ticks, text) => {
    expect(field('timestamp-value', tediousDateTime(days, ticks))).toBe(field('timestamp-text', text));
  });

  it.each([
    [0, 0, '1900-01-01T00:00:00'],
    [65535, 1439, '2079-06-06T23:59:00'],
  ])('smalldatetime %i days, %i minutes = %s', (days, minutes, text) => {
    expect(field('timestamp-value', tediousSmallDateTime(days, minutes))).toBe(field('timestamp-text', text));
  });
});

describe('time-value', () => {
  it.each([
    ['00:00:00.0000000', 0],
    ['00:00:00.0000005', 5],
    ['12:34:56.1234567', 452961234567],
    ['23:59:59.9999994', 863999999994],
    ['23:59:59.9999995', 863999999995], // 24:00:00, which PostgreSQL's time accepts
    ['23:59:59.9999999', 863999999999],
    ['23:59:59', 863990000000], // time(0), scaled to 100 ns units by tedious
  ])('%s', (text, units) => {
    expect(field('time-value', tediousTime(units))).toBe(field('time-text', text));
  });
});

describe('timestamptz-value (the UTC instant; the offset is not delivered)', () => {
  it.each([
    '0001-01-01 00:00:00.0000000 +00:00',
    '2024-06-01 12:00:00.1234567 +00:00',
    '9999-12-31 23:59:59.9999999 +00:00',
  ])('%s: the same text when the offset is zero', (text) => {
    expect(field('timestamptz-value', tediousFromText(text))).toBe(field('timestamptz-text', text));
  });

  it.each([
    '2024-06-01 12:00:00.1234567 +05:30',
    '2024-06-01 02:00:00.1234565 +14:00', // the instant falls on the previous UTC day
    '2024-06-01 22:00:00.0000000 -14:00',
    '2020-12-31 23:59:59.9999995 -08:00',
    '0001-01-01 09:00:00 +09:00',
    '9999-12-31 10:00:00.9999999 -13:59',
    // The end-of-time value in a positive offset: the text path truncates it in its own offset.
    '9999-12-31 23:59:59.9999999 +14:00',
    '9999-12-31 23:59:59.9999999 +05:30',
    '9999-12-31 23:59:59.9999995 +00:01',
    '9999-12-31 09:59:58.9999999 +00:00',
  ])('%s: the same instant, written as UTC', (text) => {
    const native = field('timestamptz-value', tediousFromText(text));
    expect(native.endsWith('+00:00')).toBe(true);
    expect(instantMicros(native)).toBe(instantMicros(field('timestamptz-text', text)));
  });
});

describe('timestamptz-value: the documented difference from the text path', () => {
  it('truncates a carry at second :59 in the last 14 hours of 9999-12-31 UTC, where the end-of-time value may land', () => {
    // 12:00:59.9999999 +00:00 is not the end-of-time value, but in UTC it is indistinguishable
    // from 23:59:59.9999999 +11:59: the instant stays in 12:00:59 (text path: 12:01:00).
    expect(field('timestamptz-value', tediousFromText('9999-12-31 12:00:59.9999999 +00:00'))).toBe('9999-12-31 12:00:59.999999+00:00');
    expect(field('timestamptz-text', '9999-12-31 12:00:59.9999999 +00:00')).toBe('9999-12-31 12:01:00+00:00');
    expect(field('timestamptz-value', tediousFromText('9999-12-31 09:58:59.9999999 +00:00'))).toBe('9999-12-31 09:59:00+00:00');
  });
});

describe('decimal-number:s (decimal/numeric with precision ≤ 15)', () => {
  it.each([
    // [unscaled integer M, scale, SQL Server's CAST(... AS varchar(50)) text]
    [1000n, 10, '0.0000001000'], // never 1e-7
    [999999999999999n, 10, '99999.9999999999'],
    [-999999999999999n, 10, '-99999.9999999999'],
    [999999999999999n, 0, '999999999999999'],
    [-999999999999999n, 0, '-999999999999999'],
    [999999999999999n, 15, '0.999999999999999'],
    [1n, 15, '0.000000000000001'],
    [-1n, 15, '-0.000000000000001'],
    [0n, 4, '0.0000'],
    [0n, 0, '0'],
    [-1n, 2, '-0.01'],
    [123456789n, 2, '1234567.89'],
    [100000000000000n, 1, '10000000000000.0'],
    [1234n, 4, '0.1234'],
    [7n, 1, '0.7'],
  ])('%s at scale %i → %s', (unscaled, scale, text) => {
    const shape = `decimal-number:${scale}` as const;
    expect(field(shape, tediousNumeric(unscaled, scale))).toBe(field('decimal-text', text));
  });

  it('recovers every integer exactly: 50,000 random 1-15 digit values at every scale', () => {
    let seed = 3;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 50_000; i++) {
      const digits = 1 + next(15);
      let m = 0n;
      for (let d = 0; d < digits; d++) m = m * 10n + BigInt(next(10));
      if (next(2) === 1) m = -m;
      const scale = next(digits + 1);
      const abs = (m < 0n ? -m : m).toString().padStart(scale + 1, '0');
      const text = `${m < 0n ? '-' : ''}${scale === 0 ? abs : `${abs.slice(0, -scale)}.${abs.slice(-scale)}`}`;
      expect(field(`decimal-number:${scale}`, tediousNumeric(m, scale)), text).toBe(m === 0n ? text.replace('-', '') : text);
    }
  });

  it('refuses a number the reader never delivers for that scale', () => {
    expect(() => field('decimal-number:2', 0.125)).toThrow(ValueShapeError);
    expect(() => field('decimal-number:2', 0.125)).toThrow(/at most 15 digits with scale 2, got 0.125/);
    expect(() => field('decimal-number:0', 1e16)).toThrow(ValueShapeError);
    expect(() => field('decimal-number:0', NaN)).toThrow(ValueShapeError);
    expect(() => field('decimal-number:4', '1.0000')).toThrow(/expected a number \(decimal, scale 4\), got string/);
  });
});

describe('native shapes refuse what tedious never delivers', () => {
  it.each<[ValueShape, unknown, RegExp]>([
    ['timestamp-value', '2024-01-01T00:00:00', /expected a Date \(datetime2\/datetime\), got string/],
    ['timestamp-value', new Date(NaN), /Invalid Date/],
    ['date-value', new Date(Date.UTC(2024, 0, 1, 12)), /UTC midnight/],
    ['time-value', new Date(Date.UTC(1970, 0, 2)), /1970-01-01/],
    ['timestamp-value', Object.defineProperty(new Date(0), 'nanosecondsDelta', { value: 0.002 }), /nanosecondsDelta in \[0, 0.001\)/],
    ['timestamp-value', new Date(Date.UTC(10000, 0, 1)), /years 0001-9999/],
    ['timestamptz-value', 1700000000000, /got number/],
  ])('%s %s', (shape, value, message) => {
    expect(() => field(shape, value)).toThrow(ValueShapeError);
    expect(() => field(shape, value)).toThrow(message);
  });

  it('writes NULL as \\N for the native shapes too', () => {
    for (const shape of ['date-value', 'timestamp-value', 'time-value', 'timestamptz-value', 'decimal-number:3'] as const) {
      expect(field(shape, null)).toBe('\\N');
    }
  });
});
