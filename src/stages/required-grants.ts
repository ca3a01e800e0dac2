/**
 * Which grants a stage needs and which of them are missing, from the facts the two servers
 * report (src/postgres/privileges.ts, src/sqlserver/table-grants.ts). Pure. A stage with a
 * missing grant refuses before it touches anything, with one message that names every grant
 * and the statement that gives it: a user with only CONNECT used to get "permission denied for
 * schema public" once per table, in every stage, with no word on what to grant.
 *
 *   replicate schema       CREATE on the database (new schemas) or USAGE, CREATE on the target
 *                          schemas; ownership of tables it replaces; VIEW DEFINITION on the source
 *   sync data              USAGE on the schemas; SELECT, INSERT (and TRUNCATE) on the tables,
 *                          UPDATE on their identity sequences; for key ranges CREATE on the
 *                          database and the mssql2pg schema; SELECT on the source tables
 *   replicate constraints  USAGE on the schemas; ownership of the tables; VIEW DEFINITION on the source
 */
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';
import { Mssql2pgError } from '../errors.js';
import type { DatabaseFacts, SchemaFacts, TableFacts } from '../postgres/privileges.js';
import type { SourceGrants } from '../sqlserver/contract.js';
import { quoteTsqlName } from '../sqlserver/quote.js';

/** One missing grant: what it is for, and the statement that gives it. */
export interface MissingGrant {
  readonly what: string;
  readonly grant: string;
}

/** A stage cannot do its work with the grants it has: exit 3, nothing was touched. */
export class PermissionError extends Mssql2pgError {}

export function permissionError(stage: string, target: readonly MissingGrant[], source: readonly MissingGrant[], who: { target: string; source: string }): PermissionError | null {
  if (target.length === 0 && source.length === 0) return null;
  const lines = [`${stage} cannot start: grants are missing (nothing was touched). Give them, then run it again:`];
  if (target.length > 0) lines.push(`  PostgreSQL user ${quotePgIdent(who.target)}:`, ...target.map((m) => `    - ${m.what}: ${m.grant}`));
  if (source.length > 0) lines.push(`  SQL Server user ${quoteTsqlName(who.source)}:`, ...source.map((m) => `    - ${m.what}: ${m.grant}`));
  return new PermissionError(lines.join('\n'));
}

/** replicate schema: create the target schemas (or tables in them); replace the tables it drops. */
export function schemaStageGrants(db: DatabaseFacts, schemas: readonly SchemaFacts[], replaced: readonly TableFacts[]): MissingGrant[] {
  const out: MissingGrant[] = [];
  const toCreate = schemas.filter((s) => !s.exists).map((s) => s.schema);
  if (toCreate.length > 0 && !db.create) {
    out.push({ what: `CREATE on database ${quotePgIdent(db.database)} (to create schema ${list(toCreate.map(quotePgIdent))})`, grant: grantDatabase(db) });
  }
  for (const s of schemas.filter((x) => x.exists && !(x.usage && x.create))) {
    out.push({ what: `USAGE and CREATE on schema ${quotePgIdent(s.schema)} (to create tables in it)`, grant: `GRANT USAGE, CREATE ON SCHEMA ${quotePgIdent(s.schema)} TO ${quotePgIdent(db.user)};` });
  }
  out.push(...ownership(db, replaced.filter((t) => t.exists), 'to drop and create them again'));
  return out;
}

export interface DataStageNeeds {
  /** Empty the tables first (TRUNCATE); false with --no-truncate. */
  readonly truncate: boolean;
  /** Some table will be copied in key ranges: the bookkeeping schema is created and written. */
  readonly keyRanges: boolean;
  /** The bookkeeping schema `mssql2pg` and its table, as they are now. */
  readonly bookkeeping: { readonly schema: SchemaFacts; readonly table: TableFacts };
}

/** sync data: write into every table of the run; for key ranges, the bookkeeping schema. */
export function dataStageGrants(db: DatabaseFacts, schemas: readonly SchemaFacts[], tables: readonly TableFacts[], needs: DataStageNeeds): MissingGrant[] {
  const out = schemaUsage(db, schemas);
  const privileges = ['SELECT', 'INSERT', ...(needs.truncate ? ['TRUNCATE'] : [])];
  const has = (t: TableFacts, p: string): boolean => (p === 'SELECT' ? t.select : p === 'INSERT' ? t.insert : t.truncate);
  for (const [schema, inSchema] of bySchema(tables.filter((t) => t.exists))) {
    const lacking = inSchema.filter((t) => privileges.some((p) => !has(t, p)));
    if (lacking.length > 0) {
      const missing = privileges.filter((p) => lacking.some((t) => !has(t, p)));
      out.push({
        what: `${missing.join(', ')} on ${tableList(lacking)} (to load them)`,
        grant: `GRANT ${missing.join(', ')} ON ALL TABLES IN SCHEMA ${quotePgIdent(schema)} TO ${quotePgIdent(db.user)};`,
      });
    }
    const sequences = inSchema.filter((t) => !t.sequences);
    if (sequences.length > 0) {
      out.push({
        what: `UPDATE on the identity sequences of ${tableList(sequences)} (moved past the copied keys)`,
        grant: `GRANT UPDATE ON ALL SEQUENCES IN SCHEMA ${quotePgIdent(schema)} TO ${quotePgIdent(db.user)};`,
      });
    }
  }
  if (needs.keyRanges) out.push(...bookkeepingGrants(db, needs.bookkeeping));
  return out;
}

/**
 * Key ranges commit with their record in mssql2pg.loaded_ranges. `CREATE SCHEMA IF NOT EXISTS`
 * and `CREATE TABLE IF NOT EXISTS` check the privilege before they look whether the object
 * exists, so CREATE on the database and on the schema are needed even on a resume.
 */
function bookkeepingGrants(db: DatabaseFacts, b: DataStageNeeds['bookkeeping']): MissingGrant[] {
  const out: MissingGrant[] = [];
  const schema = quotePgIdent(b.schema.schema);
  const why = `sync data records committed key ranges in ${b.schema.schema}.loaded_ranges`;
  if (!db.create) out.push({ what: `CREATE on database ${quotePgIdent(db.database)} (${why})`, grant: grantDatabase(db) });
  if (b.schema.exists && !(b.schema.usage && b.schema.create)) {
    out.push({ what: `USAGE and CREATE on schema ${schema} (${why})`, grant: `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${quotePgIdent(db.user)};` });
  }
  const t = b.table;
  if (t.exists && !(t.select && t.insert && t.delete)) {
    out.push({
      what: `SELECT, INSERT, DELETE on ${quotePgQualified(t.schema, t.table)} (${why})`,
      grant: `GRANT SELECT, INSERT, DELETE ON ${quotePgQualified(t.schema, t.table)} TO ${quotePgIdent(db.user)};`,
    });
  }
  return out;
}

/** replicate constraints: keys, indexes and foreign keys need the tables' owner. */
export function constraintsStageGrants(db: DatabaseFacts, schemas: readonly SchemaFacts[], tables: readonly TableFacts[]): MissingGrant[] {
  return [...schemaUsage(db, schemas), ...ownership(db, tables.filter((t) => t.exists), 'keys, indexes and foreign keys need the owner')];
}

/** The source tables the stage reads, by their grants; NULL ("cannot tell") never counts as missing. */
export function sourceGrants(grants: SourceGrants, tables: readonly string[], need: 'select' | 'viewDefinition'): MissingGrant[] {
  if (!grants.checked) return [];
  const wanted = new Set(tables);
  const lacking = grants.tables.filter((t) => wanted.has(`${t.schema}.${t.table}`) && t[need] === false);
  const permission = need === 'select' ? 'SELECT' : 'VIEW DEFINITION';
  const why = need === 'select' ? 'to read the rows' : 'defaults, computed columns and checks are read from their definitions';
  return [...bySchema(lacking)].map(([schema, inSchema]) => ({
    what: `${permission} on ${list(inSchema.map((t) => `${schema}.${t.table}`))} (${why})`,
    grant: `GRANT ${permission} ON SCHEMA::${quoteTsqlName(schema)} TO ${quoteTsqlName(grants.user)};`,
  }));
}

function schemaUsage(db: DatabaseFacts, schemas: readonly SchemaFacts[]): MissingGrant[] {
  return schemas
    .filter((s) => s.exists && !s.usage)
    .map((s) => ({ what: `USAGE on schema ${quotePgIdent(s.schema)}`, grant: `GRANT USAGE ON SCHEMA ${quotePgIdent(s.schema)} TO ${quotePgIdent(db.user)};` }));
}

function ownership(db: DatabaseFacts, tables: readonly TableFacts[], why: string): MissingGrant[] {
  const notOwned = tables.filter((t) => !t.owner);
  if (notOwned.length === 0) return [];
  const first = notOwned[0]!;
  return [
    {
      what: `ownership of ${tableList(notOwned)} (${why})`,
      grant:
        `as their owner or a superuser, ALTER TABLE ${quotePgQualified(first.schema, first.table)} OWNER TO ${quotePgIdent(db.user)};` +
        (notOwned.length > 1 ? ` (and the same for the other${notOwned.length > 2 ? ` ${notOwned.length - 1}` : ''})` : ''),
    },
  ];
}

function grantDatabase(db: DatabaseFacts): string {
  return `GRANT CREATE ON DATABASE ${quotePgIdent(db.database)} TO ${quotePgIdent(db.user)};`;
}

function bySchema<T extends { readonly schema: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(item.schema, [...(out.get(item.schema) ?? []), item]);
  return out;
}

function tableList(tables: readonly { readonly schema: string; readonly table: string }[]): string {
  return list(tables.map((t) => `${t.schema}.${t.table}`));
}

/** At most five names, then how many more. */
function list(names: readonly string[]): string {
  return names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
}
