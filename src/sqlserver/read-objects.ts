/**
 * The impure half of reading the objects beyond tables: run the object queries, tolerate the
 * ones a compatible engine cannot answer (a missing catalog view or column is recorded as
 * unavailable, with its consequence, never silently), hand the rows to the pure buildObjects.
 */
import type { CatalogModel } from '../catalog/model.js';
import type { DatabaseObjects } from '../catalog/objects.js';
import { Mssql2pgError } from '../errors.js';
import { buildObjects } from './build-objects.js';
import { TYPES_SQL } from './catalog-queries.js';
import type { InformationSchemaSequenceRow, ObjectRows, SequenceRow } from './object-rows.js';
import {
  DEPENDENCIES_SQL,
  FUNCTIONS_SQL,
  INFORMATION_SCHEMA_SEQUENCES_SQL,
  OBJECT_COLUMNS_SQL,
  PROCEDURES_SQL,
  SEQUENCES_2016_SQL,
  SEQUENCES_SQL,
  SQL_MODULES_SQL,
  SYNONYMS_SQL,
  TRIGGERS_SQL,
  VIEWS_SQL,
} from './object-queries.js';
import { readCatalog, type CatalogQueryRunner, type ReadCatalogOptions } from './read-catalog.js';
import { sqlErrorNumber } from './sql-error-number.js';

/**
 * SQL Server errors that mean "this engine has no such catalog view, column or function":
 * 208 invalid object name, 207 invalid column name, 195 not a built-in function, 4121 cannot
 * find the column or function.
 */
const MISSING_ON_ENGINE = new Set([195, 207, 208, 4121]);

export function isMissingOnEngine(error: unknown): boolean {
  const n = sqlErrorNumber(error);
  return n !== undefined && MISSING_ON_ENGINE.has(n);
}

export interface QueryTolerance {
  readonly failures: { view: string; error: string }[];
  /** Rows, or null after recording why when the engine lacks the view (or `anyError`: any failure). */
  run<T>(view: string, sql: string, anyError?: boolean): Promise<T[] | null>;
}

/** Runs catalog queries one after the other, recording the ones the engine cannot answer. */
export function tolerantRunner(runner: CatalogQueryRunner, options: ReadCatalogOptions): QueryTolerance {
  const failures: { view: string; error: string }[] = [];
  return {
    failures,
    async run<T>(view: string, sql: string, anyError = false): Promise<T[] | null> {
      options.signal?.throwIfAborted();
      try {
        return await runner.query<T>(sql);
      } catch (error) {
        if (anyError || isMissingOnEngine(error)) {
          failures.push({ view, error: messageOf(error) });
          return null;
        }
        throw new Mssql2pgError(`Reading the SQL Server catalog (${view}) failed: ${messageOf(error)}`, { cause: error });
      }
    },
  };
}

export async function readObjects(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<DatabaseObjects> {
  const t = tolerantRunner(runner, options);
  const rows: ObjectRows = {
    sequences: await readSequences(runner, t, options),
    views: await t.run('sys.views', VIEWS_SQL),
    objectColumns: await t.run('sys.columns', OBJECT_COLUMNS_SQL),
    types: (await t.run('sys.types', TYPES_SQL)) ?? [],
    modules: await t.run('sys.sql_modules', SQL_MODULES_SQL),
    // Visible only with SELECT on it (db_owner by default): any failure falls back to parsed names.
    dependencies: await t.run('sys.sql_expression_dependencies', DEPENDENCIES_SQL, true),
    procedures: await t.run('sys.procedures', PROCEDURES_SQL),
    functions: await t.run('sys.objects', FUNCTIONS_SQL),
    triggers: await t.run('sys.triggers', TRIGGERS_SQL),
    synonyms: await t.run('sys.synonyms', SYNONYMS_SQL),
    failures: t.failures,
  };
  return buildObjects(rows);
}

/**
 * sys.sequences with last_used_value (2017+); without it on SQL Server 2016 (a missing column,
 * no failure to report); INFORMATION_SCHEMA.SEQUENCES where sys.sequences does not exist.
 */
async function readSequences(runner: CatalogQueryRunner, t: QueryTolerance, options: ReadCatalogOptions): Promise<ObjectRows['sequences']> {
  options.signal?.throwIfAborted();
  try {
    return { rows: await runner.query<SequenceRow>(SEQUENCES_SQL) };
  } catch (error) {
    if (sqlErrorNumber(error) === 207) {
      const rows = await t.run<SequenceRow>('sys.sequences', SEQUENCES_2016_SQL);
      if (rows !== null) return { rows };
    } else if (!isMissingOnEngine(error)) {
      throw new Mssql2pgError(`Reading the SQL Server catalog (sys.sequences) failed: ${messageOf(error)}`, { cause: error });
    } else {
      t.failures.push({ view: 'sys.sequences', error: messageOf(error) });
    }
  }
  const fallback = await t.run<InformationSchemaSequenceRow>('INFORMATION_SCHEMA.SEQUENCES', INFORMATION_SCHEMA_SEQUENCES_SQL);
  return fallback === null ? null : { fallback };
}

/** The tables and the objects beyond them: what stages 1 and 3 and assess read. */
export async function readCatalogWithObjects(runner: CatalogQueryRunner, options: ReadCatalogOptions = {}): Promise<CatalogModel> {
  const catalog = await readCatalog(runner, options);
  return { ...catalog, objects: await readObjects(runner, options) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
