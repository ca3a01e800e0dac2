/**
 * The TDS decoder: a unit's SQL Server response decoded straight into COPY TEXT chunks
 * (issue #15). The stage-2 integration calls readCopyChunks for a unit's read, with the SELECT
 * built from decoderSelectExpression, and runs today's tedious path when it falls back.
 */
export { readCopyChunks, type CopyRead, type CopyReadRequest } from './read-copy-chunks.js';
export { decodeCopyChunks, decodeFromSource, DEFAULT_CHUNK_BYTES, type CopyChunk, type DecodeOptions, type TdsCopyRead } from './decode-copy-chunks.js';
export { decoderSelectExpression, DECODER_READS } from './decoder-select.js';
export { TdsServerError } from './server-error.js';
export { tediousInternalsProblem, TEDIOUS_VERSION } from './tedious-internals.js';
export type { TdsColumn } from './column-metadata.js';
