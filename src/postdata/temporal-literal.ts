/**
 * A string literal compared with a date/time column, read the way SQL Server reads it for that
 * column's type, rewritten as the literal PostgreSQL reads the same way (or refused).
 *
 * Why by type: SQL Server converts the literal to the column's type, and how it parses the text
 * depends on the type.
 * - datetime and smalldatetime read `'YYYY-MM-DD'` (and `'YYYY-MM-DD hh:mm'`) under SET
 *   DATEFORMAT / SET LANGUAGE: with `ydm` (British, French, German, ...) `'2020-01-02'` is the 1st
 *   of February. Only the unseparated `'YYYYMMDD[ hh:mm[:ss[.mmm]]]'` and the full ISO 8601
 *   `'YYYY-MM-DDThh:mm:ss[.mmm]'` are neutral. Their value is also rounded: datetime to 1/300 s
 *   (`'...23:59:59.999'` is midnight of the next day), smalldatetime to the minute.
 * - date, datetime2 and datetimeoffset read `'YYYY-MM-DD...'` as ISO whatever DATEFORMAT says.
 * - datetimeoffset without an offset is +00:00 in SQL Server but the session time zone in
 *   PostgreSQL (timestamptz): refused unless the literal carries its offset.
 * - A 7th fractional digit: the copy rounded the column's values to microseconds, so a literal
 *   with a non-zero 7th digit would not compare the same; refused.
 */

export type TemporalLiteral = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const UNSEPARATED = /^(\d{4})(\d{2})(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
/** Only the T form is DATEFORMAT-independent for datetime/smalldatetime, and it needs the seconds. */
const ISO_DATETIME_T = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?$/;
const WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)? ?(Z|[+-]\d{2}:\d{2})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

interface Parts {
  readonly y: number;
  readonly mo: number;
  readonly d: number;
  readonly h: number;
  readonly mi: number;
  readonly s: number;
  /** Fractional digits as written (up to 7). */
  readonly fraction: string;
}

function parts(m: RegExpExecArray, withTime: boolean): Parts {
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: withTime ? Number(m[4] ?? 0) : 0,
    mi: withTime ? Number(m[5] ?? 0) : 0,
    s: withTime ? Number(m[6] ?? 0) : 0,
    fraction: withTime ? (m[7] ?? '') : '',
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

function valid(p: Parts): boolean {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.h > 23 || p.mi > 59 || p.s > 59) return false;
  const days = new Date(Date.UTC(p.y, p.mo, 0)).getUTCDate();
  return p.y >= 1 && p.d <= days;
}

function isoDate(p: Parts): string {
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
}

function isoTime(p: Parts, fraction: string): string {
  return `${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${fraction === '' ? '' : `.${fraction}`}`;
}

/** A 7th digit other than 0 cannot be compared after the copy rounded the column to microseconds. */
function microseconds(fraction: string): string | null {
  if (fraction.length === 7 && !fraction.endsWith('0')) return null;
  return fraction.slice(0, 6).replace(/0+$/, '');
}

/** Adds whole milliseconds to a date and time, carrying into seconds, minutes, ... days. */
function addMilliseconds(p: Parts, ms: number): { date: string; time: string; millis: number } {
  const t = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s) + ms;
  const d = new Date(t);
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return { date, time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`, millis: d.getUTCMilliseconds() };
}

/**
 * datetime keeps 1/300 s: the literal's fraction is rounded to the nearest tick and shown as
 * SQL Server shows it (.000, .003, .007, ...), which is also what the copy wrote.
 */
function datetimeText(p: Parts): string {
  const fractionMs = Number(`0.${p.fraction || '0'}`) * 1000;
  const ticks = Math.round((fractionMs * 300) / 1000);
  const { date, time, millis } = addMilliseconds(p, Math.round((ticks * 1000) / 300));
  return millis === 0 ? `${date} ${time}` : `${date} ${time}.${pad(millis, 3)}`;
}

/** smalldatetime rounds to the minute: 29.998 s and below down, 29.999 s and above up. */
function smalldatetimeText(p: Parts): string {
  const secondsMs = p.s * 1000 + Math.round(Number(`0.${p.fraction || '0'}`) * 1000);
  const up = secondsMs >= 29_999 ? 60_000 : 0;
  const { date, time } = addMilliseconds({ ...p, s: 0, fraction: '' }, up);
  return `${date} ${time}`;
}

function refused(reason: string): TemporalLiteral {
  return { ok: false, reason };
}

const DATEFORMAT =
  "SQL Server reads 'YYYY-MM-DD' for datetime and smalldatetime under SET DATEFORMAT/LANGUAGE; only 'YYYYMMDD[ hh:mm:ss]' and 'YYYY-MM-DDThh:mm:ss' are neutral";

/** `sqlType`: the column's SQL Server base type (lower-case); `value`: the literal's text. */
export function translateTemporalLiteral(sqlType: string, value: string): TemporalLiteral {
  switch (sqlType) {
    case 'date': {
      const m = ISO_DATE.exec(value) ?? (/^\d{8}$/.test(value) ? UNSEPARATED.exec(value) : null);
      if (m === null) return refused('only ISO literals are translated for date: YYYY-MM-DD or YYYYMMDD');
      const p = parts(m, false);
      return valid(p) ? { ok: true, text: isoDate(p) } : refused(`'${value}' is not a valid date`);
    }
    case 'datetime2': {
      const m = ISO_DATETIME.exec(value) ?? ISO_DATE.exec(value) ?? UNSEPARATED.exec(value);
      if (m === null) return refused('only ISO literals are translated for datetime2: YYYY-MM-DD[ hh:mm:ss[.fffffff]] or YYYYMMDD[ hh:mm:ss]');
      const withTime = m[4] !== undefined;
      const p = parts(m, withTime);
      if (!valid(p)) return refused(`'${value}' is not a valid datetime2`);
      const fraction = microseconds(p.fraction);
      if (fraction === null) return refused('has a 7th fractional digit, and the copy rounded the column to microseconds');
      return { ok: true, text: withTime ? `${isoDate(p)} ${isoTime(p, fraction)}` : isoDate(p) };
    }
    case 'datetime':
    case 'smalldatetime': {
      const m = UNSEPARATED.exec(value) ?? ISO_DATETIME_T.exec(value);
      if (m === null) return refused(`only ISO literals are translated for ${sqlType}, and not every one: ${DATEFORMAT}`);
      const p = parts(m, m[4] !== undefined);
      if (!valid(p)) return refused(`'${value}' is not a valid ${sqlType}`);
      if (p.fraction.length > 3) return refused(`has more than 3 fractional digits, which ${sqlType} does not accept`);
      return { ok: true, text: sqlType === 'datetime' ? datetimeText(p) : smalldatetimeText(p) };
    }
    case 'datetimeoffset': {
      const m = WITH_OFFSET.exec(value);
      if (m === null) {
        return refused(
          'only ISO literals with their offset are translated for datetimeoffset (YYYY-MM-DD hh:mm:ss+hh:mm): ' +
            'SQL Server reads a literal without an offset as +00:00, PostgreSQL in the session time zone',
        );
      }
      const p = parts(m, true);
      if (!valid(p)) return refused(`'${value}' is not a valid datetimeoffset`);
      const fraction = microseconds(p.fraction);
      if (fraction === null) return refused('has a 7th fractional digit, and the copy rounded the column to microseconds');
      const offset = m[8] === 'Z' ? '+00:00' : m[8]!;
      return { ok: true, text: `${isoDate(p)} ${isoTime(p, fraction)}${offset}` };
    }
    case 'time': {
      const m = TIME.exec(value);
      if (m === null) return refused('only ISO literals are translated for time: hh:mm[:ss[.fffffff]]');
      const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
      if (h > 23 || mi > 59 || s > 59) return refused(`'${value}' is not a valid time`);
      const fraction = microseconds(m[4] ?? '');
      if (fraction === null) return refused('has a 7th fractional digit, and the copy rounded the column to microseconds');
      return { ok: true, text: `${pad(h)}:${pad(mi)}:${pad(s)}${fraction === '' ? '' : `.${fraction}`}` };
    }
    default:
      return refused(`is compared with a ${sqlType} column, whose literals are not translated`);
  }
}
