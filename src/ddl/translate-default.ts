/**
 * Translates a SQL Server default into a Postgres DEFAULT expression, but only where the
 * meaning is certain for the column's Postgres type. Anything else comes back as a warning
 * naming what was left out, so the user can add it by hand rather than get a wrong default.
 */
import { classifyPgType, type PgTypeClass } from './pg-type-class.js';
import { parseDefault } from './parse-default.js';
import { quotePgLiteral } from './quote.js';

/** `sql: null` means no DEFAULT clause: SQL Server's `DEFAULT NULL` is the same as none. */
export type DefaultTranslation = { readonly sql: string | null } | { readonly warning: string };

const INTEGER_TEXT = /^-?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `YYYYMMDD` is read the same under every SET DATEFORMAT / language; other forms are not. */
const UNSEPARATED_DATE = /^(\d{4})(\d{2})(\d{2})$/;

const UTC_NOW = "(now() AT TIME ZONE 'utc')";

function fromNumber(text: string, typeClass: PgTypeClass): string | null {
  switch (typeClass) {
    case 'boolean':
      // T-SQL converts any non-zero number to bit 1.
      return Number(text) === 0 ? 'false' : 'true';
    case 'integer':
      return INTEGER_TEXT.test(text) ? text : null;
    case 'exact-numeric':
    case 'float':
      return text;
    case 'character':
      // int → varchar keeps the digits; decimals/floats would be re-formatted by T-SQL.
      return INTEGER_TEXT.test(text) ? quotePgLiteral(text) : null;
    default:
      return null;
  }
}

function fromString(value: string, typeClass: PgTypeClass): string | null {
  const trimmed = value.trim();
  switch (typeClass) {
    case 'character':
      return quotePgLiteral(value);
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower === '1' || lower === 'true') return 'true';
      if (lower === '0' || lower === 'false') return 'false';
      return null;
    }
    case 'integer':
      return /^[+-]?\d+$/.test(trimmed) ? trimmed.replace(/^\+/, '') : null;
    case 'exact-numeric':
    case 'float':
      return NUMBER_TEXT.test(trimmed) ? trimmed.replace(/^\+/, '') : null;
    case 'uuid':
      return UUID_TEXT.test(trimmed) ? quotePgLiteral(trimmed.toLowerCase()) : null;
    case 'date':
    case 'timestamp': {
      // Not timestamptz: T-SQL reads an offset-less string as +00:00, Postgres as session time zone.
      const date = UNSEPARATED_DATE.exec(trimmed);
      return date ? quotePgLiteral(`${date[1]}-${date[2]}-${date[3]}`) : null;
    }
    default:
      return null;
  }
}

function fromFunction(name: string, typeClass: PgTypeClass): string | null {
  switch (name) {
    case 'getdate':
    case 'sysdatetime':
    case 'current_timestamp':
    case 'sysdatetimeoffset':
      // getdate() is local time without a zone: LOCALTIMESTAMP is its Postgres twin.
      if (typeClass === 'timestamp') return 'LOCALTIMESTAMP';
      if (typeClass === 'timestamptz') return 'CURRENT_TIMESTAMP';
      if (typeClass === 'date') return 'CURRENT_DATE';
      if (typeClass === 'time') return 'LOCALTIME';
      return null;
    case 'getutcdate':
    case 'sysutcdatetime':
      if (typeClass === 'timestamp') return UTC_NOW;
      if (typeClass === 'timestamptz') return 'CURRENT_TIMESTAMP';
      if (typeClass === 'date') return `(${UTC_NOW}::date)`;
      return null;
    case 'newid':
    case 'newsequentialid':
      // Both only promise a unique value; Postgres has no sequential UUID generator built in.
      return typeClass === 'uuid' ? 'gen_random_uuid()' : null;
    default:
      return null;
  }
}

/**
 * Finds the target of a sequence a default names (`NEXT VALUE FOR s`): its quoted qualified
 * target name, or why it has none (not among the selected objects).
 */
export type SequenceResolver = (schema: string | null, name: string) => { readonly qualifiedTarget: string } | { readonly missing: string };

export interface DefaultContext {
  readonly sequence?: SequenceResolver;
}

export function translateDefault(definition: string, pgType: string, context: DefaultContext = {}): DefaultTranslation {
  const parsed = parseDefault(definition);
  const typeClass = classifyPgType(pgType);
  let sql: string | null = null;
  switch (parsed.kind) {
    case 'next-value': {
      // nextval() returns bigint; assigning it to a smaller integer or a numeric column casts it, as SQL Server converts.
      if (typeClass !== 'integer' && typeClass !== 'exact-numeric' && typeClass !== 'float') break;
      const found = context.sequence?.(parsed.schema, parsed.name) ?? { missing: 'sequences were not read' };
      if ('missing' in found) {
        return { warning: `default ${definition} was left out (${found.missing}); add it by hand if needed` };
      }
      return { sql: `nextval(${quotePgLiteral(found.qualifiedTarget)}::regclass)` };
    }
    case 'null':
      return { sql: null };
    case 'number':
      sql = fromNumber(parsed.text, typeClass);
      break;
    case 'string':
      sql = fromString(parsed.value, typeClass);
      break;
    case 'function':
      sql = fromFunction(parsed.name, typeClass);
      break;
    case 'unknown':
      break;
  }
  if (sql !== null) return { sql };
  return {
    warning: `default ${definition} was left out (no certain PostgreSQL equivalent for a ${pgType} column); add it by hand if needed`,
  };
}
