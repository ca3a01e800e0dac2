/**
 * Encodes a JS string as one field of PostgreSQL COPY TEXT format.
 *
 * COPY TEXT only *requires* backslash, the delimiter (tab), newline and carriage return to be
 * escaped (PostgreSQL docs, "COPY: Text Format"); we escape exactly those, so every other
 * character, including other control characters, goes through byte-exact. A field that is the
 * two characters `\N` becomes `\\N` because its backslash is escaped, so it never reads as NULL.
 *
 * Two things a JS string can hold that PostgreSQL cannot store exactly, both possible in
 * SQL Server nvarchar data:
 *   - U+0000: PostgreSQL text/varchar/xml reject it ("invalid byte sequence ... 0x00").
 *   - a lone UTF-16 surrogate: it has no UTF-8 encoding, and Buffer.from would silently turn it
 *     into U+FFFD, so we decide here, loudly, instead of letting the bytes change unnoticed.
 */

import { CellEncodeFailure, shapeMismatch } from './errors.js';

/** What to do with U+0000 in text: fail the table, drop the character, or put a string in its place. */
export type NulPolicy = 'error' | 'strip' | { readonly replace: string };

/** What to do with lone surrogates in text: fail the table, or write U+FFFD in their place. */
export type SurrogatePolicy = 'error' | 'replace';

// ES2024 string methods (Node 20 has them; the project's lib setting is ES2023).
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** One test per string decides whether any rewriting is needed at all (the common case: no). */
const NEEDS_REWRITE = /[\\\t\n\r\0]/;
const COPY_SPECIAL = /[\\\t\n\r]/g;
const NUL_GLOBAL = /\0/g;
const COPY_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
};

function escapeCopyChar(char: string): string {
  return COPY_ESCAPES[char] ?? char;
}

/** Escapes the characters COPY TEXT reserves. The input must already be free of U+0000. */
export function escapeCopyText(text: string): string {
  return text.replace(COPY_SPECIAL, escapeCopyChar);
}

/** Index and code unit of the first lone surrogate, for the error message. */
function findLoneSurrogate(text: string): { index: number; codeUnit: number } {
  for (let index = 0; index < text.length; index++) {
    const codeUnit = text.charCodeAt(index);
    if (codeUnit >= 0xd800 && codeUnit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++; // a proper pair
        continue;
      }
      return { index, codeUnit };
    }
    if (codeUnit >= 0xdc00 && codeUnit <= 0xdfff) return { index, codeUnit };
  }
  return { index: -1, codeUnit: 0 };
}

function hex4(codeUnit: number): string {
  return codeUnit.toString(16).toUpperCase().padStart(4, '0');
}

function validateNulPolicy(nul: NulPolicy): void {
  if (typeof nul === 'object') {
    if (typeof nul.replace !== 'string' || nul.replace.includes('\0')) {
      throw new TypeError('NUL replacement must be a string without U+0000');
    }
    if (!(nul.replace as unknown as WellFormedString).isWellFormed()) {
      throw new TypeError('NUL replacement must not contain lone surrogates');
    }
  }
}

/**
 * The U+0000 and lone-surrogate policies alone, as a function of a string: the text it stands
 * for in PostgreSQL, not yet COPY-escaped (sql_variant strings go into JSON first). Throws
 * CellEncodeFailure where the policy is 'error'.
 */
export function createTextPolicy(nul: NulPolicy, surrogates: SurrogatePolicy): (text: string) => string {
  validateNulPolicy(nul);
  const nulReplacement = nul === 'strip' ? '' : typeof nul === 'object' ? nul.replace : null;
  return function applyTextPolicy(value: string): string {
    let text = value;
    if (!(text as unknown as WellFormedString).isWellFormed()) {
      if (surrogates === 'error') {
        const { index, codeUnit } = findLoneSurrogate(text);
        throw new CellEncodeFailure(
          'lone-surrogate',
          // What to do (the flag) is added by the stage that names the table and row.
          `text holds a lone UTF-16 surrogate U+${hex4(codeUnit)} at position ${index}, which has no exact UTF-8 encoding`,
        );
      }
      text = (text as unknown as WellFormedString).toWellFormed();
    }
    if (text.includes('\0')) {
      if (nulReplacement === null) {
        throw new CellEncodeFailure(
          'nul-character',
          // What to do (the flags) is added by the stage that names the table and row.
          `text holds U+0000 (NUL) at position ${text.indexOf('\0')}, which PostgreSQL text cannot store`,
        );
      }
      text = text.replace(NUL_GLOBAL, nulReplacement);
    }
    return text;
  };
}

/** Builds the encoder for `text`-shaped values under the given policies. */
export function createTextFieldEncoder(
  nul: NulPolicy,
  surrogates: SurrogatePolicy,
): (value: unknown) => string {
  const policy = createTextPolicy(nul, surrogates);
  return function encodeTextField(value: unknown): string {
    if (typeof value !== 'string') throw shapeMismatch('a string', value);
    // The common case (well-formed, nothing to escape) costs one regex test and one scan.
    if (!NEEDS_REWRITE.test(value) && (value as unknown as WellFormedString).isWellFormed()) return value;
    return escapeCopyText(policy(value));
  };
}
