-- mssql2pg demo: a small shop database, written for this project (npm run demo loads it).
--
-- Idempotent: creates the database when missing and drops and recreates every table, so it
-- can be run again at any time. Every generated value is a function of a row number, so two
-- loads hold the same data (except the columns filled by NEWID() and rowversion).
--
-- `GO` separates batches. It is not T-SQL: sqlcmd and SSMS split on it, and so does
-- scripts/demo-sample-db.ts. The first batch runs in the login's database; the demo runs the
-- others connected to mssql2pg_demo (the USE makes sqlcmd -i do the same).
--
-- Rows: Categories 12, Products 400, Customers 1000, Addresses 1500, Orders 3000,
-- OrderLines 6000, Payments 2700, Warehouses 4, Inventory 1600, Reviews 800.
-- Beyond tables (at the end): five views (four mssql2pg translates, one it exports), a
-- sequence, a procedure, a function and a trigger, so `mssql2pg assess` has every verdict to show.

IF DB_ID(N'mssql2pg_demo') IS NULL CREATE DATABASE mssql2pg_demo;
GO
USE mssql2pg_demo;
GO

-- Views, routines and the sequence first (views read the tables), then the tables, children
-- before parents, so the foreign keys never block a drop.
DROP VIEW IF EXISTS dbo.vVipCustomers;
DROP VIEW IF EXISTS dbo.vCustomerOrderTotals;
DROP VIEW IF EXISTS dbo.vProductCatalog;
DROP VIEW IF EXISTS dbo.vTopReviewedProducts;
DROP VIEW IF EXISTS dbo.vMonthlySales;
DROP PROCEDURE IF EXISTS dbo.usp_NextInvoiceNumber;
DROP FUNCTION IF EXISTS dbo.fn_OrderCount;
DROP SEQUENCE IF EXISTS dbo.InvoiceNumbers;
DROP TABLE IF EXISTS dbo.Reviews;
DROP TABLE IF EXISTS dbo.Inventory;
DROP TABLE IF EXISTS dbo.Warehouses;
DROP TABLE IF EXISTS dbo.Payments;
DROP TABLE IF EXISTS dbo.OrderLines;
DROP TABLE IF EXISTS dbo.Orders;
DROP TABLE IF EXISTS dbo.Addresses;
DROP TABLE IF EXISTS dbo.Customers;
DROP TABLE IF EXISTS dbo.Products;
DROP TABLE IF EXISTS dbo.Categories;
GO

CREATE TABLE dbo.Categories (
  CategoryId       smallint      NOT NULL CONSTRAINT PK_Categories PRIMARY KEY,
  Name             nvarchar(50)  NOT NULL CONSTRAINT UQ_Categories_Name UNIQUE,
  ParentCategoryId smallint      NULL CONSTRAINT FK_Categories_Parent REFERENCES dbo.Categories (CategoryId)
);

CREATE TABLE dbo.Products (
  ProductId      int            IDENTITY(1,1) NOT NULL CONSTRAINT PK_Products PRIMARY KEY,
  Sku            varchar(20)    NOT NULL CONSTRAINT UQ_Products_Sku UNIQUE,
  Name           nvarchar(200)  NOT NULL,
  CategoryId     smallint       NOT NULL CONSTRAINT FK_Products_Categories REFERENCES dbo.Categories (CategoryId),
  Price          decimal(12,2)  NOT NULL CONSTRAINT CK_Products_Price CHECK (Price >= 0),
  WeightKg       real           NULL,
  IsDiscontinued bit            NOT NULL CONSTRAINT DF_Products_IsDiscontinued DEFAULT ((0)),
  Thumbnail      varbinary(max) NULL,
  AddedOn        date           NOT NULL CONSTRAINT DF_Products_AddedOn DEFAULT (getdate())
);
CREATE INDEX IX_Products_CategoryId ON dbo.Products (CategoryId) INCLUDE (Price);

CREATE TABLE dbo.Customers (
  CustomerId int              IDENTITY(1,1) NOT NULL CONSTRAINT PK_Customers PRIMARY KEY,
  ExternalId uniqueidentifier NOT NULL CONSTRAINT DF_Customers_ExternalId DEFAULT (newid()),
  Email      varchar(200)     NOT NULL CONSTRAINT UQ_Customers_Email UNIQUE,
  FullName   nvarchar(100)    NOT NULL,
  Status     nvarchar(20)     NOT NULL CONSTRAINT DF_Customers_Status DEFAULT (N'new'),
  IsVip      bit              NOT NULL CONSTRAINT DF_Customers_IsVip DEFAULT ((0)),
  BirthDate  date             NULL,
  CreatedAt  datetime2(7)     NOT NULL CONSTRAINT DF_Customers_CreatedAt DEFAULT (sysdatetime()),
  Notes      nvarchar(max)    NULL
);

CREATE TABLE dbo.Addresses (
  AddressId  int           IDENTITY(1,1) NOT NULL CONSTRAINT PK_Addresses PRIMARY KEY,
  CustomerId int           NOT NULL CONSTRAINT FK_Addresses_Customers REFERENCES dbo.Customers (CustomerId) ON DELETE CASCADE,
  Kind       varchar(10)   NOT NULL CONSTRAINT CK_Addresses_Kind CHECK (Kind IN ('billing', 'shipping')),
  Line1      nvarchar(200) NOT NULL,
  City       nvarchar(100) NOT NULL,
  PostalCode varchar(16)   NULL,
  Country    char(2)       NOT NULL,
  Latitude   float         NULL,
  Longitude  float         NULL
);

CREATE TABLE dbo.Orders (
  OrderId     int               IDENTITY(1,1) NOT NULL CONSTRAINT PK_Orders PRIMARY KEY,
  OrderNumber varchar(20)       NOT NULL CONSTRAINT UQ_Orders_OrderNumber UNIQUE,
  CustomerId  int               NOT NULL CONSTRAINT FK_Orders_Customers REFERENCES dbo.Customers (CustomerId),
  OrderedAt   datetimeoffset(7) NOT NULL,
  Status      nvarchar(20)      NOT NULL CONSTRAINT DF_Orders_Status DEFAULT (N'new'),
  ShippingFee smallmoney        NOT NULL CONSTRAINT DF_Orders_ShippingFee DEFAULT ((0)),
  Total       money             NULL,
  Notes       nvarchar(400)     NULL,
  RowVer      rowversion        NOT NULL
);
CREATE INDEX IX_Orders_CustomerId_OrderedAt ON dbo.Orders (CustomerId, OrderedAt DESC);

-- [LineNo] needs brackets: LINENO is a reserved word in T-SQL.
CREATE TABLE dbo.OrderLines (
  OrderId   int           NOT NULL CONSTRAINT FK_OrderLines_Orders REFERENCES dbo.Orders (OrderId) ON DELETE CASCADE,
  [LineNo]  smallint      NOT NULL,
  ProductId int           NOT NULL CONSTRAINT FK_OrderLines_Products REFERENCES dbo.Products (ProductId),
  Quantity  int           NOT NULL CONSTRAINT CK_OrderLines_Quantity CHECK (Quantity > 0),
  UnitPrice decimal(12,2) NOT NULL,
  Discount  decimal(5,4)  NOT NULL CONSTRAINT DF_OrderLines_Discount DEFAULT ((0)),
  LineTotal AS (CONVERT(decimal(19,4), Quantity * UnitPrice * (1 - Discount))) PERSISTED,
  CONSTRAINT PK_OrderLines PRIMARY KEY (OrderId, [LineNo])
);

CREATE TABLE dbo.Payments (
  PaymentId   bigint           IDENTITY(1,1) NOT NULL CONSTRAINT PK_Payments PRIMARY KEY,
  PaymentGuid uniqueidentifier NOT NULL CONSTRAINT DF_Payments_PaymentGuid DEFAULT (newid()),
  OrderId     int              NOT NULL CONSTRAINT FK_Payments_Orders REFERENCES dbo.Orders (OrderId),
  Amount      money            NOT NULL,
  Method      varchar(20)      NOT NULL,
  PaidAt      datetime2(3)     NOT NULL,
  Reference   varbinary(32)    NULL
);

CREATE TABLE dbo.Warehouses (
  WarehouseId tinyint       NOT NULL CONSTRAINT PK_Warehouses PRIMARY KEY,
  Code        char(4)       NOT NULL,
  Name        nvarchar(100) NOT NULL,
  OpenedOn    date          NOT NULL
);

CREATE TABLE dbo.Inventory (
  WarehouseId    tinyint      NOT NULL CONSTRAINT FK_Inventory_Warehouses REFERENCES dbo.Warehouses (WarehouseId),
  ProductId      int          NOT NULL CONSTRAINT FK_Inventory_Products REFERENCES dbo.Products (ProductId),
  QuantityOnHand bigint       NOT NULL,
  ReorderLevel   smallint     NOT NULL CONSTRAINT DF_Inventory_ReorderLevel DEFAULT ((10)),
  LastCountedAt  datetime2(7) NULL,
  CONSTRAINT PK_Inventory PRIMARY KEY (WarehouseId, ProductId)
);

CREATE TABLE dbo.Reviews (
  ReviewId   int           IDENTITY(1,1) NOT NULL CONSTRAINT PK_Reviews PRIMARY KEY,
  ProductId  int           NOT NULL CONSTRAINT FK_Reviews_Products REFERENCES dbo.Products (ProductId),
  CustomerId int           NOT NULL CONSTRAINT FK_Reviews_Customers REFERENCES dbo.Customers (CustomerId),
  Rating     tinyint       NOT NULL CONSTRAINT CK_Reviews_Rating CHECK (Rating BETWEEN 1 AND 5),
  Title      nvarchar(200) NULL,
  Body       nvarchar(max) NULL,
  CreatedAt  datetime      NOT NULL CONSTRAINT DF_Reviews_CreatedAt DEFAULT (getdate()),
  Helpful    int           NOT NULL CONSTRAINT DF_Reviews_Helpful DEFAULT ((0))
);
GO

INSERT INTO dbo.Categories (CategoryId, Name, ParentCategoryId) VALUES
  (1, N'Kitchen', NULL), (2, N'Garden', NULL), (3, N'Books', NULL), (4, N'Toys', NULL),
  (5, N'Cookware', 1), (6, N'Knives & Tools', 1), (7, N'Plants 🌱', 2), (8, N'Seeds', 2),
  (9, N'Romane / Krimis', 3), (10, N'本 (Japanese)', 3), (11, N'Puzzles', 4), (12, N'Outdoor "fun"', 4);
GO

-- Numbers come from ROW_NUMBER over a cross join of a catalog view: set-based, no loop, and
-- every value below is computed from n alone.
SET IDENTITY_INSERT dbo.Products ON;
WITH numbers AS (
  SELECT TOP (400) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Products (ProductId, Sku, Name, CategoryId, Price, WeightKg, IsDiscontinued, Thumbnail, AddedOn)
SELECT
  n,
  CONCAT('SKU-', RIGHT(CONCAT('00000', n), 5)),
  CONCAT(CHOOSE(n % 6 + 1, N'Pan', N'Rake', N'Novel', N'Kite', N'Crème brûlée torch', N'Gießkanne'), N' #', n),
  CAST(n % 12 + 1 AS smallint),
  CASE WHEN n = 1 THEN 0.00 WHEN n = 2 THEN 9999999999.99 ELSE CAST((n * 7919) % 100000 AS decimal(12,2)) / 100 END,
  CASE WHEN n % 9 = 0 THEN NULL ELSE CAST(n AS real) / 8 END,
  CASE WHEN n % 25 = 0 THEN 1 ELSE 0 END,
  CASE WHEN n % 4 = 0 THEN HASHBYTES('SHA2_256', CONCAT('thumb-', n)) WHEN n = 3 THEN 0x ELSE NULL END,
  DATEADD(day, n, CAST('2020-01-01' AS date))
FROM numbers;
SET IDENTITY_INSERT dbo.Products OFF;
GO

SET IDENTITY_INSERT dbo.Customers ON;
WITH numbers AS (
  SELECT TOP (1000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Customers (CustomerId, ExternalId, Email, FullName, Status, IsVip, BirthDate, CreatedAt, Notes)
SELECT
  n,
  CONVERT(uniqueidentifier, HASHBYTES('MD5', CONCAT('customer-', n))),
  CONCAT('customer', n, '@example.com'),
  CONCAT(
    CHOOSE(n % 8 + 1, N'Zoë', N'Łukasz', N'José', N'Ægir', N'Søren', N'Ан', N'山田', N'O''Brien'),
    N' ',
    CHOOSE(n % 5 + 1, N'Müller', N'Dvořák', N'Smith', N'Nguyễn', N'García')),
  CHOOSE(n % 3 + 1, N'new', N'active', N'blocked'),
  CASE WHEN n % 17 = 0 THEN 1 ELSE 0 END,
  CASE WHEN n % 7 = 0 THEN NULL ELSE DATEADD(day, -(n * 13), CAST('2005-06-15' AS date)) END,
  -- 7 fractional digits on purpose: Postgres keeps 6.
  DATEADD(nanosecond, (n % 10) * 100, DATEADD(minute, n * 37, CAST('2023-01-01T08:00:00' AS datetime2(7)))),
  CASE n % 5
    WHEN 0 THEN NULL
    WHEN 1 THEN N''
    WHEN 2 THEN CONCAT(N'prefers email', NCHAR(9), N'(tab)', NCHAR(10), N'second line')
    WHEN 3 THEN N'path C:\shop\export\ and a trailing backslash \'
    ELSE N'emoji 😀 and "quotes" and ''apostrophes'''
  END
FROM numbers;
SET IDENTITY_INSERT dbo.Customers OFF;
GO

-- One billing address per customer, a shipping address for the first 500.
WITH numbers AS (
  SELECT TOP (1500) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Addresses (CustomerId, Kind, Line1, City, PostalCode, Country, Latitude, Longitude)
SELECT
  CASE WHEN n <= 1000 THEN n ELSE n - 1000 END,
  CASE WHEN n <= 1000 THEN 'billing' ELSE 'shipping' END,
  CONCAT(n, N' ', CHOOSE(n % 4 + 1, N'Hauptstraße', N'Rue de l''Église', N'Main St', N'Calle Mayor')),
  CHOOSE(n % 4 + 1, N'Zürich', N'Lyon', N'Springfield', N'Madrid'),
  CASE WHEN n % 11 = 0 THEN NULL ELSE RIGHT(CONCAT('0000', n * 7), 5) END,
  CHOOSE(n % 4 + 1, 'CH', 'FR', 'US', 'ES'),
  CASE WHEN n % 13 = 0 THEN NULL ELSE -90.0 + (n % 1800) / 10.0 END,
  CASE WHEN n % 13 = 0 THEN NULL ELSE -180.0 + (n * 7 % 3600) / 10.0 END
FROM numbers;
GO

SET IDENTITY_INSERT dbo.Orders ON;
WITH numbers AS (
  SELECT TOP (3000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Orders (OrderId, OrderNumber, CustomerId, OrderedAt, Status, ShippingFee, Notes)
SELECT
  n,
  CONCAT('SO-', RIGHT(CONCAT('000000', n), 6)),
  (n * 7) % 1000 + 1,
  -- Offsets from -12:00 to +14:00 (the extremes SQL Server allows).
  TODATETIMEOFFSET(
    DATEADD(nanosecond, (n % 7) * 100, DATEADD(minute, n * 11, CAST('2024-01-01T00:00:00' AS datetime2(7)))),
    CHOOSE(n % 6 + 1, 0, 60, -480, 330, 840, -720)),
  CHOOSE(n % 4 + 1, N'new', N'paid', N'shipped', N'cancelled'),
  CASE WHEN n = 1 THEN 214748.3647 WHEN n = 2 THEN -214748.3648 ELSE (n % 20) * 0.5 END,
  CASE WHEN n % 50 = 0 THEN N'gift wrap,	please (tab inside)' END
FROM numbers;
SET IDENTITY_INSERT dbo.Orders OFF;
GO

-- 1 to 3 lines per order: 1000 orders each of 1, 2 and 3 lines = 6000 lines.
WITH numbers AS (
  SELECT TOP (3000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
),
line_numbers AS (
  SELECT CAST(k AS smallint) AS k FROM (VALUES (1), (2), (3)) AS v (k)
)
INSERT INTO dbo.OrderLines (OrderId, [LineNo], ProductId, Quantity, UnitPrice, Discount)
SELECT
  o.n,
  l.k,
  (o.n * 31 + l.k * 17) % 400 + 1,
  (o.n + l.k) % 9 + 1,
  CAST(((o.n * 31 + l.k * 17) % 400 + 1) * 1.25 AS decimal(12,2)),
  CASE WHEN (o.n + l.k) % 10 = 0 THEN 0.1500 ELSE 0 END
FROM numbers AS o
JOIN line_numbers AS l ON l.k <= 1 + o.n % 3;

UPDATE o SET Total = t.LineSum + o.ShippingFee
FROM dbo.Orders AS o
JOIN (SELECT OrderId, SUM(LineTotal) AS LineSum FROM dbo.OrderLines GROUP BY OrderId) AS t ON t.OrderId = o.OrderId;
GO

-- Every order except each tenth is paid: 2700 payments. PaymentGuid comes from its NEWID()
-- default. Payments 1 and 2 hold money's extremes, so the copy must keep all 19 digits.
WITH numbers AS (
  SELECT TOP (3000) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Payments (OrderId, Amount, Method, PaidAt, Reference)
SELECT
  n,
  CASE WHEN n = 1 THEN -922337203685477.5808 WHEN n = 2 THEN 922337203685477.5807 ELSE (n * 1237 % 100000) / 100.0 + 0.0001 END,
  CHOOSE(n % 3 + 1, 'card', 'invoice', 'paypal'),
  DATEADD(millisecond, n * 1001, CAST('2024-01-02T00:00:00' AS datetime2(3))),
  CASE WHEN n % 3 = 0 THEN NULL ELSE HASHBYTES('SHA2_256', CONCAT('payment-', n)) END
FROM numbers
WHERE n % 10 <> 0;
GO

INSERT INTO dbo.Warehouses (WarehouseId, Code, Name, OpenedOn) VALUES
  (1, 'ZRH1', N'Zürich Süd', '0001-01-01'),
  (2, 'TYO', N'東京 倉庫', '1999-12-31'),
  (3, 'GRU1', N'São Paulo', '2010-05-20'),
  (255, 'KRK1', N'Kraków', '9999-12-31');
GO

WITH numbers AS (
  SELECT TOP (400) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Inventory (WarehouseId, ProductId, QuantityOnHand, ReorderLevel, LastCountedAt)
SELECT
  w.WarehouseId,
  p.n,
  CASE
    WHEN w.WarehouseId = 1 AND p.n = 1 THEN 9223372036854775807
    WHEN w.WarehouseId = 1 AND p.n = 2 THEN -9223372036854775808
    ELSE CAST(p.n AS bigint) * w.WarehouseId * 1000003
  END,
  CASE WHEN p.n % 2 = 0 THEN 10 ELSE CAST(p.n % 100 AS smallint) END,
  CASE
    WHEN p.n % 5 = 0 THEN NULL
    WHEN p.n = 1 THEN CAST('9999-12-31T23:59:59.9999999' AS datetime2(7))
    ELSE DATEADD(second, p.n * 61, CAST('2024-03-01T06:30:00.1234567' AS datetime2(7)))
  END
FROM dbo.Warehouses AS w
CROSS JOIN numbers AS p;
GO

WITH numbers AS (
  SELECT TOP (800) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS n
  FROM sys.all_objects AS a CROSS JOIN sys.all_objects AS b
)
INSERT INTO dbo.Reviews (ProductId, CustomerId, Rating, Title, Body, CreatedAt, Helpful)
SELECT
  n % 400 + 1,
  (n * 3) % 1000 + 1,
  n % 5 + 1,
  CASE WHEN n % 6 = 0 THEN NULL ELSE CONCAT(CHOOSE(n % 4 + 1, N'Great', N'Meh', N'Très bien', N'Sehr gut 👍'), N' #', n) END,
  CASE n % 6
    WHEN 0 THEN NULL
    WHEN 1 THEN N''
    WHEN 2 THEN CONCAT(N'Line one', NCHAR(13), NCHAR(10), N'Line two', NCHAR(9), N'tabbed')
    WHEN 3 THEN N'Backslashes: \N is not NULL, \t is not a tab, \\ is two'
    WHEN 4 THEN REPLICATE(CAST(N'long review ' AS nvarchar(max)), 500)
    ELSE N'Emoji 🎉🚀, CJK 漢字, Arabic مرحبا, combining é'
  END,
  -- datetime keeps 1/300 s: .003 and .007 survive as milliseconds.
  DATEADD(millisecond, n * 3, CAST('2024-02-29T12:00:00' AS datetime)),
  CASE WHEN n = 1 THEN 2147483647 WHEN n = 2 THEN -2147483648 ELSE n % 40 END
FROM numbers;
GO

-- Objects beyond tables. Each CREATE of a view, routine or trigger must be alone in its batch.
CREATE SEQUENCE dbo.InvoiceNumbers AS bigint START WITH 100000 INCREMENT BY 1 NO CACHE;
GO

-- Translated: a join, GROUP BY on a text column (listed: the collation is case-insensitive).
CREATE VIEW dbo.vCustomerOrderTotals AS
SELECT c.CustomerId, c.FullName, COUNT(o.OrderId) AS Orders, SUM(o.Total) AS Spent
FROM dbo.Customers AS c
LEFT JOIN dbo.Orders AS o ON o.CustomerId = c.CustomerId
GROUP BY c.CustomerId, c.FullName;
GO

-- Translated: reads the view above, so it is created after it.
CREATE VIEW dbo.vVipCustomers AS
SELECT t.CustomerId, t.FullName, t.Spent
FROM dbo.vCustomerOrderTotals AS t
JOIN dbo.Customers AS c ON c.CustomerId = t.CustomerId
WHERE c.IsVip = 1;
GO

-- Translated: CASE on a bit column.
CREATE VIEW dbo.vProductCatalog AS
SELECT p.ProductId, p.Sku, p.Name, cat.Name AS Category, p.Price,
       CASE WHEN p.IsDiscontinued = 1 THEN N'discontinued' ELSE N'available' END AS Availability
FROM dbo.Products AS p
JOIN dbo.Categories AS cat ON cat.CategoryId = p.CategoryId;
GO

-- Translated: TOP with ORDER BY, the integer average T-SQL computes.
CREATE VIEW dbo.vTopReviewedProducts AS
SELECT TOP (10) r.ProductId, COUNT(*) AS Reviews, AVG(CAST(r.Rating AS int)) AS AvgRating
FROM dbo.Reviews AS r
GROUP BY r.ProductId
ORDER BY COUNT(*) DESC, r.ProductId;
GO

-- Exported for porting by hand: FORMAT() has no certain PostgreSQL equivalent.
CREATE VIEW dbo.vMonthlySales AS
SELECT FORMAT(o.OrderedAt, 'yyyy-MM') AS SalesMonth, SUM(o.Total) AS Total
FROM dbo.Orders AS o
GROUP BY FORMAT(o.OrderedAt, 'yyyy-MM');
GO

CREATE PROCEDURE dbo.usp_NextInvoiceNumber @InvoiceNo bigint OUTPUT AS
BEGIN
  SET NOCOUNT ON;
  SET @InvoiceNo = NEXT VALUE FOR dbo.InvoiceNumbers;
END;
GO

CREATE FUNCTION dbo.fn_OrderCount (@CustomerId int) RETURNS int AS
BEGIN
  RETURN (SELECT COUNT(*) FROM dbo.Orders WHERE CustomerId = @CustomerId);
END;
GO

CREATE TRIGGER dbo.trg_Reviews_NoNegativeHelpful ON dbo.Reviews AFTER UPDATE AS
BEGIN
  SET NOCOUNT ON;
  IF EXISTS (SELECT 1 FROM inserted WHERE Helpful < 0) THROW 50001, 'Helpful cannot go below zero', 1;
END;
GO
