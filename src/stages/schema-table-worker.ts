import type pg from 'pg';
import type { TableModel } from '../catalog/model.js';
import { buildCreateTable, buildDropTable } from '../ddl/index.js';
import type { TargetTableNames } from '../naming/index.js';
import type { TableContext, TableResult } from '../run/run-stage.js';
import { applyInTransaction } from '../postgres/apply-ddl.js';
import { tableExists } from '../postgres/inspect.js';
import type { TypeMappingOptions } from '../typemap/index.js';

export interface SchemaWorkerDeps {
  readonly byName: ReadonlyMap<string, TableModel>;
  readonly names: ReadonlyMap<string, TargetTableNames>;
  readonly mapping: TypeMappingOptions;
  /** null on --dry-run: print instead of executing. */
  readonly pool: pg.Pool | null;
  readonly resume: boolean;
  readonly dropExisting: boolean;
  readonly primaryKeys: boolean;
  readonly printDdl?: (sql: string) => void;
}

/** Creates one table: its DDL, the "already exists" decision, and one transaction. */
export function createSchemaTableWorker(deps: SchemaWorkerDeps) {
  return async (ctx: TableContext): Promise<TableResult> => {
    const table = deps.byName.get(ctx.table)!;
    const names = deps.names.get(ctx.table)!;
    const ddl = buildCreateTable(table, names, deps.mapping, { primaryKey: deps.primaryKeys });
    for (const warning of ddl.warnings) ctx.warn(warning);

    if (!deps.pool) {
      const comments = ddl.warnings.map((w) => `-- warning: ${w}`);
      deps.printDdl?.([`-- ${ctx.table}`, ...comments, ...ddl.statements.map((s) => `${s};`), ''].join('\n'));
      return { rows: 0 };
    }

    const statements = [...ddl.statements];
    if (await tableExists(deps.pool, names.schema, names.table)) {
      // On --resume, a table this tool started earlier but never recorded as completed is ours
      // to replace. Anything else may be someone's data: only --drop-existing replaces it.
      const ours = deps.resume && (ctx.previous?.status === 'in_progress' || ctx.previous?.status === 'failed');
      if (!ours && !deps.dropExisting) {
        throw new Error(
          `target table ${ddl.qualifiedTarget} already exists. Use --drop-existing to replace it ` +
            `(its data is lost), or --resume to skip tables completed by an earlier run.`,
        );
      }
      statements.unshift(buildDropTable(ddl.qualifiedTarget));
    }
    await applyInTransaction(deps.pool, statements);
    return { rows: 0 };
  };
}
