/**
 * The parser for view definitions: the query around the expressions of expression-parse.ts
 * (which builds on the predicate parser of checks, predicate-parse.ts: the same tokens and the
 * same grammar for conditions):
 *
 *   view    := CREATE [OR ALTER] VIEW name [(columns)] [WITH options] AS query [WITH CHECK OPTION] [;]
 *   query   := select (UNION [ALL] select)*
 *   select  := SELECT [DISTINCT] [TOP n | TOP (n)] items [FROM from] [WHERE or] [GROUP BY values]
 *              [HAVING or] [ORDER BY value [ASC|DESC], ...]
 *   from    := source (join)* (, source (join)*)*
 *   source  := name [[AS] alias] [WITH (NOLOCK)] | (query) [AS] alias | (from)
 *
 * It parses only: whether PostgreSQL means the same is the renderer's decision (view-query.ts,
 * view-expression.ts), which refuses with a reason anything outside the subset.
 */
import { CLAUSE_WORDS, ExpressionParser } from './expression-parse.js';
import { boolean, unexpected, value } from './predicate-parse.js';
import { PredicateRefused, tokenizePredicate } from './predicate-tokens.js';
import type { FromItem, JoinType, OrderItem, PredicateNode, QueryNode, SelectItem, SelectNode, ViewDefinitionNode } from './sql-ast.js';

export interface ViewParseOptions {
  /** sys.sql_modules.uses_quoted_identifier: with OFF, `"x"` is a string. */
  readonly quotedIdentifier: boolean;
}

export function parseViewDefinition(text: string, options: ViewParseOptions = { quotedIdentifier: true }): ViewDefinitionNode {
  const parser = new ViewParser(tokenizePredicate(text, { comments: 'skip', quotedIdentifier: options.quotedIdentifier }));
  return parser.parseView();
}

class ViewParser extends ExpressionParser {
  parseView(): ViewDefinitionNode {
    this.expectWord('CREATE', 'does not start with CREATE VIEW');
    if (this.keyword('OR')) this.expectWord('ALTER', 'has CREATE OR without ALTER');
    this.expectWord('VIEW', 'is not a CREATE VIEW statement');
    const name = this.parseName();
    let columns: string[] | null = null;
    if (this.peek()?.k === 'lparen') {
      this.next();
      columns = [this.identifier('a column name')];
      while (this.peek()?.k === 'comma') {
        this.next();
        columns.push(this.identifier('a column name'));
      }
      this.expect('rparen', 'has an unclosed column list');
    }
    const options: string[] = [];
    if (this.keyword('WITH')) {
      do options.push(this.identifier('a view option').toUpperCase());
      while (this.comma());
    }
    this.expectWord('AS', 'has no AS before its query');
    const query = this.parseQuery();
    let checkOption = false;
    if (this.keyword('WITH')) {
      this.expectWord('CHECK', 'has an unexpected WITH after its query');
      this.expectWord('OPTION', 'has WITH CHECK without OPTION');
      checkOption = true;
    }
    while (this.peekOther(';')) this.next();
    this.expectEnd();
    return { name, columns, options, query, checkOption };
  }

  parseQuery(): QueryNode {
    let query: QueryNode = this.parseSelect();
    for (;;) {
      if (this.keyword('UNION')) {
        const all = this.keyword('ALL');
        query = { k: 'union', all, left: query, right: this.parseSelect() };
      } else if (this.word('EXCEPT') || this.word('INTERSECT')) {
        throw new PredicateRefused(`uses ${(this.peek() as { text: string }).text.toUpperCase()}, which is not translated`);
      } else {
        return query;
      }
    }
  }

  private parseSelect(): SelectNode {
    if (this.peek()?.k === 'lparen') throw new PredicateRefused('uses a parenthesized SELECT in a UNION, which is not translated');
    this.expectWord('SELECT', 'has no SELECT where a query is expected');
    if (this.keyword('ALL')) {
      /* the default */
    }
    const distinct = this.keyword('DISTINCT');
    let top: string | null = null;
    if (this.keyword('TOP')) top = this.parseTop();
    const items = [this.parseSelectItem()];
    while (this.comma()) items.push(this.parseSelectItem());
    if (this.word('INTO')) throw new PredicateRefused('uses SELECT INTO, which a view cannot');
    const from = this.keyword('FROM') ? this.parseFromList() : [];
    const where = this.keyword('WHERE') ? boolean(this.parseOr()) : null;
    const groupBy: PredicateNode[] = [];
    if (this.keyword('GROUP')) {
      this.expectWord('BY', 'has GROUP without BY');
      if (this.word('ALL')) throw new PredicateRefused('uses GROUP BY ALL, which is not translated');
      do groupBy.push(value(this.parseValue()));
      while (this.comma());
      if (this.word('WITH')) throw new PredicateRefused('uses GROUP BY ... WITH ROLLUP/CUBE, which is not translated');
    }
    const having = this.keyword('HAVING') ? boolean(this.parseOr()) : null;
    const orderBy: OrderItem[] = [];
    if (this.keyword('ORDER')) {
      this.expectWord('BY', 'has ORDER without BY');
      do {
        const expr = value(this.parseValue());
        const descending = this.keyword('DESC');
        if (!descending) this.keyword('ASC');
        orderBy.push({ expr, descending });
      } while (this.comma());
      if (this.word('OFFSET')) throw new PredicateRefused('uses ORDER BY ... OFFSET, which is not translated');
    }
    for (const w of ['FOR', 'OPTION']) if (this.word(w)) throw new PredicateRefused(`uses ${w}, which is not translated`);
    return { k: 'select', distinct, top, items, from, where, groupBy, having, orderBy };
  }

  private parseTop(): string {
    const paren = this.peek()?.k === 'lparen';
    if (paren) this.next();
    const n = this.next();
    if (n?.k !== 'number' || !/^\d+$/.test(n.text)) throw new PredicateRefused('uses TOP with something other than a whole number');
    if (paren) this.expect('rparen', 'has an unclosed TOP (');
    if (this.word('PERCENT')) throw new PredicateRefused('uses TOP ... PERCENT, which is not translated');
    if (this.word('WITH')) throw new PredicateRefused('uses TOP ... WITH TIES, which is not translated');
    return n.text;
  }

  private parseSelectItem(): SelectItem {
    const t = this.peek();
    if (t?.k === 'other' && t.text === '*') {
      this.next();
      return { k: 'star', qualifier: null };
    }
    // `alias = expression` is T-SQL's other way to name a column.
    const eq = this.tokens[this.i + 1];
    if (t?.k === 'ident' && eq?.k === 'op' && eq.text === '=' && (t.bracketed || !CLAUSE_WORDS.has(t.text.toUpperCase()))) {
      this.i += 2;
      return { k: 'expr', expr: value(this.parseValue()), alias: t.text };
    }
    if (t?.k === 'string' && eq?.k === 'op' && eq.text === '=') {
      this.i += 2;
      return { k: 'expr', expr: value(this.parseValue()), alias: t.value };
    }
    const star = this.qualifiedStar();
    if (star !== null) return { k: 'star', qualifier: star };
    const expr = value(this.parseValue());
    return { k: 'expr', expr, alias: this.optionalAlias(true) };
  }

  /** `t.*` or `dbo.t.*`: the parts before the star, or null (and nothing consumed). */
  private qualifiedStar(): string[] | null {
    let j = this.i;
    const parts: string[] = [];
    for (;;) {
      const t = this.tokens[j];
      const dot = this.tokens[j + 1];
      if (t?.k !== 'ident' || dot?.k !== 'other' || dot.text !== '.') break;
      parts.push(t.text);
      j += 2;
      const star = this.tokens[j];
      if (star?.k === 'other' && star.text === '*') {
        this.i = j + 1;
        return parts;
      }
    }
    return null;
  }

  /** `[AS] alias` after a select item (a string too) or a FROM source. */
  private optionalAlias(allowString: boolean): string | null {
    const as = this.keyword('AS');
    const t = this.peek();
    if (t?.k === 'ident' && (t.bracketed || !CLAUSE_WORDS.has(t.text.toUpperCase()))) {
      this.next();
      return t.text;
    }
    if (allowString && t?.k === 'string') {
      this.next();
      return t.value;
    }
    if (as) throw unexpected(t, 'has AS without an alias');
    return null;
  }

  private parseFromList(): FromItem[] {
    const items = [this.parseJoins()];
    while (this.comma()) items.push(this.parseJoins());
    return items;
  }

  private parseJoins(): FromItem {
    let left = this.parseSource();
    for (;;) {
      const type = this.joinType();
      if (type === null) return left;
      const right = this.parseSource();
      let on: PredicateNode | null = null;
      if (type !== 'cross') {
        this.expectWord('ON', 'has a JOIN without ON');
        on = boolean(this.parseOr());
      }
      left = { k: 'join', type, left, right, on };
    }
  }

  private joinType(): JoinType | null {
    if (this.keyword('JOIN')) return 'inner';
    if (this.keyword('INNER')) return this.joinKeyword('inner');
    for (const [word, type] of [['LEFT', 'left'], ['RIGHT', 'right'], ['FULL', 'full']] as const) {
      if (this.keyword(word)) {
        this.keyword('OUTER');
        return this.joinKeyword(type);
      }
    }
    if (this.keyword('CROSS')) {
      if (this.word('APPLY')) throw new PredicateRefused('uses CROSS APPLY, which is not translated');
      return this.joinKeyword('cross');
    }
    if (this.word('OUTER')) throw new PredicateRefused('uses OUTER APPLY, which is not translated');
    return null;
  }

  private joinKeyword(type: JoinType): JoinType {
    const t = this.peek();
    if (t?.k === 'ident' && !t.bracketed && /^(LOOP|HASH|MERGE|REMOTE)$/i.test(t.text)) {
      throw new PredicateRefused(`uses the join hint ${t.text.toUpperCase()}, which is not translated`);
    }
    this.expectWord('JOIN', `has ${type.toUpperCase()} without JOIN`);
    return type;
  }

  private parseSource(): FromItem {
    if (this.peek()?.k === 'lparen') {
      this.next();
      if (this.word('SELECT')) {
        const query = this.parseQuery();
        this.expect('rparen', 'has an unclosed derived table');
        const alias = this.optionalAlias(false);
        if (alias === null) throw new PredicateRefused('has a derived table without an alias');
        return { k: 'derived', query, alias };
      }
      const inner = this.parseJoins();
      this.expect('rparen', 'has an unclosed parenthesis in FROM');
      return inner;
    }
    const parts = this.parseName();
    if (this.peek()?.k === 'lparen') throw new PredicateRefused(`reads from the function ${parts.join('.')}(), which is not translated`);
    const alias = this.optionalAlias(false);
    if (this.word('WITH') && this.tokens[this.i + 1]?.k === 'lparen') {
      this.next();
      this.next();
      const hint = this.identifier('a table hint').toUpperCase();
      this.expect('rparen', 'has an unclosed table hint');
      if (hint !== 'NOLOCK') throw new PredicateRefused(`uses the table hint ${hint}, which is not translated`);
      return { k: 'table', parts, alias, nolock: true };
    }
    return { k: 'table', parts, alias, nolock: false };
  }

  /** `a`, `a.b`, `[a].[b].[c]`: up to four parts (the renderer decides which it takes). */
  private parseName(): string[] {
    const parts = [this.identifier('a name')];
    while (this.peekOther('.')) {
      this.next();
      parts.push(this.identifier('a name'));
    }
    return parts;
  }
}
