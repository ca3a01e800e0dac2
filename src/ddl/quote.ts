import { Mssql2pgError } from '../errors.js';

/**
 * Always quote: SQL Server names may be reserved words in Postgres (`order`, `user`), contain
 * spaces, or be mixed case, and a quoted name is never folded.
 */
export function quotePgIdent(name: string): string {
  if (name.includes('\u0000')) {
    throw new Mssql2pgError(`Identifier ${JSON.stringify(name)} contains U+0000, which PostgreSQL cannot store.`);
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`. */
export function quotePgQualified(schema: string, name: string): string {
  return `${quotePgIdent(schema)}.${quotePgIdent(name)}`;
}

/**
 * A standard string literal. standard_conforming_strings is on (the default since Postgres
 * 9.1), so backslashes are literal, exactly as in T-SQL; only `'` needs doubling.
 */
export function quotePgLiteral(value: string): string {
  if (value.includes('\u0000')) {
    throw new Mssql2pgError(`String literal contains U+0000, which PostgreSQL cannot store.`);
  }
  return `'${value.replace(/'/g, "''")}'`;
}
