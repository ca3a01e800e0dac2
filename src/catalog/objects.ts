/**
 * The database's objects beyond tables, as the catalog describes them: what stages 1 and 3
 * create (sequences, views), what is exported for porting by hand (procedures, functions,
 * triggers, synonyms), and which catalog views the source engine could not answer. Values are
 * kept as SQL Server reports them (definitions as their T-SQL text, sequence bounds as exact
 * decimal text); nothing here knows about Postgres.
 */

/** `schema.name` of an object, as users write it: also its key in progress files (one namespace with tables). */
export function objectName(o: { readonly schema: string; readonly name: string }): string {
  return `${o.schema}.${o.name}`;
}

export interface DatabaseObjects {
  readonly sequences: readonly SequenceModel[];
  readonly views: readonly ViewModel[];
  /** Procedures, functions and triggers: code, never translated by mssql2pg. */
  readonly routines: readonly RoutineModel[];
  readonly synonyms: readonly SynonymModel[];
  /** Catalog reads the source engine could not answer (it lacks the view or column), each with why. */
  readonly unavailable: readonly UnavailableRead[];
}

export interface UnavailableRead {
  /** The catalog view, e.g. `sys.sequences`. */
  readonly view: string;
  /** What this means for the migration, in words a user can act on. */
  readonly consequence: string;
  /** The engine's message. */
  readonly error: string;
}

/** How many values SQL Server caches: NO CACHE, CACHE without a size (the engine picks), or CACHE n. */
export type SequenceCache = { readonly kind: 'none' } | { readonly kind: 'default' } | { readonly kind: 'size'; readonly size: number } | { readonly kind: 'unknown' };

/**
 * Where the sequence stands, for setting the target so that its next nextval() returns what
 * NEXT VALUE FOR would return next. `used: null` when the engine cannot tell a sequence that
 * was never used from one that returned its start value once (sys.sequences.last_used_value
 * appeared in SQL Server 2017).
 */
export type SequenceState =
  | { readonly known: true; readonly current: string; readonly used: boolean | null; readonly exhausted: boolean }
  | { readonly known: false; readonly reason: string };

export interface SequenceModel {
  readonly schema: string;
  readonly name: string;
  readonly objectId: number;
  /** Base system type, lower-case: tinyint, smallint, int, bigint, decimal or numeric (scale 0). */
  readonly type: string;
  readonly precision: number;
  /** Exact decimal text (a decimal(38,0) sequence exceeds any JS number). */
  readonly start: string;
  readonly increment: string;
  readonly minimum: string;
  readonly maximum: string;
  readonly cycle: boolean;
  readonly cache: SequenceCache;
  readonly state: SequenceState;
}

export interface ViewColumnModel {
  readonly name: string;
  readonly columnId: number;
  /** Base system type, lower-case (alias types resolved), or `schema.Name` for a CLR type. */
  readonly type: string;
  readonly maxLength: number;
  readonly precision: number;
  readonly scale: number;
  readonly collation: string | null;
  readonly nullable: boolean;
}

/** An object a view names: from sys.sql_expression_dependencies, resolved where the catalog could. */
export interface ViewDependency {
  /** null when the view names it without a schema and the engine did not resolve it. */
  readonly schema: string | null;
  readonly name: string;
  /** A reference into another database or server: outside what one migration can create. */
  readonly external: boolean;
}

export interface ViewModel {
  readonly schema: string;
  readonly name: string;
  readonly objectId: number;
  /** The CREATE VIEW text as written (sys.sql_modules); null WITH ENCRYPTION or without VIEW DEFINITION. */
  readonly definition: string | null;
  readonly columns: readonly ViewColumnModel[];
  /** null: the engine keeps no dependency catalog (the translator then uses the names it parses). */
  readonly dependencies: readonly ViewDependency[] | null;
  readonly schemaBound: boolean;
  readonly checkOption: boolean;
  /** Has a clustered index (an indexed, i.e. materialized, view); known where the inventory was read. */
  readonly indexed: boolean;
  /** SET QUOTED_IDENTIFIER when it was created: with OFF, "x" is a string, not a name. */
  readonly quotedIdentifier: boolean;
  /** SET ANSI_NULLS when it was created: with OFF, `x = NULL` is true for NULLs. */
  readonly ansiNulls: boolean;
}

export type RoutineKind = 'procedure' | 'function' | 'trigger';

export interface RoutineModel {
  readonly kind: RoutineKind;
  /** null for a database DDL trigger (not a schema-scoped object). */
  readonly schema: string | null;
  readonly name: string;
  readonly objectId: number;
  /**
   * sys.objects.type: P (T-SQL), PC (CLR), X (extended), RF (replication filter) procedures;
   * FN (scalar), IF (inline table-valued), TF (multi-statement table-valued), FS/FT (CLR
   * scalar/table-valued), AF (CLR aggregate) functions; TR (T-SQL), TA (CLR) triggers.
   */
  readonly type: string;
  /** T-SQL text; null for CLR and extended routines, WITH ENCRYPTION, or without VIEW DEFINITION. */
  readonly definition: string | null;
  /** Triggers only: the table or view it fires on, or null for a database DDL trigger. */
  readonly parent: { readonly schema: string; readonly name: string } | null;
  readonly disabled: boolean;
  readonly insteadOf: boolean;
}

export interface SynonymModel {
  readonly schema: string;
  readonly name: string;
  readonly objectId: number;
  /** sys.synonyms.base_object_name as written: `[db].[schema].[object]`, up to four parts. */
  readonly baseObject: string;
}

/** The name a routine is known by: `schema.name`, or `(database).name` for a database DDL trigger. */
export function routineName(r: RoutineModel): string {
  return r.schema === null ? `(database).${r.name}` : `${r.schema}.${r.name}`;
}

export const NO_OBJECTS: DatabaseObjects = { sequences: [], views: [], routines: [], synonyms: [], unavailable: [] };
