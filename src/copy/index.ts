/** The COPY TEXT encoder: pure functions from source rows to the bytes `COPY ... FROM STDIN` reads. */

export { createRowEncoder, type CopyColumn, type EncoderFault, type EncoderOptions, type RowEncoder } from './row-encoder.js';
export { encodeCopyChunks, DEFAULT_CHUNK_BYTES, type CopyChunkOptions } from './copy-chunks.js';
export { escapeCopyText, type NulPolicy, type SurrogatePolicy } from './text-escape.js';
export {
  CopyValueError,
  UnrepresentableValueError,
  ValueShapeError,
  type CopyValueProblem,
} from './errors.js';
