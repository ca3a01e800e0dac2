/**
 * SQL for each post-data object. Pure text builders: names arrive already planned and every
 * identifier is quoted here.
 */
import type { ReferentialAction } from '../catalog/model.js';
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';

export interface TargetTable {
  readonly schema: string;
  readonly table: string;
}

const cols = (names: readonly string[]): string => names.map(quotePgIdent).join(', ');
const on = (t: TargetTable): string => quotePgQualified(t.schema, t.table);

export function primaryKeySql(t: TargetTable, name: string, columns: readonly string[]): string {
  return `ALTER TABLE ${on(t)} ADD CONSTRAINT ${quotePgIdent(name)} PRIMARY KEY (${cols(columns)})`;
}

/** `nullsNotDistinct`: SQL Server lets a unique key hold one NULL; PG 15+ can say the same. */
export function uniqueSql(t: TargetTable, name: string, columns: readonly string[], nullsNotDistinct: boolean): string {
  return `ALTER TABLE ${on(t)} ADD CONSTRAINT ${quotePgIdent(name)} UNIQUE ${nullsNotDistinct ? 'NULLS NOT DISTINCT ' : ''}(${cols(columns)})`;
}

export interface IndexSpec {
  readonly name: string;
  readonly unique: boolean;
  readonly keyColumns: readonly { readonly name: string; readonly descending: boolean }[];
  readonly includedColumns: readonly string[];
  readonly nullsNotDistinct: boolean;
  /** Translated Postgres predicate, or null. */
  readonly where: string | null;
}

export function createIndexSql(t: TargetTable, i: IndexSpec): string {
  const keys = i.keyColumns.map((c) => `${quotePgIdent(c.name)}${c.descending ? ' DESC' : ''}`).join(', ');
  let sql = `CREATE ${i.unique ? 'UNIQUE ' : ''}INDEX ${quotePgIdent(i.name)} ON ${on(t)} (${keys})`;
  if (i.includedColumns.length > 0) sql += ` INCLUDE (${cols(i.includedColumns)})`;
  if (i.unique && i.nullsNotDistinct) sql += ' NULLS NOT DISTINCT';
  if (i.where !== null) sql += ` WHERE ${i.where}`;
  return sql;
}

export function checkSql(t: TargetTable, name: string, expression: string, notValid: boolean): string {
  return `ALTER TABLE ${on(t)} ADD CONSTRAINT ${quotePgIdent(name)} CHECK (${expression})${notValid ? ' NOT VALID' : ''}`;
}

export interface ForeignKeySpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly referenced: TargetTable;
  readonly referencedColumns: readonly string[];
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  readonly notValid: boolean;
}

export function foreignKeySql(t: TargetTable, fk: ForeignKeySpec): string {
  let sql =
    `ALTER TABLE ${on(t)} ADD CONSTRAINT ${quotePgIdent(fk.name)} FOREIGN KEY (${cols(fk.columns)}) ` +
    `REFERENCES ${on(fk.referenced)} (${cols(fk.referencedColumns)})`;
  // NO ACTION is Postgres's default too; leaving it out keeps the DDL as pg_dump would print it.
  if (fk.onDelete !== 'NO ACTION') sql += ` ON DELETE ${fk.onDelete}`;
  if (fk.onUpdate !== 'NO ACTION') sql += ` ON UPDATE ${fk.onUpdate}`;
  if (fk.notValid) sql += ' NOT VALID';
  return sql;
}

export function validateConstraintSql(t: TargetTable, name: string): string {
  return `ALTER TABLE ${on(t)} VALIDATE CONSTRAINT ${quotePgIdent(name)}`;
}
