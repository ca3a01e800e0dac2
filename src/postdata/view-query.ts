/**
 * A view's query rendered for PostgreSQL: FROM sources resolved to the target's tables and views
 * (and derived tables), `*` expanded from the catalog, joins, WHERE, GROUP BY/HAVING, UNION
 * [ALL], sub-queries, DISTINCT, and TOP n with ORDER BY as ORDER BY ... LIMIT n. Where SQL
 * Server's meaning differs in ways a reader must know (text under a collation, NULL order,
 * ties), the difference is listed; anything outside the subset is refused with the reason.
 */
import type { IdentifierStyle } from '../config/types.js';
import { quotePgIdent, quotePgQualified } from '../ddl/quote.js';
import { applyIdentifierStyle } from '../naming/identifier-style.js';
import { PredicateRefused } from './predicate-tokens.js';
import type { FromItem, OrderItem, QueryNode, SelectNode } from './sql-ast.js';
import { isBinaryCollation } from './translate-predicate.js';
import { ViewExpressionRenderer, type RenderedQuery } from './view-expression.js';
import { Scope } from './view-scope.js';
import type { SourceResolver, ValueType, ViewSource } from './view-types.js';

export interface ViewQueryOptions {
  readonly resolve: SourceResolver;
  /** For the names of derived tables' columns (the style every target name gets). */
  readonly identifierStyle: IdentifierStyle;
  /** PostgreSQL types of the view's columns: a bare NULL in the select list is cast to its column's type. */
  readonly columnTypes: readonly (string | null)[];
}

type Output = RenderedQuery['outputs'][number];

export class ViewQueryRenderer extends ViewExpressionRenderer {
  /** The tables and views (by `schema.name`) the query reads: its dependencies. */
  readonly reads = new Set<string>();

  constructor(private readonly o: ViewQueryOptions) {
    super();
    this.scope = new Scope(null);
  }

  renderView(query: QueryNode): RenderedQuery {
    return this.renderQuery(query, null, true, false);
  }

  protected renderSubquery(query: QueryNode): RenderedQuery {
    return this.renderQuery(query, this.scope, false, false);
  }

  private renderQuery(q: QueryNode, parent: Scope | null, top: boolean, inUnion: boolean): RenderedQuery {
    if (q.k === 'select') return this.renderSelect(q, parent, top, inUnion);
    const left = this.renderQuery(q.left, parent, top, true);
    const right = this.renderQuery(q.right, parent, top, true);
    if (left.outputs.length !== right.outputs.length) throw new PredicateRefused('has a UNION whose branches have different numbers of columns');
    if (!q.all) for (const out of left.outputs) this.noteGrouping(out.type, 'UNION (without ALL)');
    return { sql: `${left.sql} UNION ${q.all ? 'ALL ' : ''}${right.sql}`, outputs: left.outputs };
  }

  private renderSelect(s: SelectNode, parent: Scope | null, top: boolean, inUnion: boolean): RenderedQuery {
    const saved = this.scope;
    this.scope = new Scope(parent);
    try {
      if (inUnion && (s.top !== null || s.orderBy.length > 0)) throw new PredicateRefused('uses TOP or ORDER BY inside a UNION, which is not translated');
      if (s.orderBy.length > 0 && s.top === null) throw new PredicateRefused('uses ORDER BY without TOP, which a view does not keep');
      if (s.top !== null && s.orderBy.length === 0) throw new PredicateRefused('uses TOP without ORDER BY: which rows it returns is not defined');
      const from = s.from.map((f) => this.fromItem(f));
      const items: string[] = [];
      const outputs: Output[] = [];
      const expressions: { readonly name: string | null; readonly sql: string; readonly type: ValueType | null }[] = [];
      for (const item of s.items) {
        if (item.k === 'star') {
          for (const source of this.scope.star(item.qualifier)) {
            for (const c of source.columns) {
              items.push(`${quotePgIdent(source.pgAlias)}.${quotePgIdent(c.target)}`);
              outputs.push({ name: c.name, type: c.type });
            }
          }
          continue;
        }
        const v = this.expression(item.expr);
        const name = item.alias ?? (item.expr.k === 'column' ? item.expr.name : item.expr.k === 'qualified' ? item.expr.parts.at(-1)! : null);
        let sql = v.sql;
        const pgType = this.o.columnTypes[outputs.length];
        if (top && v.family === 'literal-null' && pgType) sql = `CAST(NULL AS ${pgType})`;
        items.push(name === null ? sql : `${sql} AS ${quotePgIdent(applyIdentifierStyle(name, this.o.identifierStyle))}`);
        outputs.push({ name, type: this.typeOf(v) });
        expressions.push({ name, sql, type: this.typeOf(v) });
      }
      if (s.distinct) for (const out of outputs) this.noteGrouping(out.type, 'DISTINCT');
      let sql = `SELECT ${s.distinct ? 'DISTINCT ' : ''}${items.join(', ')}`;
      if (from.length > 0) sql += ` FROM ${from.join(', ')}`;
      if (s.where !== null) sql += ` WHERE ${this.render(s.where)}`;
      if (s.groupBy.length > 0) {
        sql += ` GROUP BY ${s.groupBy.map((g) => {
          const v = this.expression(g);
          this.noteGrouping(this.typeOf(v), 'GROUP BY');
          return v.sql;
        }).join(', ')}`;
      }
      if (s.having !== null) sql += ` HAVING ${this.render(s.having)}`;
      if (s.orderBy.length > 0) sql += ` ORDER BY ${s.orderBy.map((item) => this.orderItem(item, expressions)).join(', ')} LIMIT ${s.top}`;
      if (s.top !== null) {
        this.difference(`TOP ${s.top}: rows that tie on the ORDER BY values may be picked differently by the two databases`);
      }
      return { sql, outputs };
    } finally {
      this.scope = saved;
    }
  }

  /** SQL Server sorts NULL lowest (first ascending, last descending); PostgreSQL the other way, unless told. */
  private orderItem(item: OrderItem, expressions: readonly { readonly name: string | null; readonly sql: string; readonly type: ValueType | null }[]): string {
    // ORDER BY may name a select-list alias, which SQL Server looks up first.
    const alias = item.expr.k === 'column' ? expressions.find((e) => e.name?.toLowerCase() === (item.expr as { name: string }).name.toLowerCase()) : undefined;
    let sql: string;
    let type: ValueType | null;
    if (alias !== undefined) {
      sql = alias.sql;
      type = alias.type;
    } else {
      const v = this.expression(item.expr);
      sql = v.sql;
      type = this.typeOf(v);
    }
    if (type?.family === 'text' && !isBinaryCollation(type.collation)) {
      this.difference(`ORDER BY ${type.target} with TOP: text is ordered by the collation ${type.collation ?? '(database default)'} in SQL Server, by the PostgreSQL collation here, so TOP may pick other rows`);
    }
    return `${sql} ${item.descending ? 'DESC NULLS LAST' : 'ASC NULLS FIRST'}`;
  }

  private fromItem(f: FromItem): string {
    switch (f.k) {
      case 'table':
        return this.fromTable(f);
      case 'derived': {
        const inner = this.renderQuery(f.query, this.scope.parent, false, false);
        const columns = inner.outputs.map((out) => {
          if (out.name === null) throw new PredicateRefused(`has a column without a name in the derived table ${f.alias}`);
          const target = applyIdentifierStyle(out.name, this.o.identifierStyle);
          return { name: out.name, target, type: out.type ?? ({ target, family: 'other', collation: null, sqlType: 'sql_variant', length: null, padded: false, precision: 0, scale: 0 } satisfies ValueType) };
        });
        this.scope.add({ exposed: f.alias, schema: null, pgAlias: f.alias, columns });
        return `(${inner.sql}) AS ${quotePgIdent(f.alias)}`;
      }
      case 'join': {
        const left = this.fromItem(f.left);
        const rightSql = this.fromItem(f.right);
        const right = f.right.k === 'join' ? `(${rightSql})` : rightSql;
        if (f.type === 'cross') return `${left} CROSS JOIN ${right}`;
        return `${left} ${f.type.toUpperCase()} JOIN ${right} ON ${this.render(f.on!)}`;
      }
    }
  }

  private fromTable(f: Extract<FromItem, { k: 'table' }>): string {
    if (f.parts.length > 2) throw new PredicateRefused(`reads ${f.parts.join('.')} from another database or server, which is not translated`);
    const [schema, name] = f.parts.length === 2 ? [f.parts[0]!, f.parts[1]!] : [null, f.parts[0]!];
    const found = this.o.resolve(schema, name);
    if ('refused' in found) throw new PredicateRefused(found.refused);
    const source: ViewSource = found;
    this.reads.add(source.key);
    if (f.nolock) this.difference(`reads ${source.key} WITH (NOLOCK) in SQL Server (uncommitted rows too); PostgreSQL reads committed rows`);
    // Two tables whose target names coincide (`Order_Lines` and `OrderLines` under snake) need
    // distinct aliases in one FROM, which SQL Server's different names gave them.
    const taken = new Set(this.scope.sources.map((x) => x.pgAlias));
    let pgAlias = f.alias ?? source.target.name;
    for (let n = 2; f.alias === null && taken.has(pgAlias); n += 1) pgAlias = `${source.target.name}_${n}`;
    this.scope.add({ exposed: f.alias ?? name, schema: f.alias === null ? source.schema : null, pgAlias, columns: source.columns });
    return `${quotePgQualified(source.target.schema, source.target.name)} AS ${quotePgIdent(pgAlias)}`;
  }
}
