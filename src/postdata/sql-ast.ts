/**
 * The syntax tree of the T-SQL that stage 3 translates: predicates (checks, index filters) and
 * view queries. One file for both, so the predicate parser and the view parser that extends it
 * share node types without importing each other.
 */

export type CompareOp = '=' | '<>' | '<' | '>' | '<=' | '>=';

export type PredicateNode =
  | { readonly k: 'column'; readonly name: string }
  | ViewExpressionNode
  | { readonly k: 'number'; readonly text: string }
  | { readonly k: 'string'; readonly value: string }
  | { readonly k: 'null' }
  | { readonly k: 'compare'; readonly op: CompareOp; readonly left: PredicateNode; readonly right: PredicateNode }
  | { readonly k: 'in'; readonly not: boolean; readonly operand: PredicateNode; readonly list: readonly PredicateNode[] }
  | { readonly k: 'between'; readonly not: boolean; readonly operand: PredicateNode; readonly low: PredicateNode; readonly high: PredicateNode }
  | { readonly k: 'like'; readonly not: boolean; readonly operand: PredicateNode; readonly pattern: PredicateNode }
  | { readonly k: 'isnull'; readonly not: boolean; readonly operand: PredicateNode }
  | { readonly k: 'and' | 'or'; readonly left: PredicateNode; readonly right: PredicateNode }
  | { readonly k: 'not'; readonly operand: PredicateNode };

/**
 * The value expressions only views use (query-parse.ts builds them). They live in this union so
 * that a view's WHERE and a check share one renderer for comparisons and literals.
 */
export type ViewExpressionNode =
  | { readonly k: 'qualified'; readonly parts: readonly string[] }
  | { readonly k: 'arith'; readonly op: '+' | '-' | '*' | '/' | '%'; readonly left: PredicateNode; readonly right: PredicateNode }
  | { readonly k: 'negate'; readonly operand: PredicateNode }
  | { readonly k: 'call'; readonly name: string; readonly args: readonly PredicateNode[]; readonly distinct: boolean; readonly star: boolean }
  | { readonly k: 'datepart'; readonly part: string; readonly operand: PredicateNode }
  | { readonly k: 'case'; readonly operand: PredicateNode | null; readonly whens: readonly { readonly when: PredicateNode; readonly then: PredicateNode }[]; readonly otherwise: PredicateNode | null }
  | { readonly k: 'cast'; readonly operand: PredicateNode; readonly type: TypeSpec; readonly style: PredicateNode | null }
  | { readonly k: 'subquery'; readonly query: QueryNode }
  | { readonly k: 'exists'; readonly query: QueryNode }
  | { readonly k: 'in-query'; readonly not: boolean; readonly operand: PredicateNode; readonly query: QueryNode };

/** A T-SQL type as CAST/CONVERT name it: `decimal(12,2)`, `nvarchar(max)`, `int`. */
export interface TypeSpec {
  readonly name: string;
  /** `(n)`, `(p, s)` as written; `max` for (max); empty without parentheses. */
  readonly args: readonly string[];
}


/** A SELECT, or a UNION [ALL] of two. */
export type QueryNode = SelectNode | { readonly k: 'union'; readonly all: boolean; readonly left: QueryNode; readonly right: QueryNode };

export interface SelectNode {
  readonly k: 'select';
  readonly distinct: boolean;
  /** TOP n: the row count as written (a literal), or null. */
  readonly top: string | null;
  readonly items: readonly SelectItem[];
  /** Comma-separated FROM items, each a table, a derived table or a join tree. */
  readonly from: readonly FromItem[];
  readonly where: PredicateNode | null;
  readonly groupBy: readonly PredicateNode[];
  readonly having: PredicateNode | null;
  readonly orderBy: readonly OrderItem[];
}

export type SelectItem =
  | { readonly k: 'star'; readonly qualifier: readonly string[] | null }
  | { readonly k: 'expr'; readonly expr: PredicateNode; readonly alias: string | null };

export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross';

export type FromItem =
  | { readonly k: 'table'; readonly parts: readonly string[]; readonly alias: string | null; readonly nolock: boolean }
  | { readonly k: 'derived'; readonly query: QueryNode; readonly alias: string }
  | { readonly k: 'join'; readonly type: JoinType; readonly left: FromItem; readonly right: FromItem; readonly on: PredicateNode | null };

export interface OrderItem {
  readonly expr: PredicateNode;
  readonly descending: boolean;
}

/** `CREATE VIEW name [(columns)] [WITH options] AS query [WITH CHECK OPTION]`. */
export interface ViewDefinitionNode {
  readonly name: readonly string[];
  readonly columns: readonly string[] | null;
  readonly options: readonly string[];
  readonly query: QueryNode;
  readonly checkOption: boolean;
}
