export { applyIdentifierStyle } from './identifier-style.js';
export { targetSchemaFor } from './target-schema.js';
export { planTargetNames, PG_MAX_IDENTIFIER_BYTES } from './plan-target-names.js';
export type { TargetTableNames } from './plan-target-names.js';
