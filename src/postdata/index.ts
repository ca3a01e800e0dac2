export { planPostdata, type PostdataOptions } from './plan-postdata.js';
export type { PostdataItem, SkippedItem, RenamedItem, TablePostdataPlan } from './plan-types.js';
export { KIND_LABEL } from './plan-types.js';
export { translatePredicate, type PredicateTranslation, type PredicateColumn } from './translate-predicate.js';
