/**
 * One table's stage-3 plan: primary key, unique constraints, indexes, checks (in that order),
 * then its foreign keys; what is skipped and why; what differs in meaning.
 */
import type { CheckConstraintModel, ForeignKeyModel, IndexModel, KeyConstraintModel, TableModel } from '../catalog/model.js';
import { caseInsensitiveTextColumns, trailingSpaceKeyColumns, type TableColumns } from './column-facts.js';
import type { PostdataKind } from './object-names.js';
import {
  KIND_LABEL,
  type CheckItem,
  type ForeignKeyItem,
  type KeyItem,
  type PostdataOptions,
  type RenamedItem,
  type SkippedItem,
  type TablePostdataPlan,
} from './plan-types.js';
import {
  checkSql,
  createIndexSql,
  foreignKeySql,
  primaryKeySql,
  uniqueSql,
  validateConstraintSql,
  type TargetTable,
} from './postdata-ddl.js';
import { translatePredicate } from './translate-predicate.js';

export interface TablePlanContext {
  readonly table: TableModel;
  readonly target: TargetTable;
  readonly columns: TableColumns;
  readonly options: PostdataOptions;
  /** Claims the target name of one object (see object-names.ts for the rule). */
  readonly nameFor: (kind: PostdataKind, sourceName: string, targetColumns: readonly string[]) => { name: string; renamed: boolean };
  /** A selected table by source schema and name (case-insensitive), or undefined. */
  readonly referenced: (schema: string, table: string) => { key: string; target: TargetTable; columns: TableColumns } | undefined;
}

class TablePlanBuilder {
  readonly keys: (KeyItem | CheckItem)[] = [];
  readonly foreignKeys: ForeignKeyItem[] = [];
  readonly skipped: SkippedItem[] = [];
  readonly renamed: RenamedItem[] = [];
  readonly differences: string[] = [];
  clustered = 0;

  constructor(readonly ctx: TablePlanContext) {}

  name(kind: PostdataKind, sourceName: string, targetColumns: readonly string[]): string {
    const { name, renamed } = this.ctx.nameFor(kind, sourceName, targetColumns);
    if (renamed) this.renamed.push({ kind, sourceName, targetName: name });
    return name;
  }

  skip(kind: PostdataKind, sourceName: string, reason: string, original: string | null = null): void {
    this.skipped.push({ kind, sourceName, reason, original });
  }

  /** Target column names, or null after recording the skip. */
  targets(kind: PostdataKind, sourceName: string, columns: readonly string[]): string[] | null {
    const r = this.ctx.columns.targets(columns);
    if (r.ok) return r.targets;
    this.skip(kind, sourceName, `column ${r.missing} is not a column of the table`);
    return null;
  }

  /** The ways SQL Server's text keys are looser than PostgreSQL's: case (under _CI_) and trailing spaces. */
  noteTextKey(kind: PostdataKind, targetName: string, keyColumns: readonly string[]): void {
    const targetsOf = (names: readonly string[]): string => names.map((n) => this.ctx.columns.get(n)!.target).join(', ');
    const ci = caseInsensitiveTextColumns(this.ctx.columns, keyColumns);
    if (ci.length > 0) {
      const collation = this.ctx.columns.get(ci[0]!)!.collation;
      this.differences.push(
        `${KIND_LABEL[kind]} ${targetName}: ${targetsOf(ci)} ${ci.length > 1 ? 'have' : 'has'} the case-insensitive collation ${collation} in SQL Server ` +
          `('abc' and 'ABC' are one key there, two keys in PostgreSQL)`,
      );
    }
    const padded = trailingSpaceKeyColumns(this.ctx.columns, keyColumns);
    if (padded.length > 0) {
      this.differences.push(
        `${KIND_LABEL[kind]} ${targetName}: SQL Server ignores trailing spaces in ${targetsOf(padded)} ` +
          `('a' and 'a ' are one key there, two keys in PostgreSQL)`,
      );
    }
  }

  /** Whether any key column may hold NULL: only then does NULLS NOT DISTINCT change anything. */
  nullable(keyColumns: readonly string[]): boolean {
    return keyColumns.some((n) => this.ctx.columns.get(n)?.source.nullable ?? false);
  }
}

export function planTableItems(ctx: TablePlanContext): TablePostdataPlan {
  const b = new TablePlanBuilder(ctx);
  if (ctx.table.primaryKey !== null) planPrimaryKey(b, ctx.table.primaryKey);
  for (const u of ctx.table.uniqueConstraints) planUnique(b, u);
  for (const i of ctx.table.indexes) planIndex(b, i);
  for (const i of ctx.table.disabledIndexes) b.skip('index', i.name, 'is disabled in SQL Server (not maintained there), so it is not created');
  for (const c of ctx.table.checkConstraints) planCheck(b, c);
  for (const fk of ctx.table.foreignKeys) planForeignKey(b, fk);
  return {
    table: `${ctx.table.schema}.${ctx.table.name}`,
    target: ctx.target,
    keys: b.keys,
    foreignKeys: b.foreignKeys,
    skipped: b.skipped,
    renamed: b.renamed,
    differences: b.differences,
    clustered: b.clustered,
  };
}

function planPrimaryKey(b: TablePlanBuilder, pk: KeyConstraintModel): void {
  const cols = b.targets('primary-key', pk.name, pk.columns);
  if (cols === null) return;
  const name = b.name('primary-key', pk.name, cols);
  if (pk.clustered) b.clustered += 1;
  b.noteTextKey('primary-key', name, pk.columns);
  b.keys.push({ kind: 'primary-key', sourceName: pk.name, targetName: name, sql: primaryKeySql(b.ctx.target, name, cols) });
}

function planUnique(b: TablePlanBuilder, u: KeyConstraintModel): void {
  const cols = b.targets('unique', u.name, u.columns);
  if (cols === null) return;
  const name = b.name('unique', u.name, cols);
  if (u.clustered) b.clustered += 1;
  const nullable = b.nullable(u.columns);
  noteNulls(b, 'unique', name, nullable);
  b.noteTextKey('unique', name, u.columns);
  b.keys.push({ kind: 'unique', sourceName: u.name, targetName: name, sql: uniqueSql(b.ctx.target, name, cols, nullable && b.ctx.options.nullsNotDistinct) });
}

function noteNulls(b: TablePlanBuilder, kind: PostdataKind, name: string, nullable: boolean): void {
  if (!nullable || b.ctx.options.nullsNotDistinct) return;
  b.differences.push(
    `${KIND_LABEL[kind]} ${name}: SQL Server allows one NULL in a unique key; this PostgreSQL (before 15, no NULLS NOT DISTINCT) allows any number`,
  );
}

function planIndex(b: TablePlanBuilder, i: IndexModel): void {
  if (i.keyColumns.length === 0) return b.skip('index', i.name, 'has no key columns (a columnstore or special index)');
  const keys = b.targets('index', i.name, i.keyColumns.map((c) => c.name));
  const included = b.targets('index', i.name, i.includedColumns);
  if (keys === null || included === null) return;
  let where: string | null = null;
  let filterDifferences: readonly string[] = [];
  if (i.filter !== null) {
    const t = translatePredicate(i.filter, (n) => b.ctx.columns.get(n));
    if (!t.ok) return b.skip('index', i.name, `its filter ${t.reason}`, i.filter);
    where = t.sql;
    filterDifferences = t.differences;
  }
  const name = b.name('index', i.name, keys);
  if (i.clustered) b.clustered += 1;
  for (const d of filterDifferences) b.differences.push(`index ${name} filter: ${d}`);
  const nullable = i.unique && b.nullable(i.keyColumns.map((c) => c.name));
  if (i.unique) {
    noteNulls(b, 'index', name, nullable);
    b.noteTextKey('index', name, i.keyColumns.map((c) => c.name));
  }
  const spec = {
    name,
    unique: i.unique,
    keyColumns: i.keyColumns.map((c, n) => ({ name: keys[n]!, descending: c.descending })),
    includedColumns: included,
    nullsNotDistinct: nullable && b.ctx.options.nullsNotDistinct,
    where,
  };
  b.keys.push({ kind: 'index', sourceName: i.name, targetName: name, sql: createIndexSql(b.ctx.target, spec) });
}

function planCheck(b: TablePlanBuilder, c: CheckConstraintModel): void {
  if (c.disabled) return b.skip('check', c.name, 'is disabled in SQL Server', c.definition);
  const t = translatePredicate(c.definition, (n) => b.ctx.columns.get(n));
  if (!t.ok) return b.skip('check', c.name, t.reason, c.definition);
  const name = b.name('check', c.name, t.columns.slice(0, 1));
  for (const d of t.differences) b.differences.push(`check constraint ${name}: ${d}`);
  if (c.notTrusted) b.differences.push(`check constraint ${name}: not trusted in SQL Server (WITH NOCHECK), created NOT VALID`);
  b.keys.push({ kind: 'check', sourceName: c.name, targetName: name, sql: checkSql(b.ctx.target, name, t.sql, c.notTrusted), createdNotValid: c.notTrusted });
}

function planForeignKey(b: TablePlanBuilder, fk: ForeignKeyModel): void {
  if (fk.disabled) return b.skip('foreign-key', fk.name, 'is disabled in SQL Server');
  const ref = b.ctx.referenced(fk.referencedSchema, fk.referencedTable);
  if (ref === undefined) {
    return b.skip('foreign-key', fk.name, `references ${fk.referencedSchema}.${fk.referencedTable}, which is not among the selected tables`);
  }
  const cols = b.targets('foreign-key', fk.name, fk.columns);
  const refCols = ref.columns.targets(fk.referencedColumns);
  if (cols === null) return;
  if (!refCols.ok) return b.skip('foreign-key', fk.name, `column ${refCols.missing} is not a column of ${ref.key}`);
  const name = b.name('foreign-key', fk.name, cols);
  if (fk.notTrusted) b.differences.push(`foreign key ${name}: not trusted in SQL Server (WITH NOCHECK), created NOT VALID`);
  const notValid = fk.notTrusted || b.ctx.options.fkNotValid;
  const spec = { name, columns: cols, referenced: ref.target, referencedColumns: refCols.targets, onDelete: fk.onDelete, onUpdate: fk.onUpdate, notValid };
  b.foreignKeys.push({
    kind: 'foreign-key',
    sourceName: fk.name,
    targetName: name,
    sql: foreignKeySql(b.ctx.target, spec),
    createdNotValid: notValid,
    // An untrusted SQL Server FK stays unvalidated: its rows were never checked there either.
    validateSql: fk.notTrusted ? null : validateConstraintSql(b.ctx.target, name),
    references: ref.key,
  });
}
