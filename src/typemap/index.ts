export { TYPE_MAP, TYPE_MAP_ROWS, findTypeMapRow, renderTypeMapMarkdown } from './type-map.js';
export type { TypeMapEntry, TypeMapRow, MappedType, TypeMapContext } from './type-map.js';
export { mapColumnType } from './map-column.js';
export type { TypeMappingOptions, ColumnTypeMapping } from './map-column.js';
export { validatePgTypeName } from './validate-pg-type.js';
