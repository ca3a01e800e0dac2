/**
 * Parses what `COPY (…) TO STDOUT` sends in Postgres's text format (the documented format,
 * "COPY: Text Format"): one row per line ending in `\n`, fields separated by a tab, `\N` for
 * NULL, and a backslash escaping `\b \f \n \r \t \v \\` (and, on input only, octal and hex
 * bytes, decoded here too for completeness). Chunks may end anywhere, also inside a UTF-8
 * character; a row is only decoded once its newline has arrived.
 *
 * One scan per chunk with native indexOf: a field is a slice of the decoded chunk, and only a
 * field with a backslash in it (bytea's `\\x…`, an escaped tab) is rebuilt.
 */
import { Mssql2pgError } from '../errors.js';

export type TargetRow = (string | null)[];

const NEWLINE = 0x0a;
const ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };

function isOctal(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '7';
}

function isHex(c: string | undefined): boolean {
  return c !== undefined && /^[0-9a-fA-F]$/.test(c);
}

/** A field with at least one backslash: `\N` alone is NULL, anything else is unescaped. */
export function unescapeField(field: string): string | null {
  if (field === '\\N') return null;
  let out = '';
  let from = 0;
  for (;;) {
    const at = field.indexOf('\\', from);
    if (at < 0) return out + field.slice(from);
    out += field.slice(from, at);
    let i = at + 1;
    const next = field[i];
    if (next === undefined) throw new Mssql2pgError('COPY output ends a field with a lone backslash');
    const simple = ESCAPES[next];
    if (simple !== undefined) out += simple;
    else if (isOctal(next)) {
      let digits = next;
      while (digits.length < 3 && isOctal(field[i + 1])) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 8));
    } else if (next === 'x' && isHex(field[i + 1])) {
      let digits = field[++i]!;
      if (isHex(field[i + 1])) digits += field[++i];
      out += String.fromCharCode(parseInt(digits, 16));
    } else out += next;
    from = i + 1;
  }
}

/** The rows of a decoded text that holds whole lines only (no final newline). */
export function parseRows(text: string, columns: number): TargetRow[] {
  const rows: TargetRow[] = [];
  const end = text.length;
  let pos = 0;
  let backslash = text.indexOf('\\');
  while (pos <= end) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = end;
    const row: TargetRow = new Array(columns);
    for (let i = 0; i < columns; i++) {
      let fieldEnd: number;
      if (i === columns - 1) {
        fieldEnd = lineEnd;
        const tab = text.indexOf('\t', pos);
        if (tab >= 0 && tab < lineEnd) throw new Mssql2pgError(`COPY output row has more than ${columns} fields`);
      } else {
        fieldEnd = text.indexOf('\t', pos);
        if (fieldEnd < 0 || fieldEnd > lineEnd) throw new Mssql2pgError(`COPY output row has ${i + 1} fields, expected ${columns}`);
      }
      const field = text.slice(pos, fieldEnd);
      if (backslash >= 0 && backslash < fieldEnd) {
        row[i] = unescapeField(field);
        backslash = text.indexOf('\\', fieldEnd);
      } else row[i] = field;
      pos = fieldEnd + 1;
    }
    rows.push(row);
    if (lineEnd === end) break;
  }
  return rows;
}

export class CopyTextParser {
  /** Bytes of a row not complete yet (a long value may span many chunks: joined once, when its newline comes). */
  private pending: Buffer[] = [];

  constructor(private readonly columns: number) {}

  /** The complete rows in this chunk (plus what earlier chunks left unfinished). */
  push(chunk: Buffer): TargetRow[] {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.pending.push(chunk);
      return [];
    }
    const head = this.pending.length === 0 ? chunk.subarray(0, last) : Buffer.concat([...this.pending, chunk.subarray(0, last)]);
    this.pending = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    return parseRows(head.toString('utf8'), this.columns);
  }

  /** At the end of the output: nothing may be left over. */
  end(): void {
    if (this.pending.some((b) => b.length > 0)) throw new Mssql2pgError('COPY output ended in the middle of a row');
  }
}
