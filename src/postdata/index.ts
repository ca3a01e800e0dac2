export { planPostdata } from './plan-postdata.js';
export type {
  CheckItem,
  ForeignKeyItem,
  KeyItem,
  PostdataItem,
  PostdataOptions,
  SkippedItem,
  RenamedItem,
  TablePostdataPlan,
} from './plan-types.js';
export { KIND_LABEL } from './plan-types.js';
export { translatePredicate, type PredicateTranslation, type PredicateColumn } from './translate-predicate.js';
