/**
 * Coarse classes of Postgres types, enough to decide which defaults and identities are safe.
 * Works on override text too, so it accepts the long SQL spellings and the int2/int4 aliases.
 */
export type PgTypeClass =
  | 'boolean'
  | 'integer'
  | 'exact-numeric'
  | 'float'
  | 'character'
  | 'timestamp'
  | 'timestamptz'
  | 'date'
  | 'time'
  | 'uuid'
  | 'other';

const CLASS_PATTERNS: readonly (readonly [PgTypeClass, RegExp])[] = [
  ['boolean', /^(boolean|bool)$/],
  ['integer', /^(smallint|integer|int|bigint|int2|int4|int8)$/],
  ['exact-numeric', /^(numeric|decimal)(\(\s*\d+\s*(,\s*-?\d+\s*)?\))?$/],
  ['float', /^(real|double precision|float4|float8|float(\(\d+\))?)$/],
  ['character', /^(text|varchar|char|character|character varying|bpchar|citext)(\(\d+\))?$/],
  ['timestamptz', /^(timestamptz(\(\d\))?|timestamp(\(\d\))? with time zone)$/],
  ['timestamp', /^timestamp(\(\d\))?( without time zone)?$/],
  ['date', /^date$/],
  ['time', /^time(\(\d\))?( without time zone)?$/],
  ['uuid', /^uuid$/],
];

export function classifyPgType(pgType: string): PgTypeClass {
  const normalized = pgType.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [typeClass, pattern] of CLASS_PATTERNS) {
    if (pattern.test(normalized)) return typeClass;
  }
  return 'other';
}

/** Range of the Postgres integer types, for identity bounds. */
export function integerRange(pgType: string): { min: bigint; max: bigint } | null {
  switch (pgType.trim().toLowerCase()) {
    case 'smallint':
    case 'int2':
      return { min: -32768n, max: 32767n };
    case 'integer':
    case 'int':
    case 'int4':
      return { min: -2147483648n, max: 2147483647n };
    case 'bigint':
    case 'int8':
      return { min: -9223372036854775808n, max: 9223372036854775807n };
    default:
      return null;
  }
}
