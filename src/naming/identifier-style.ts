/**
 * How source identifiers become Postgres identifiers. Every identifier we emit is quoted, so
 * the style is about what users will type later: `lower` lets them write unquoted names
 * (Postgres folds unquoted names to lower case), `snake` also splits CamelCase, `preserve`
 * keeps the SQL Server spelling (and makes users quote mixed-case names forever).
 */
import type { IdentifierStyle } from '../config/types.js';

export function applyIdentifierStyle(name: string, style: IdentifierStyle = 'lower'): string {
  switch (style) {
    case 'preserve':
      return name;
    case 'lower':
      return name.toLowerCase();
    case 'snake':
      return toSnakeCase(name);
  }
}

/**
 * `OrderID` → `order_id`, `HTTPStatusCode` → `http_status_code`, `Order Details` → `order_details`.
 * Unicode letters are kept (lower-cased); spaces and hyphens become `_`; runs of `_` collapse.
 */
function toSnakeCase(name: string): string {
  return (
    name
      .trim()
      .replace(/[\s-]+/gu, '_')
      // lower/digit followed by upper: `orderId` → `order_Id`, `Line2Text` → `Line2_Text`
      .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, '$1_$2')
      // end of an acronym: `HTTPStatus` → `HTTP_Status`
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1_$2')
      .replace(/_{2,}/g, '_')
      .toLowerCase()
  );
}
