import { describe, expect, it } from 'vitest';
import type { ColumnModel, TableModel } from '../../src/catalog/model.js';
import type { NamingConfig } from '../../src/config/types.js';
import { NameCollisionError } from '../../src/errors.js';
import { applyIdentifierStyle } from '../../src/naming/identifier-style.js';
import { planTargetNames } from '../../src/naming/plan-target-names.js';
import { targetSchemaFor } from '../../src/naming/target-schema.js';
import { column as baseColumn, table as baseTable } from '../helpers/catalog-builder.js';

function column(name: string, columnId: number): ColumnModel {
  return baseColumn(name, 'int', { columnId });
}

function table(schema: string, name: string, columnNames: string[] = ['Id']): TableModel {
  return { ...baseTable(schema, name, []), columns: columnNames.map((c, i) => column(c, i + 1)) };
}

const LOWER: NamingConfig = { schemaMap: {}, targetSchema: null, identifierStyle: 'lower' };

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('applyIdentifierStyle', () => {
  it.each([
    ['OrderID', 'order_id'],
    ['CustomerName', 'customer_name'],
    ['HTTPStatusCode', 'http_status_code'],
    ['Order Details', 'order_details'],
    ['order-line  item', 'order_line_item'],
    ['Already_Snake__Case', 'already_snake_case'],
    ['Line2Text', 'line2_text'],
    ['Address2', 'address2'],
    ['ÄnderungsDatum', 'änderungs_datum'],
    ['КодЗаказа', 'код_заказа'],
    ['_private', '_private'],
    ['id', 'id'],
  ])('snake: %s → %s', (input, expected) => {
    expect(applyIdentifierStyle(input, 'snake')).toBe(expected);
  });

  it('lower is the default and lower-cases unicode letters', () => {
    expect(applyIdentifierStyle('OrderID')).toBe('orderid');
    expect(applyIdentifierStyle('Order Details', 'lower')).toBe('order details');
    expect(applyIdentifierStyle('ÄRGER', 'lower')).toBe('ärger');
  });

  it('preserve keeps the name exactly', () => {
    expect(applyIdentifierStyle('Order Details', 'preserve')).toBe('Order Details');
  });
});

describe('targetSchemaFor', () => {
  it('maps dbo to public (any case) and applies the style to other schemas', () => {
    expect(targetSchemaFor('dbo', LOWER)).toBe('public');
    expect(targetSchemaFor('DBO', LOWER)).toBe('public');
    expect(targetSchemaFor('SalesLT', LOWER)).toBe('saleslt');
    expect(targetSchemaFor('SalesLT', { ...LOWER, identifierStyle: 'snake' })).toBe('sales_lt');
  });

  it('uses the schema map case-insensitively, with the value as written', () => {
    const naming = { ...LOWER, schemaMap: { SALES: 'Sales_Target', dbo: 'app' } };
    expect(targetSchemaFor('Sales', naming)).toBe('Sales_Target');
    expect(targetSchemaFor('dbo', naming)).toBe('app');
  });

  it('targetSchema beats the schema map', () => {
    const naming = { ...LOWER, schemaMap: { sales: 'x' }, targetSchema: 'staging' };
    expect(targetSchemaFor('sales', naming)).toBe('staging');
    expect(targetSchemaFor('dbo', naming)).toBe('staging');
  });
});

describe('planTargetNames', () => {
  it('plans schema, table and column names keyed by source names', () => {
    const planned = planTargetNames([table('dbo', 'OrderLines', ['OrderID', 'Line No'])], { ...LOWER, identifierStyle: 'snake' });
    const names = planned.get('dbo.OrderLines');
    expect(names?.schema).toBe('public');
    expect(names?.table).toBe('order_lines');
    expect([...(names?.columns ?? [])]).toEqual([
      ['OrderID', 'order_id'],
      ['Line No', 'line_no'],
    ]);
  });

  it('rejects two tables that lower-case to the same name, naming both', () => {
    const error = errorOf(() => planTargetNames([table('dbo', 'Orders'), table('dbo', 'ORDERS')], LOWER));
    expect(error).toBeInstanceOf(NameCollisionError);
    expect(error.message).toContain('dbo.Orders and dbo.ORDERS');
    expect(error.message).toContain('"public"."orders"');
    expect(error.message).toContain('--identifier-style preserve');
  });

  it('allows them under preserve', () => {
    const planned = planTargetNames([table('dbo', 'Orders'), table('dbo', 'ORDERS')], { ...LOWER, identifierStyle: 'preserve' });
    expect(planned.get('dbo.ORDERS')?.table).toBe('ORDERS');
  });

  it('rejects two schemas merged by --target-schema', () => {
    const error = errorOf(() => planTargetNames([table('sales', 'Orders'), table('dbo', 'Orders')], { ...LOWER, targetSchema: 'app' }));
    expect(error).toBeInstanceOf(NameCollisionError);
    expect(error.message).toContain('sales.Orders and dbo.Orders');
    expect(error.message).toContain('target schema app');
  });

  it('rejects two columns of one table that map to the same name, naming both', () => {
    const error = errorOf(() => planTargetNames([table('dbo', 'T', ['OrderId', 'Order_ID'])], { ...LOWER, identifierStyle: 'snake' }));
    expect(error).toBeInstanceOf(NameCollisionError);
    expect(error.message).toContain('dbo.T.OrderId and dbo.T.Order_ID');
    expect(error.message).toContain('"order_id"');
  });

  it('accepts a 63-byte name and rejects a 64-byte one', () => {
    const ok = 'a'.repeat(63);
    expect(planTargetNames([table('dbo', ok)], LOWER).get(`dbo.${ok}`)?.table).toBe(ok);
    const tooLong = 'b'.repeat(64);
    const error = errorOf(() => planTargetNames([table('dbo', tooLong)], LOWER));
    expect(error).toBeInstanceOf(NameCollisionError);
    expect(error.message).toContain(`dbo.${tooLong}`);
    expect(error.message).toContain('64 bytes');
  });

  it('counts UTF-8 bytes, not characters', () => {
    // 32 × "ä" is 32 characters but 64 bytes.
    const column = 'ä'.repeat(32);
    const error = errorOf(() => planTargetNames([table('dbo', 'T', [column])], LOWER));
    expect(error).toBeInstanceOf(NameCollisionError);
    expect(error.message).toContain(`Column dbo.T.${column}`);
  });

  it('checks mapped schema names too', () => {
    const error = errorOf(() => planTargetNames([table('dbo', 'T')], { ...LOWER, targetSchema: 's'.repeat(64) }));
    expect(error).toBeInstanceOf(NameCollisionError);
  });
});
