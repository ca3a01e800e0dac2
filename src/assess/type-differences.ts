/**
 * Column types whose PostgreSQL twin holds the same data but not the same behaviour: what the
 * assess report lists for them beside the type map's own notes (the 7th digit). The README's
 * type mapping table is the reference; these are the rows where a reader must know more.
 */
export const TYPE_DIFFERENCES: Readonly<Record<string, string>> = {
  datetimeoffset: 'timestamptz keeps the instant; the original offset is not kept',
  sql_variant: 'copied as its value\'s text; the base type of each value is not kept',
  hierarchyid: 'copied as its canonical path text (/1/3/); the hierarchyid methods do not exist in PostgreSQL',
  geography: 'copied as EWKT text unless PostGIS is installed in the target (then a geography column)',
  geometry: 'copied as EWKT text unless PostGIS is installed in the target (then a geometry column)',
  timestamp: 'rowversion: bytea holding the 8-byte value; PostgreSQL does not change it on each write',
  rowversion: 'bytea holding the 8-byte value; PostgreSQL does not change it on each write',
  binary: 'bytea: the fixed length is not enforced for new values',
};
