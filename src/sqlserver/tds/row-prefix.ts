/**
 * The row of a value that failed, for the error that names it (copy-unit.ts picks the primary
 * key columns from it). The decoder holds no JS values, so the columns before the failing one
 * are read back from the COPY text already written for the row: each cell as the text it
 * was written as (NULL as null, a bytea as `\x...`), the failing column and those after it as
 * undefined. A primary key usually leads the table, so its value is almost always there.
 */

const TAB = 0x09;
const BACKSLASH = 0x5c;
const UNESCAPE: Readonly<Record<number, string>> = { 0x5c: '\\', 0x74: '\t', 0x6e: '\n', 0x72: '\r' };

function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < field.length) {
      out += UNESCAPE[field.charCodeAt(i + 1)] ?? field[i + 1];
      i++;
    } else {
      out += field[i];
    }
  }
  return out;
}

export function describeRowPrefix(buf: Buffer, rowStart: number, pos: number, failing: number, count: number): unknown[] {
  const row: unknown[] = new Array<unknown>(count).fill(undefined);
  if (rowStart < 0) return row;
  let start = rowStart;
  for (let c = 0; c < failing; c++) {
    let end = buf.indexOf(TAB, start);
    if (end < 0 || end > pos) end = pos;
    row[c] = unescapeField(buf.toString('utf8', start, end));
    start = end + 1;
  }
  return row;
}
