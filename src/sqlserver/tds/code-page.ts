/**
 * How the bytes of a char/varchar/text column become text: the column's TDS collation (5 bytes,
 * MS-TDS 2.2.5.1.2) names a code page, exactly as tedious decides it (its collation.js: the
 * UTF-8 flag of SQL Server 2019 `_UTF8` collations, else the sort id, else the LCID's
 * language), and tedious then decodes with iconv-lite. To write the same text we use the same
 * two pieces (tedious's Collation and the iconv-lite tedious loads):
 *   - single-byte code pages (1250-1258, 874, 437, 850): a 256-entry table built by decoding
 *     each byte with iconv-lite, so the output is iconv-lite's by construction;
 *   - UTF-8 collations: the bytes themselves, validated as WHATWG UTF-8 does (utf8-writer.ts);
 *   - double-byte code pages (932, 936, 949, 950): iconv-lite decodes the whole value to a JS
 *     string, then today's text encoder writes it (the one per-cell string this decoder makes);
 *   - a collation whose code page tedious does not know: no decoding (the unit falls back).
 */
import iconv from 'iconv-lite';
import { Collation } from 'tedious/lib/collation.js';

export type TextDecoding =
  | { readonly kind: 'sbcs'; readonly codePage: string; readonly table: SbcsTable }
  | { readonly kind: 'utf8' }
  | { readonly kind: 'iconv'; readonly codePage: string };

/**
 * Per byte value b: `chars[b]` is the UTF-16 code unit iconv-lite decodes b to, and
 * `utf8[4b .. 4b + len[b])` its UTF-8 bytes (len 1-3; never a surrogate: checked when built).
 */
export interface SbcsTable {
  readonly chars: Uint16Array;
  readonly utf8: Uint8Array;
  readonly len: Uint8Array;
}

const tables = new Map<string, SbcsTable | null>();

/** The table of a code page iconv-lite decodes one byte to one BMP character, else null. */
function sbcsTable(codePage: string): SbcsTable | null {
  const cached = tables.get(codePage);
  if (cached !== undefined) return cached;
  const all = Buffer.alloc(256);
  for (let b = 0; b < 256; b++) all[b] = b;
  const decoded = iconv.decode(all, codePage);
  let table: SbcsTable | null = null;
  if (decoded.length === 256) {
    const chars = new Uint16Array(256);
    const utf8 = new Uint8Array(1024);
    const len = new Uint8Array(256);
    let ok = true;
    for (let b = 0; b < 256 && ok; b++) {
      const alone = iconv.decode(all.subarray(b, b + 1), codePage);
      const c = decoded.charCodeAt(b);
      // One byte, one BMP character, the same alone as in a run: a stateless byte table.
      ok = alone.length === 1 && alone.charCodeAt(0) === c && (c < 0xd800 || c > 0xdfff);
      chars[b] = c;
      len[b] = Buffer.from(alone, 'utf8').copy(utf8, b * 4);
    }
    if (ok) table = { chars, utf8, len };
  }
  tables.set(codePage, table);
  return table;
}

/** The decoding of a column's 5 collation bytes, or a reason it has none. */
export function textDecoding(collation: Buffer): TextDecoding | { readonly unsupported: string } {
  const c = Collation.fromBuffer(collation);
  const codePage = c.codepage;
  if (codePage === undefined) {
    return { unsupported: `collation LCID 0x${c.lcid.toString(16)} sort id ${c.sortId} has no code page tedious knows` };
  }
  if (codePage === 'utf-8') return { kind: 'utf8' };
  if (!iconv.encodingExists(codePage)) return { unsupported: `code page ${codePage} is unknown to iconv-lite` };
  const table = sbcsTable(codePage);
  return table === null ? { kind: 'iconv', codePage } : { kind: 'sbcs', codePage, table };
}

/** What tedious's readChars does with a char/varchar value: iconv-lite decode in the column's code page. */
export function iconvDecode(bytes: Buffer, codePage: string): string {
  return iconv.decode(bytes, codePage);
}
