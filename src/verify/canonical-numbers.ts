/**
 * verify's reference rendering of numbers, and the normal forms two renderings are compared in
 * when their texts differ (a type override changed the target's scale or type). Written apart
 * from stage 2's encoder (src/copy): simple, exact, and slow where it must be.
 */

export class NumberValueError extends Error {}

/** A double as its shortest round-trip text (`0.1`, `1e+21`); `-0` kept apart from `0`. */
export function floatText(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** A float32 (widened to a double) as the shortest text that reads back as the same float32, as Postgres prints a real. */
export function realText(n: number): string {
  if (Object.is(n, -0)) return '-0';
  if (!Number.isFinite(n)) return String(n);
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(n.toPrecision(digits));
    if (Math.fround(candidate) === n) return String(candidate);
  }
  return String(n);
}

/**
 * A decimal read natively (`decimal-number:s`): tedious hands over M / 10^s for the column's
 * integer M (|M| < 10^15), correctly rounded. M * 10^s lands within 0.25 of M, so rounding
 * recovers M; a number that is not M / 10^s for any such M is not what the read promises.
 */
export function decimalNumberText(value: number, scale: number): string {
  const factor = 10 ** scale;
  const m = Math.round(Math.abs(value) * factor);
  if (!Number.isSafeInteger(m) || m / factor !== Math.abs(value)) {
    throw new NumberValueError(`${String(value)} is not a decimal with ${scale} digits after the point`);
  }
  const digits = String(m).padStart(scale + 1, '0');
  const sign = value < 0 && m !== 0 ? '-' : '';
  return scale === 0 ? `${sign}${digits}` : `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * The value of a decimal text in one normal form: no leading or trailing zeros, no exponent,
 * `0` for every zero (`12.3400` and `12.34` and `1.234e1` are `12.34`). Text that is not a
 * decimal comes back as it is.
 */
export function normalDecimal(text: string): string {
  const m = DECIMAL.exec(text);
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return text;
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  let whole = m[2]!;
  let fraction = m[3] ?? '';
  if (exponent > 0) {
    const moved = fraction.slice(0, exponent).padEnd(exponent, '0');
    whole += moved;
    fraction = fraction.slice(exponent);
  } else if (exponent < 0) {
    const shift = -exponent;
    const padded = whole.padStart(shift, '0');
    fraction = padded.slice(padded.length - shift) + fraction;
    whole = padded.slice(0, padded.length - shift);
  }
  whole = whole.replace(/^0+/, '');
  fraction = fraction.replace(/0+$/, '');
  if (whole === '' && fraction === '') return '0';
  return `${m[1] === '-' ? '-' : ''}${whole === '' ? '0' : whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Compares two integer texts (`-12`, `9223372036854775808`) numerically, as both servers order them. */
export function compareIntegerText(a: string, b: string): number {
  const an = a.startsWith('-');
  const bn = b.startsWith('-');
  if (an !== bn) return an ? -1 : 1;
  const x = an ? a.slice(1) : a;
  const y = bn ? b.slice(1) : b;
  const byMagnitude = x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
  return an ? -byMagnitude : byMagnitude;
}
