import { buildCreateTable, buildDropTable, type CreateTableOptions } from '../ddl/index.js';
import { applyInTransaction } from '../postgres/apply-ddl.js';
import { tableExists } from '../postgres/inspect.js';
import type { TableContext, TableResult, TableRunner } from '../run/run-stage.js';
import type { TypeMappingOptions } from '../typemap/index.js';
import type { OpenedTarget } from './target-mode.js';

export interface SchemaRunnerOptions {
  readonly target: OpenedTarget;
  readonly mapping: TypeMappingOptions;
  readonly resume: boolean;
  readonly dropExisting: boolean;
  readonly primaryKeys: boolean;
  /** The selected sequences a `NEXT VALUE FOR` default may name. */
  readonly sequences: CreateTableOptions['sequences'];
}

/** Creates one table: its DDL, the "already exists" decision, and one transaction. */
export function createSchemaTableRunner(o: SchemaRunnerOptions): TableRunner {
  return async (ctx: TableContext): Promise<TableResult> => {
    const ddl = buildCreateTable(ctx.model, ctx.names, o.mapping, { primaryKey: o.primaryKeys, sequences: o.sequences });
    for (const warning of ddl.warnings) ctx.warn(warning);
    if (o.target.mode === 'dry-run') {
      const comments = ddl.warnings.map((w) => `-- warning: ${w}`);
      o.target.print([`-- ${ctx.table}`, ...comments, ...ddl.statements.map((s) => `${s};`), ''].join('\n'));
      return { rows: 0 };
    }
    const pool = o.target.pool;
    const statements = [...ddl.statements];
    if (await tableExists(pool, ctx.names.schema, ctx.names.table)) {
      // On --resume, a table this tool started earlier but never recorded as completed is ours
      // to replace. Anything else may be someone's data: only --drop-existing replaces it.
      const ours = o.resume && (ctx.previous?.status === 'in_progress' || ctx.previous?.status === 'failed');
      if (!ours && !o.dropExisting) {
        throw new Error(
          `target table ${ddl.qualifiedTarget} already exists. Use --drop-existing to replace it ` +
            `(its data is lost), or --resume to skip tables completed by an earlier run.`,
        );
      }
      statements.unshift(buildDropTable(ddl.qualifiedTarget));
    }
    await applyInTransaction(pool, statements);
    return { rows: 0 };
  };
}
