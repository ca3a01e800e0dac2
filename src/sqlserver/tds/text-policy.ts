/**
 * The NUL and lone-surrogate policies of the COPY encoder (src/copy/text-escape.ts), compiled
 * for writers that see a value as bytes, possibly in several pieces (PLP chunks), instead of
 * as one JS string. The decisions and the error messages are today's, to the word:
 *   - lone surrogates are judged first, over the whole value (today: isWellFormed before any
 *     NUL check), so a lone surrogate fails the value even after a NUL was seen;
 *   - U+0000 with the 'error' policy fails the value at its end, naming the first NUL's
 *     position in UTF-16 code units, which toWellFormed (1 unit for 1 unit) leaves unchanged;
 *   - a replacement for NUL is written escaped, as today's replace-then-escape does.
 */
import { CellEncodeFailure } from '../../copy/errors.js';
import { createTextFieldEncoder, escapeCopyText, type NulPolicy, type SurrogatePolicy } from '../../copy/text-escape.js';

export const enum NulMode {
  Error,
  Strip,
  Replace,
}

export interface TextPolicy {
  readonly nulMode: NulMode;
  /** The NUL replacement as escaped UTF-8 (empty unless nulMode is Replace). */
  readonly nulReplacement: Uint8Array;
  readonly replaceSurrogates: boolean;
  /** Today's text encoder under the same policies, for values decoded to a JS string (iconv code pages). */
  readonly reference: (value: unknown) => string;
}

export function textPolicy(nul: NulPolicy = 'error', surrogates: SurrogatePolicy = 'error'): TextPolicy {
  // Builds today's encoder first: it validates the NUL replacement with today's messages.
  const reference = createTextFieldEncoder(nul, surrogates);
  const nulMode = nul === 'error' ? NulMode.Error : nul === 'strip' ? NulMode.Strip : NulMode.Replace;
  const nulReplacement = typeof nul === 'object' ? Buffer.from(escapeCopyText(nul.replace), 'utf8') : new Uint8Array(0);
  return { nulMode, nulReplacement, replaceSurrogates: surrogates === 'replace', reference };
}

/** Bytes one UTF-16 code unit can need at most in the output, under this policy. */
export function maxBytesPerUnit(policy: TextPolicy): number {
  return Math.max(3, policy.nulReplacement.length);
}

function hex4(codeUnit: number): string {
  return codeUnit.toString(16).toUpperCase().padStart(4, '0');
}

/** Today's lone-surrogate failure (text-escape.ts), for the unit at `index`. */
export function loneSurrogateFailure(codeUnit: number, index: number): CellEncodeFailure {
  return new CellEncodeFailure(
    'lone-surrogate',
    `text holds a lone UTF-16 surrogate U+${hex4(codeUnit)} at position ${index}, which has no exact UTF-8 encoding`,
  );
}

/** Today's NUL failure (text-escape.ts), for the first U+0000 at `index`. */
export function nulFailure(index: number): CellEncodeFailure {
  return new CellEncodeFailure(
    'nul-character',
    `text holds U+0000 (NUL) at position ${index}, which PostgreSQL text cannot store`,
  );
}

/**
 * Where a text value's decoding stands between two pieces of it. One instance per decoder,
 * reset at the start of each value.
 */
export class TextState {
  /** UTF-16 code units of the value so far: the positions error messages name. */
  units = 0;
  /** First U+0000 under the 'error' policy, -1 if none: thrown when the value ends. */
  nulAt = -1;
  /** UTF-16LE: the first byte of a code unit whose second byte is in the next piece, or -1. */
  carry = -1;
  /** UTF-16LE: a high surrogate at the end of a piece, waiting for its low surrogate, or -1. */
  high = -1;
  /** The unit index of `high`, for the error message. */
  highAt = 0;
  /** UTF-8 (WHATWG decoder state): continuation bytes still needed, their bounds, the code point so far. */
  needed = 0;
  seen = 0;
  codePoint = 0;
  lower = 0x80;
  upper = 0xbf;
  /** UTF-8: the value's leading BOM was dropped (a second one is kept). */
  bomDropped = false;

  reset(): void {
    this.units = 0;
    this.nulAt = -1;
    this.carry = -1;
    this.high = -1;
    this.needed = 0;
    this.seen = 0;
    this.codePoint = 0;
    this.lower = 0x80;
    this.upper = 0xbf;
    this.bomDropped = false;
  }
}
