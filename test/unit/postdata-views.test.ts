// The view translator, one construct per test: what each T-SQL construct becomes in PostgreSQL
// (with SQL Server's meaning), what is listed as a difference, and what is refused with which
// reason. The rows these views return are checked in PostgreSQL by
// test/integration/views.test.ts.
import { describe, expect, it } from 'vitest';
import { parseViewDefinition } from '../../src/postdata/query-parse.js';
import { column, table } from '../helpers/catalog-builder.js';
import { planOne, planShopViews, selectOf, TABLES, viewOf } from '../helpers/view-fixtures.js';

const FROM_CUSTOMERS = 'FROM "public"."customers" AS "customers"';

function differences(definition: string, columns: readonly string[]): readonly string[] {
  const p = planOne(definition, columns);
  if (p.kind !== 'create') throw new Error(p.reason);
  return p.differences;
}

describe('view translation: select lists, names and *', () => {
  it('aliases (AS, bare, alias = expr, string alias) and the target naming style', () => {
    expect(selectOf("CREATE VIEW dbo.v AS SELECT c.Id, c.Name AS CustomerName, City Town, Score2 = c.Score, c.Born 'BirthDay' FROM dbo.Customers c", ['Id', 'CustomerName', 'Town', 'Score2', 'BirthDay'])).toBe(
      'SELECT "c"."id" AS "id", "c"."name" AS "customer_name", "c"."city" AS "town", "c"."score" AS "score2", "c"."born" AS "birth_day" FROM "public"."customers" AS "c"',
    );
  });

  it('names the view\'s columns from the catalog, in the identifier style', () => {
    const p = planOne('CREATE VIEW dbo.v AS SELECT Id AS CustomerID, Name FROM dbo.Customers', ['CustomerID', 'Name nvarchar']);
    expect(p.kind === 'create' && p.sql.split('\n')[0]).toBe('CREATE VIEW "public"."v" ("customer_id", "name") AS');
  });

  it('expands * and t.* from the catalog, in column order', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT o.*, c.Name FROM dbo.Orders o INNER JOIN dbo.Customers c ON c.Id = o.CustomerId', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'SELECT "o"."id", "o"."customer_id", "o"."total", "o"."qty", "o"."placed_at", "o"."note", "c"."name" AS "name" FROM "public"."orders" AS "o" INNER JOIN "public"."customers" AS "c" ON "c"."id" = "o"."customer_id"',
    );
  });

  it('refuses when * now expands to more columns than the catalog lists (sp_refreshview)', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT * FROM dbo.Orders', ['Id'])).toMatch(/returns 6 columns today, but the catalog lists 1.*sp_refreshview/);
  });

  it('accepts comments, CREATE OR ALTER, bracketed and quoted names, a column list, WITH SCHEMABINDING and a trailing ;', () => {
    const text = `/* header /* nested */ */ -- note\nCREATE OR ALTER VIEW [dbo].[v] ([A]) WITH SCHEMABINDING AS SELECT "Id" FROM [dbo].[Customers];`;
    expect(selectOf(text, ['A'])).toBe(`SELECT "customers"."id" AS "id" ${FROM_CUSTOMERS}`);
    expect(parseViewDefinition(text)).toMatchObject({ name: ['dbo', 'v'], columns: ['A'], options: ['SCHEMABINDING'] });
  });

  it('reads "x" as a string when the view was created with QUOTED_IDENTIFIER OFF', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers WHERE City = "Bern"', ['Id'], { quotedIdentifier: false })).toBe(
      `SELECT "customers"."id" AS "id" ${FROM_CUSTOMERS} WHERE "customers"."city" = 'Bern'`,
    );
  });
});

describe('view translation: FROM and joins', () => {
  it('joins of every kind, and a comma join', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT c.Id FROM dbo.Customers c LEFT OUTER JOIN dbo.Orders o ON o.CustomerId = c.Id RIGHT JOIN dbo.Orders o2 ON o2.Id = o.Id FULL JOIN dbo.Orders o3 ON o3.Id = o2.Id CROSS JOIN dbo.Customers c2', ['Id'])).toBe(
      'SELECT "c"."id" AS "id" FROM "public"."customers" AS "c" LEFT JOIN "public"."orders" AS "o" ON "o"."customer_id" = "c"."id" RIGHT JOIN "public"."orders" AS "o2" ON "o2"."id" = "o"."id" FULL JOIN "public"."orders" AS "o3" ON "o3"."id" = "o2"."id" CROSS JOIN "public"."customers" AS "c2"',
    );
    expect(selectOf('CREATE VIEW dbo.v AS SELECT c.Id FROM dbo.Customers c, dbo.Orders o WHERE o.CustomerId = c.Id', ['Id'])).toBe(
      'SELECT "c"."id" AS "id" FROM "public"."customers" AS "c", "public"."orders" AS "o" WHERE "o"."customer_id" = "c"."id"',
    );
  });

  it('resolves an unqualified table in the view\'s schema, then dbo; and schema.table.column references', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT dbo.Customers.Id FROM Customers', ['Id'])).toBe(`SELECT "customers"."id" AS "id" ${FROM_CUSTOMERS}`);
  });

  it('gives two tables whose target names coincide distinct aliases', () => {
    // dbo.OrderLines and sales.Order_Lines are two exposed names in SQL Server, one table name (order_lines) in PostgreSQL.
    const a = table('dbo', 'OrderLines', [column('Id', 'int', { nullable: false })], { objectId: 3 });
    const b = table('sales', 'Order_Lines', [column('Id', 'int', { nullable: false })], { objectId: 4 });
    const v = viewOf('dbo', 'v', 'CREATE VIEW dbo.v AS SELECT OrderLines.Id FROM dbo.OrderLines JOIN sales.Order_Lines ON Order_Lines.Id = OrderLines.Id', ['Id']);
    const p = planShopViews([v], [...TABLES, a, b]).get('dbo.v');
    expect(p?.kind === 'create' ? p.sql : p?.reason).toBe(
      'CREATE VIEW "public"."v" ("id") AS\nSELECT "order_lines"."id" AS "id" FROM "public"."order_lines" AS "order_lines" INNER JOIN "sales"."order_lines" AS "order_lines_2" ON "order_lines_2"."id" = "order_lines"."id"',
    );
  });

  it('a derived table, its columns named by the inner select list', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT t.Id, t.Q FROM (SELECT CustomerId AS Id, SUM(Qty) AS Q FROM dbo.Orders GROUP BY CustomerId) AS t', ['Id', 'Q'])).toBe(
      'SELECT "t"."id" AS "id", "t"."q" AS "q" FROM (SELECT "orders"."customer_id" AS "id", sum("orders"."qty")::integer AS "q" FROM "public"."orders" AS "orders" GROUP BY "orders"."customer_id") AS "t"',
    );
  });

  it('drops WITH (NOLOCK) and lists it', () => {
    const d = differences('CREATE VIEW dbo.v AS SELECT c.Id FROM dbo.Customers c WITH (NOLOCK)', ['Id']);
    expect(d).toEqual(['view public.v: reads dbo.Customers WITH (NOLOCK) in SQL Server (uncommitted rows too); PostgreSQL reads committed rows']);
  });

  it.each([
    ['SELECT Id FROM OtherDb.dbo.Customers', /another database or server/],
    ['SELECT Id FROM dbo.Elsewhere', /dbo\.Elsewhere, which is not among the selected tables and views/],
    ['SELECT Id FROM dbo.Nowhere', /not a table or view of this database/],
    ['SELECT Id FROM dbo.fnOrders(1)', /reads from the function/],
    ['SELECT c.Id FROM dbo.Customers c CROSS APPLY dbo.Orders o', /CROSS APPLY/],
    ['SELECT c.Id FROM dbo.Customers c INNER HASH JOIN dbo.Orders o ON o.Id = c.Id', /join hint HASH/],
    ['SELECT Id FROM dbo.Customers WITH (UPDLOCK)', /table hint UPDLOCK/],
    ['SELECT Id FROM dbo.Customers c JOIN dbo.Orders o ON o.CustomerId = c.Id', /more than one source/],
    ['SELECT x.Id FROM dbo.Customers c', /not a column of any source/],
  ])('refuses %s', (query, reason) => {
    expect(selectOf(`CREATE VIEW dbo.v AS ${query}`, ['Id'])).toMatch(new RegExp(`^refused: its definition .*${reason.source}`));
  });
});

describe('view translation: WHERE, GROUP BY, HAVING, DISTINCT, UNION, TOP', () => {
  it('WHERE with the stage-3 comparison rules (bit, datetime literal forms, LIKE classes)', () => {
    expect(selectOf("CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers WHERE Code LIKE '[A-C]%' AND Active = 1 AND CreatedAt >= '20200101' AND Name <> N'x'", ['Id'])).toBe(
      `SELECT "customers"."id" AS "id" ${FROM_CUSTOMERS} WHERE (("customers"."code" ~* '^[A-C].*$' AND "customers"."active" = true) AND "customers"."created_at" >= '2020-01-01 00:00:00') AND "customers"."name" <> 'x'`,
    );
    expect(selectOf("CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers WHERE CreatedAt >= '2020-01-01'", ['Id'])).toMatch(/refused: .*DATEFORMAT/);
    expect(selectOf("CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers WHERE Seen >= '2020-01-01'", ['Id'])).toMatch(/refused: .*offset/);
  });

  it('GROUP BY and HAVING with aggregates in T-SQL\'s result types', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT CustomerId, SUM(Qty) AS Qty, COUNT(*) AS N, COUNT_BIG(Qty) AS NB, AVG(Qty) AS AvgQty, MIN(Total) AS MinTotal, SUM(Total) AS Sum FROM dbo.Orders GROUP BY CustomerId HAVING COUNT(*) > 1', ['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      'SELECT "orders"."customer_id" AS "customer_id", sum("orders"."qty")::integer AS "qty", count(*)::integer AS "n", count("orders"."qty") AS "nb", (sum("orders"."qty") / count("orders"."qty"))::integer AS "avg_qty", min("orders"."total") AS "min_total", sum("orders"."total")::numeric(19,4) AS "sum" FROM "public"."orders" AS "orders" GROUP BY "orders"."customer_id" HAVING count(*)::integer > 1',
    );
  });

  it('SUM and AVG of real are taken in double precision, as T-SQL returns float', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT SUM(Score) AS S, AVG(Score) AS A, SUM(DISTINCT Balance) AS B FROM dbo.Customers', ['S', 'A', 'B'])).toBe(
      `SELECT sum(("customers"."score")::double precision) AS "s", avg(("customers"."score")::double precision) AS "a", sum(DISTINCT "customers"."balance")::numeric(38,2) AS "b" ${FROM_CUSTOMERS}`,
    );
    expect(selectOf('CREATE VIEW dbo.v AS SELECT AVG(Balance) AS A FROM dbo.Customers', ['A'])).toMatch(/refused: .*AVG\(\) on a decimal value/);
  });

  it('lists grouping and DISTINCT on text under a _CI_ collation', () => {
    expect(differences('CREATE VIEW dbo.v AS SELECT DISTINCT City FROM dbo.Customers', ['City varchar'])).toEqual([
      "view public.v: DISTINCT compares text under the case-insensitive collation SQL_Latin1_General_CP1_CI_AS ('abc' and 'ABC' are one value there, two in PostgreSQL) and ignoring trailing spaces in SQL Server ('a' and 'a ' are one value there)",
    ]);
    expect(differences('CREATE VIEW dbo.v AS SELECT City, COUNT(*) AS N FROM dbo.Customers GROUP BY City', ['City varchar', 'N'])).toEqual([
      expect.stringMatching(/^view public\.v: GROUP BY compares text under the case-insensitive collation/),
    ]);
  });

  it('UNION and UNION ALL', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers UNION SELECT CustomerId FROM dbo.Orders UNION ALL SELECT 1', ['Id'])).toBe(
      `SELECT "customers"."id" AS "id" ${FROM_CUSTOMERS} UNION SELECT "orders"."customer_id" AS "customer_id" FROM "public"."orders" AS "orders" UNION ALL SELECT 1`,
    );
    expect(differences('CREATE VIEW dbo.v AS SELECT Name FROM dbo.Customers UNION SELECT Note FROM dbo.Orders', ['Name nvarchar'])).toEqual([
      expect.stringMatching(/^view public\.v: UNION \(without ALL\) compares text under the case-insensitive collation/),
    ]);
  });

  it('TOP n with ORDER BY becomes ORDER BY ... LIMIT n, NULLs sorted as SQL Server sorts them (lowest)', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT TOP (10) Id, Balance FROM dbo.Customers ORDER BY Balance DESC, Id', ['Id', 'Balance decimal'])).toBe(
      `SELECT "customers"."id" AS "id", "customers"."balance" AS "balance" ${FROM_CUSTOMERS} ORDER BY "customers"."balance" DESC NULLS LAST, "customers"."id" ASC NULLS FIRST LIMIT 10`,
    );
    // ORDER BY a select-list alias: SQL Server looks it up first.
    expect(selectOf('CREATE VIEW dbo.v AS SELECT TOP 3 Id, Balance * 2 AS Twice FROM dbo.Customers ORDER BY Twice', ['Id', 'Twice decimal'])).toMatch(/ORDER BY \("customers"\."balance" \* 2\) ASC NULLS FIRST LIMIT 3$/);
    expect(differences('CREATE VIEW dbo.v AS SELECT TOP 10 Name FROM dbo.Customers ORDER BY Name', ['Name nvarchar'])).toEqual([
      expect.stringMatching(/ORDER BY name with TOP: text is ordered by the collation/),
      'view public.v: TOP 10: rows that tie on the ORDER BY values may be picked differently by the two databases',
    ]);
  });

  it.each([
    ['SELECT Id FROM dbo.Customers ORDER BY Id', /ORDER BY without TOP/],
    ['SELECT TOP 5 Id FROM dbo.Customers', /TOP without ORDER BY/],
    ['SELECT TOP 5 PERCENT Id FROM dbo.Customers ORDER BY Id', /PERCENT/],
    ['SELECT TOP 5 WITH TIES Id FROM dbo.Customers ORDER BY Id', /WITH TIES/],
    ['SELECT Id FROM dbo.Customers EXCEPT SELECT CustomerId FROM dbo.Orders', /EXCEPT/],
    ['SELECT Id FROM dbo.Customers ORDER BY Id OFFSET 5 ROWS', /ORDER BY without TOP|OFFSET/],
    ['SELECT Id FROM dbo.Customers GROUP BY Id WITH ROLLUP', /ROLLUP/],
    ['SELECT Id FROM dbo.Customers FOR XML PATH', /FOR/],
  ])('refuses %s', (query, reason) => {
    expect(selectOf(`CREATE VIEW dbo.v AS ${query}`, ['Id'])).toMatch(new RegExp(`^refused: .*${reason.source}`));
  });
});

describe('view translation: expressions', () => {
  it('CASE, searched and simple (a bit compared with 1 is true)', () => {
    expect(selectOf("CREATE VIEW dbo.v AS SELECT CASE WHEN Balance > 100 THEN 'rich' WHEN Balance IS NULL THEN NULL ELSE 'poor' END AS Kind, CASE Active WHEN 1 THEN 'yes' ELSE 'no' END AS A FROM dbo.Customers", ['Kind', 'A'])).toBe(
      `SELECT CASE WHEN "customers"."balance" > 100 THEN 'rich' WHEN "customers"."balance" IS NULL THEN NULL ELSE 'poor' END AS "kind", CASE "customers"."active" WHEN true THEN 'yes' ELSE 'no' END AS "a" ${FROM_CUSTOMERS}`,
    );
    expect(selectOf("CREATE VIEW dbo.v AS SELECT CASE WHEN Active = 1 THEN Id ELSE 'none' END AS X FROM dbo.Customers", ['X'])).toMatch(/refused: .*mixes/);
  });

  it('ISNULL → COALESCE where the replacement fits the first argument\'s type; COALESCE and NULLIF', () => {
    expect(selectOf("CREATE VIEW dbo.v AS SELECT ISNULL(Name, N'?') AS N, ISNULL(Balance, 0) AS B, ISNULL(Score, 0.5) AS S, COALESCE(City, Name, 'x') AS C, NULLIF(Balance, 0) AS Z FROM dbo.Customers", ['N', 'B', 'S', 'C', 'Z'])).toBe(
      `SELECT COALESCE("customers"."name", '?') AS "n", COALESCE("customers"."balance", 0) AS "b", COALESCE("customers"."score", 0.5::real) AS "s", COALESCE("customers"."city", "customers"."name", 'x') AS "c", NULLIF("customers"."balance", 0) AS "z" ${FROM_CUSTOMERS}`,
    );
    expect(selectOf("CREATE VIEW dbo.v AS SELECT ISNULL(Code, 'toolong') AS C FROM dbo.Customers", ['C'])).toMatch(/refused: .*cuts the replacement to the first argument's length \(5\)/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT ISNULL(Id, 1.5) AS C FROM dbo.Customers', ['C'])).toMatch(/refused: .*converts the replacement to an integer/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT ISNULL(Balance, 0.125) AS C FROM dbo.Customers', ['C'])).toMatch(/refused: .*rounds the replacement to 2 decimal places/);
  });

  it('CAST and CONVERT without a style, where the conversion means the same', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT CAST(Id AS varchar(11)) AS S, CONVERT(int, Balance) AS I, CAST(CreatedAt AS date) AS D, CAST(Balance AS decimal(10,1)) AS B, CAST(Active AS int) AS A, CONVERT(bit, Id) AS F FROM dbo.Customers', ['S', 'I', 'D', 'B', 'A', 'F'])).toBe(
      `SELECT CAST("customers"."id" AS varchar(11)) AS "s", CAST(trunc("customers"."balance") AS integer) AS "i", CAST("customers"."created_at" AS date) AS "d", CAST("customers"."balance" AS numeric(10,1)) AS "b", CAST(CAST("customers"."active" AS integer) AS integer) AS "a", ("customers"."id" <> 0) AS "f" ${FROM_CUSTOMERS}`,
    );
  });

  it.each([
    ['CONVERT(varchar(10), CreatedAt, 120)', /CONVERT with a style/],
    ['CAST(Id AS varchar(5))', /may not fit 5 characters/],
    ['CAST(Score AS varchar(30))', /formats it as text differently/],
    ['CAST(Score AS decimal(10,2))', /binary float/],
    ['CAST(CreatedAt AS datetime2)', /precision changes/],
    ['CAST(Name AS date)', /DATEFORMAT|only ISO/],
    ['CAST(Id AS dbo.MyType)', /user-defined type/],
    ['TRY_CAST(Id AS int)', /TRY_CAST/],
  ])('refuses %s', (expr, reason) => {
    expect(selectOf(`CREATE VIEW dbo.v AS SELECT ${expr} AS X FROM dbo.Customers`, ['X'])).toMatch(new RegExp(`^refused: .*${reason.source}`));
  });

  it('lists nvarchar → varchar (code page) when converting', () => {
    expect(differences('CREATE VIEW dbo.v AS SELECT CAST(Name AS varchar(100)) AS X FROM dbo.Customers', ['X'])).toEqual([
      "view public.v: CAST of name to varchar: SQL Server replaces characters outside the column's code page with '?', PostgreSQL keeps them",
    ]);
  });

  it('+ on strings is || only where both sides are strings; a char(n) keeps its padding (rpad)', () => {
    expect(selectOf("CREATE VIEW dbo.v AS SELECT Name + N' (' + Code + ')' AS Label FROM dbo.Customers", ['Label'])).toBe(
      `SELECT ((("customers"."name" || ' (') || rpad("customers"."code", 5)) || ')') AS "label" ${FROM_CUSTOMERS}`,
    );
    expect(selectOf("CREATE VIEW dbo.v AS SELECT Name + Id AS X FROM dbo.Customers", ['X'])).toMatch(/refused: .*uses \+ on name \(nvarchar\) and id \(int\)/);
  });

  it('arithmetic: integer division and %, real with a decimal literal cast to real, money and decimal division refused', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Qty / 2 AS H, Qty % 3 AS R, -Qty AS N, Total + 1 AS T, Total * 2 AS D FROM dbo.Orders', ['H', 'R', 'N', 'T', 'D'])).toBe(
      'SELECT ("orders"."qty" / 2) AS "h", ("orders"."qty" % 3) AS "r", (-"orders"."qty") AS "n", ("orders"."total" + 1) AS "t", ("orders"."total" * 2) AS "d" FROM "public"."orders" AS "orders"',
    );
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Score * 1.5 AS S FROM dbo.Customers', ['S'])).toBe(`SELECT ("customers"."score" * (1.5)::real) AS "s" ${FROM_CUSTOMERS}`);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Total / 3 AS X FROM dbo.Orders', ['X'])).toMatch(/refused: .*divides decimal or money/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Balance / 3 AS X FROM dbo.Customers', ['X'])).toMatch(/refused: .*divides decimal or money/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Total * Balance AS X FROM dbo.Orders o, dbo.Customers c', ['X'])).toMatch(/refused: .*money.*rounds/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT CreatedAt + 1 AS X FROM dbo.Customers', ['X'])).toMatch(/refused: .*uses \+ on created_at \(datetime\)/);
  });

  it('GETDATE()/SYSDATETIME() → LOCALTIMESTAMP (listed), GETUTCDATE() → now() at UTC, LEN ignores trailing spaces', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT GETDATE() AS A, SYSDATETIME() AS B, CURRENT_TIMESTAMP AS C, GETUTCDATE() AS D, LEN(Name) AS L FROM dbo.Customers', ['A', 'B', 'C', 'D', 'L'])).toBe(
      `SELECT LOCALTIMESTAMP(3) AS "a", LOCALTIMESTAMP AS "b", LOCALTIMESTAMP(3) AS "c", (now() AT TIME ZONE 'utc')::timestamp(3) AS "d", length(rtrim("customers"."name", ' ')) AS "l" ${FROM_CUSTOMERS}`,
    );
    expect(differences('CREATE VIEW dbo.v AS SELECT GETDATE() AS A FROM dbo.Customers', ['A'])).toEqual([
      "view public.v: GETDATE() uses the local time: SQL Server takes it from its machine's clock, PostgreSQL's LOCALTIMESTAMP from the session's TimeZone setting",
    ]);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT LEN(Id) AS L FROM dbo.Customers', ['L'])).toMatch(/refused: .*LEN\(\) on something other than a string/);
  });

  it('YEAR, MONTH, DAY and DATEPART → EXTRACT as an integer (second without its fraction)', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT YEAR(CreatedAt) AS Y, MONTH(Born) AS M, DAY(Born) AS D, DATEPART(quarter, CreatedAt) AS Q, DATEPART(ss, CreatedAt) AS S, DATEPART(dy, Born) AS J FROM dbo.Customers', ['Y', 'M', 'D', 'Q', 'S', 'J'])).toBe(
      `SELECT EXTRACT(YEAR FROM "customers"."created_at")::integer AS "y", EXTRACT(MONTH FROM "customers"."born")::integer AS "m", EXTRACT(DAY FROM "customers"."born")::integer AS "d", EXTRACT(QUARTER FROM "customers"."created_at")::integer AS "q", floor(EXTRACT(SECOND FROM "customers"."created_at"))::integer AS "s", EXTRACT(DOY FROM "customers"."born")::integer AS "j" ${FROM_CUSTOMERS}`,
    );
    expect(selectOf('CREATE VIEW dbo.v AS SELECT DATEPART(weekday, Born) AS W FROM dbo.Customers', ['W'])).toMatch(/refused: .*DATEFIRST/);
    expect(selectOf('CREATE VIEW dbo.v AS SELECT YEAR(Seen) AS Y FROM dbo.Customers', ['Y'])).toMatch(/refused: .*datetimeoffset/);
  });

  it('sub-queries: scalar, EXISTS, IN (SELECT ...), correlated with the outer query', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Id, (SELECT COUNT(*) FROM dbo.Orders o WHERE o.CustomerId = c.Id) AS Orders FROM dbo.Customers c WHERE EXISTS (SELECT 1 FROM dbo.Orders o WHERE o.CustomerId = c.Id) AND Id NOT IN (SELECT CustomerId FROM dbo.Orders WHERE Qty > 5)', ['Id', 'Orders'])).toBe(
      'SELECT "c"."id" AS "id", (SELECT count(*)::integer FROM "public"."orders" AS "o" WHERE "o"."customer_id" = "c"."id") AS "orders" FROM "public"."customers" AS "c" WHERE EXISTS (SELECT 1 FROM "public"."orders" AS "o" WHERE "o"."customer_id" = "c"."id") AND "c"."id" NOT IN (SELECT "orders"."customer_id" AS "customer_id" FROM "public"."orders" AS "orders" WHERE "orders"."qty" > 5)',
    );
  });

  it('a bare NULL column takes the PostgreSQL type of the view\'s catalog column', () => {
    expect(selectOf('CREATE VIEW dbo.v AS SELECT Id, NULL AS Nothing FROM dbo.Customers', ['Id', 'Nothing int'])).toBe(
      `SELECT "customers"."id" AS "id", CAST(NULL AS integer) AS "nothing" ${FROM_CUSTOMERS}`,
    );
  });

  it.each([
    ["SELECT FORMAT(Id, 'x') AS X FROM dbo.Customers", /FORMAT\(\)/],
    ['SELECT dbo.fnTax(Balance) AS X FROM dbo.Customers', /user-defined function/],
    ['SELECT ROW_NUMBER() OVER (ORDER BY Id) AS X FROM dbo.Customers', /window function/],
    ['SELECT Id AS X FROM dbo.Customers WHERE Name = NULL', /ANSI_NULLS/],
    ['SELECT Name COLLATE Latin1_General_BIN AS X FROM dbo.Customers', /COLLATE|unexpected/],
    ['SELECT @@ROWCOUNT AS X', /variable/],
  ])('refuses %s', (query, reason) => {
    expect(selectOf(`CREATE VIEW dbo.v AS ${query}`, ['X'])).toMatch(new RegExp(`^refused: .*${reason.source}`));
  });
});

describe('view planning', () => {
  it('exports what cannot be read or was created under settings that change its meaning', () => {
    expect(planOne('x', ['Id'], { definition: null })).toMatchObject({ kind: 'export', reason: expect.stringMatching(/WITH ENCRYPTION/), definition: null });
    expect(planOne('CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers', ['Id'], { ansiNulls: false })).toMatchObject({ kind: 'export', reason: expect.stringMatching(/ANSI_NULLS OFF/) });
    expect(planOne('CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers WITH CHECK OPTION', ['Id'])).toMatchObject({ kind: 'export', reason: expect.stringMatching(/WITH CHECK OPTION/) });
    const external = planOne('CREATE VIEW dbo.v AS SELECT Id FROM dbo.Customers', ['Id'], { dependencies: [{ schema: 'dbo', name: 'Remote', external: true }] });
    expect(external).toMatchObject({ kind: 'export', reason: expect.stringMatching(/another database/) });
  });

  it('lists an indexed view as a plain one', () => {
    expect(planOne('CREATE VIEW dbo.v WITH SCHEMABINDING AS SELECT Id FROM dbo.Customers', ['Id'], { indexed: true })).toMatchObject({
      kind: 'create', differences: [expect.stringMatching(/an indexed view in SQL Server .* a plain view in PostgreSQL/)],
    });
  });

  it('plans views on views in dependency order, and exports a view that reads an exported one', () => {
    const base = viewOf('dbo', 'zBase', 'CREATE VIEW dbo.zBase AS SELECT Id, Name FROM dbo.Customers', ['Id', 'Name nvarchar']);
    const top = viewOf('dbo', 'aTop', 'CREATE VIEW dbo.aTop AS SELECT b.Id FROM dbo.zBase AS b WHERE b.Id > 1', ['Id']);
    const bad = viewOf('dbo', 'bBad', "CREATE VIEW dbo.bBad AS SELECT FORMAT(Id, 'x') AS X FROM dbo.Customers", ['X']);
    const onBad = viewOf('dbo', 'cOnBad', 'CREATE VIEW dbo.cOnBad AS SELECT X FROM dbo.bBad', ['X']);
    const plans = planShopViews([top, bad, onBad, base]);
    expect(plans.get('dbo.aTop')).toMatchObject({ kind: 'create', dependsOn: ['dbo.zBase'] });
    expect(plans.get('dbo.aTop')!.kind === 'create' && (plans.get('dbo.aTop') as { sql: string }).sql).toContain('FROM "public"."z_base" AS "b" WHERE "b"."id" > 1');
    expect(plans.get('dbo.cOnBad')).toMatchObject({ kind: 'export', reason: 'its definition reads the view dbo.bBad, which is not created (its definition calls FORMAT(), which is not translated)' });
  });

  it('resolves an unqualified name to the schema the dependency catalog says', () => {
    const v = viewOf('sales', 'v', 'CREATE VIEW sales.v AS SELECT Id FROM Customers', ['Id'], { dependencies: [{ schema: 'dbo', name: 'Customers', external: false }] });
    expect(planShopViews([v]).get('sales.v')).toMatchObject({ kind: 'create' });
  });
});
