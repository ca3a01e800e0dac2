/**
 * verify's reference canonicalizer of source values: the value tedious delivered for verify's
 * own read (src/catalog/verify-shape.ts) → the text Postgres prints for it in the target type
 * stage 1 chose by default. Deliberately simple and written apart from stage 2's encoder, so a
 * mistake there does not repeat here; where the two disagree, verify reports the difference.
 *
 * Text: U+0000 and lone UTF-16 surrogates cannot be stored by Postgres. A value holding one can
 * only match the target when sync data rewrote it (--strip-nul, --replace-nul,
 * --replace-bad-unicode); given the same flag, verify applies the same documented rewrite as a
 * rule of its own. Without it, the table fails naming the row: the copy cannot be exact.
 */
import type { EncoderOptions } from '../copy/index.js';
import { verifyDecimalScale, type VerifyShape } from '../catalog/verify-shape.js';
import { dateText, datetime2Text, datetimeText, datetimeoffsetText, timeText } from './canonical-temporal.js';
import { decimalNumberText, floatText, realText } from './canonical-numbers.js';
import { variantText } from './canonical-variant.js';

/** A source value that cannot have been copied exactly; `problem` picks the hint the stage adds. */
export class CanonicalValueError extends Error {
  constructor(
    readonly problem: 'nul-character' | 'lone-surrogate' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

export type SourceText = (value: unknown) => string;

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** The text rewrite sync data was told to do (none by default), as verify's own rule. */
export function textPolicy(options: EncoderOptions): (s: string) => string {
  const nul = options.nul ?? 'error';
  const nulWith = nul === 'strip' ? '' : typeof nul === 'object' ? nul.replace : null;
  const replaceSurrogates = options.surrogates === 'replace';
  return (s) => {
    let text = s;
    if (!(text as unknown as WellFormed).isWellFormed()) {
      if (!replaceSurrogates) throw new CanonicalValueError('lone-surrogate', 'the source text holds a lone UTF-16 surrogate, which Postgres cannot store');
      text = (text as unknown as WellFormed).toWellFormed();
    }
    if (text.includes('\u0000')) {
      if (nulWith === null) throw new CanonicalValueError('nul-character', 'the source text holds U+0000 (NUL), which Postgres cannot store');
      text = text.split('\u0000').join(nulWith);
    }
    return text;
  };
}

function expectType(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new CanonicalValueError('invalid', `expected ${what} from the source read, got ${typeof value}`);
}

/** The canonical text function for one column's verify shape. */
export function sourceText(shape: VerifyShape, strings: (s: string) => string): SourceText {
  const scale = verifyDecimalScale(shape);
  if (scale !== null) {
    return (v) => {
      expectType(typeof v === 'number', 'a number', v);
      return decimalNumberText(v as number, scale);
    };
  }
  switch (shape) {
    case 'bit':
      return (v) => {
        expectType(typeof v === 'boolean', 'a boolean', v);
        return v ? 't' : 'f';
      };
    case 'int':
      return (v) => {
        expectType(typeof v === 'number' && Number.isSafeInteger(v), 'an integer', v);
        return String(v);
      };
    case 'bigint':
      return (v) => {
        expectType(typeof v === 'string' && INTEGER.test(v), 'an integer string', v);
        return v as string;
      };
    case 'decimal-text':
      return (v) => {
        expectType(typeof v === 'string' && DECIMAL.test(v), 'a decimal string', v);
        return v as string;
      };
    case 'float':
      return (v) => {
        expectType(typeof v === 'number', 'a number', v);
        return floatText(v as number);
      };
    case 'real':
      return (v) => {
        expectType(typeof v === 'number' && Math.fround(v) === v, 'a float32 number', v);
        return realText(v as number);
      };
    case 'string':
      return (v) => {
        expectType(typeof v === 'string', 'a string', v);
        return strings(v as string);
      };
    case 'bytes':
      return (v) => {
        expectType(Buffer.isBuffer(v), 'a Buffer', v);
        return `\\x${(v as Buffer).toString('hex')}`;
      };
    case 'guid':
      return (v) => {
        expectType(typeof v === 'string' && GUID.test(v), 'a uniqueidentifier string', v);
        return (v as string).toLowerCase();
      };
    case 'date':
      return dateText;
    case 'datetime':
      return datetimeText;
    case 'datetime2':
      return datetime2Text;
    case 'time':
      return timeText;
    case 'datetimeoffset':
      return datetimeoffsetText;
    case 'variant':
      return (v) => variantText(v, strings);
    default:
      throw new TypeError(`unknown verify shape ${String(shape)}`);
  }
}
