/**
 * The type map as a data table: one row per SQL Server base type. Each row says which Postgres
 * type holds every value of that column without losing data or precision; where that is
 * impossible (a 7th fractional second digit), the row says so in `notes` instead of hiding it.
 *
 * Lengths: sys.columns.max_length is in BYTES. nchar/nvarchar store 2 bytes per UTF-16 code
 * unit, so nvarchar(10) arrives as 20. A Postgres varchar(n) counts characters (code points),
 * and n UTF-16 code units never hold more than n code points, so varchar(maxLength / 2) always
 * fits. For char/varchar the byte count is an upper bound on the characters, so it fits too.
 */
import type { ColumnModel, SqlServerTypeName } from '../catalog/model.js';
import { systemTypeName, type SystemTypeName } from '../catalog/system-types.js';

export interface MappedType {
  readonly pgType: string;
  /** Anything the user should know: precision that cannot be kept, a representation change. */
  readonly notes: readonly string[];
}

export interface TypeMapContext {
  /** Map geography/geometry to PostGIS types instead of EWKT text. */
  readonly postgis: boolean;
}

/** One type's Postgres type, how the README shows it, and the mapping. */
export interface TypeMapEntry {
  /** How the Postgres type reads in the README, e.g. `numeric(p,s)`. */
  readonly postgresDisplay: string;
  /** One line for the README. */
  readonly note: string;
  readonly map: (column: ColumnModel, context: TypeMapContext) => MappedType;
}

export interface TypeMapRow extends TypeMapEntry {
  readonly sqlServerType: SqlServerTypeName;
}

/** Postgres keeps at most 6 fractional second digits (microseconds); SQL Server up to 7. */
const PG_MAX_FRACTIONAL_DIGITS = 6;

function fixed(pgType: string): (column: ColumnModel) => MappedType {
  return () => ({ pgType, notes: [] });
}

/** datetime2/time/datetimeoffset carry their fractional digits in sys.columns.scale. */
function withFraction(pgBase: string, sqlType: string): (column: ColumnModel) => MappedType {
  return (column) => {
    const digits = Math.min(column.scale, PG_MAX_FRACTIONAL_DIGITS);
    const notes =
      column.scale > PG_MAX_FRACTIONAL_DIGITS
        ? [`${sqlType}(${column.scale}): 7th fractional digit rounded to microseconds`]
        : [];
    return { pgType: `${pgBase}(${digits})`, notes };
  };
}

/** (max) columns report -1; text/ntext report 16 (a pointer size), handled by their own rows. */
function characterType(pgBase: 'char' | 'varchar', bytesPerChar: 1 | 2): (c: ColumnModel) => MappedType {
  return (column) => {
    if (column.maxLength === -1) return { pgType: 'text', notes: [] };
    return { pgType: `${pgBase}(${column.maxLength / bytesPerChar})`, notes: [] };
  };
}

function spatial(kind: 'geography' | 'geometry'): (c: ColumnModel, ctx: TypeMapContext) => MappedType {
  return (_column, context) => ({ pgType: context.postgis ? kind : 'text', notes: [] });
}

/**
 * One row per SQL Server system type, keyed by SystemTypeName: a type added to the union without
 * a row here does not compile. CLR user types have no row on purpose (isClrUserType): their text
 * means what the type says it means, so the user names the Postgres type with an override.
 */
export const TYPE_MAP = {
  bit: { postgresDisplay: 'boolean', note: '', map: fixed('boolean') },
  tinyint: { postgresDisplay: 'smallint', note: 'Postgres has no 1-byte integer; 0..255 fits', map: fixed('smallint') },
  smallint: { postgresDisplay: 'smallint', note: '', map: fixed('smallint') },
  int: { postgresDisplay: 'integer', note: '', map: fixed('integer') },
  bigint: { postgresDisplay: 'bigint', note: '', map: fixed('bigint') },
  decimal: {
    postgresDisplay: 'numeric(p,s)',
    note: 'same precision and scale',
    map: (c) => ({ pgType: `numeric(${c.precision},${c.scale})`, notes: [] }),
  },
  numeric: {
    postgresDisplay: 'numeric(p,s)',
    note: 'same precision and scale',
    map: (c) => ({ pgType: `numeric(${c.precision},${c.scale})`, notes: [] }),
  },
  money: { postgresDisplay: 'numeric(19,4)', note: 'exact; Postgres money depends on lc_monetary', map: fixed('numeric(19,4)') },
  smallmoney: { postgresDisplay: 'numeric(10,4)', note: 'exact', map: fixed('numeric(10,4)') },
  real: { postgresDisplay: 'real', note: 'also float(1..24), which SQL Server stores as real', map: fixed('real') },
  float: {
    postgresDisplay: 'real / double precision',
    note: 'float(1..24) → real, float(25..53) → double precision',
    // SQL Server reports float(n) as precision 24 or 53 only; 24 and below is 4-byte storage.
    map: (c) => ({ pgType: c.precision <= 24 ? 'real' : 'double precision', notes: [] }),
  },
  date: { postgresDisplay: 'date', note: '', map: fixed('date') },
  datetime: { postgresDisplay: 'timestamp(3)', note: 'SQL Server rounds to 1/300 s; all values fit', map: fixed('timestamp(3)') },
  smalldatetime: { postgresDisplay: 'timestamp(0)', note: '', map: fixed('timestamp(0)') },
  datetime2: {
    postgresDisplay: 'timestamp(min(n,6))',
    note: 'datetime2(7): 7th fractional digit rounded to microseconds',
    map: withFraction('timestamp', 'datetime2'),
  },
  time: {
    postgresDisplay: 'time(min(n,6))',
    note: 'time(7): 7th fractional digit rounded to microseconds',
    map: withFraction('time', 'time'),
  },
  datetimeoffset: {
    postgresDisplay: 'timestamptz(min(n,6))',
    note: 'same instant; the original offset is not kept. (7): 7th digit rounded',
    map: withFraction('timestamptz', 'datetimeoffset'),
  },
  char: { postgresDisplay: 'char(n)', note: '', map: characterType('char', 1) },
  nchar: { postgresDisplay: 'char(n)', note: 'max_length is bytes: n = bytes / 2', map: characterType('char', 2) },
  varchar: { postgresDisplay: 'varchar(n) / text', note: 'varchar(max) → text', map: characterType('varchar', 1) },
  nvarchar: { postgresDisplay: 'varchar(n) / text', note: 'nvarchar(max) → text; n = bytes / 2', map: characterType('varchar', 2) },
  text: { postgresDisplay: 'text', note: '', map: fixed('text') },
  ntext: { postgresDisplay: 'text', note: '', map: fixed('text') },
  sysname: { postgresDisplay: 'varchar(128)', note: '', map: fixed('varchar(128)') },
  binary: { postgresDisplay: 'bytea', note: 'fixed length is not enforced', map: fixed('bytea') },
  varbinary: { postgresDisplay: 'bytea', note: '', map: fixed('bytea') },
  image: { postgresDisplay: 'bytea', note: '', map: fixed('bytea') },
  uniqueidentifier: { postgresDisplay: 'uuid', note: '', map: fixed('uuid') },
  xml: { postgresDisplay: 'xml', note: '', map: fixed('xml') },
  // sys.types calls rowversion "timestamp"; it is an 8-byte counter, not a date.
  timestamp: { postgresDisplay: 'bytea', note: 'rowversion: the 8-byte value is copied', map: fixed('bytea') },
  rowversion: { postgresDisplay: 'bytea', note: 'the 8-byte value is copied', map: fixed('bytea') },
  sql_variant: {
    postgresDisplay: 'jsonb',
    note: '{"type": base type, "value": exact text}; see "sql_variant" below',
    map: fixed('jsonb'),
  },
  hierarchyid: { postgresDisplay: 'text', note: 'canonical path text, e.g. /1/3/', map: fixed('text') },
  geography: {
    postgresDisplay: 'text / geography',
    note: 'EWKT text (SRID=4326;POINT(1 2)); geography with postgis: true',
    map: spatial('geography'),
  },
  geometry: {
    postgresDisplay: 'text / geometry',
    note: 'EWKT text (SRID=0;POINT(1 2)); geometry with postgis: true',
    map: spatial('geometry'),
  },
} satisfies Record<SystemTypeName, TypeMapEntry>;

/** The rows in the order the README lists them. */
export const TYPE_MAP_ROWS: readonly TypeMapRow[] = Object.entries(TYPE_MAP).map(([sqlServerType, entry]) => ({ sqlServerType, ...entry }));

/** The row of a system type (any case); undefined for CLR user types and types we do not know. */
export function findTypeMapRow(sqlServerType: SqlServerTypeName): TypeMapRow | undefined {
  const name = systemTypeName(sqlServerType);
  return name === null ? undefined : { sqlServerType: name, ...TYPE_MAP[name] };
}

/** The type map as a Markdown table, for the README. */
export function renderTypeMapMarkdown(): string {
  const escape = (s: string): string => s.replace(/\|/g, '\\|');
  const lines = ['| SQL Server type | PostgreSQL type | Notes |', '|---|---|---|'];
  for (const row of TYPE_MAP_ROWS) {
    lines.push(`| ${escape(row.sqlServerType)} | ${escape(row.postgresDisplay)} | ${escape(row.note)} |`);
  }
  return lines.join('\n') + '\n';
}
