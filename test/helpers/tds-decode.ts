// Runs the pure decoder over payload pieces and collects its output, for the differential tests.
import type { EncoderOptions } from '../../src/copy/index.js';
import { decodeCopyChunks } from '../../src/sqlserver/tds/decode-copy-chunks.js';

export type DecodeResult = { bytes: Buffer; rows: number } | { fallback: string };

export async function decodeAll(pieces: readonly Buffer[], options: EncoderOptions & { chunkBytes?: number } = {}): Promise<DecodeResult> {
  const read = await decodeCopyChunks(pieces, options);
  if (read.kind === 'fallback') return { fallback: read.reason };
  const out: Buffer[] = [];
  let rows = 0;
  for await (const chunk of read.chunks) {
    out.push(chunk.bytes);
    rows += chunk.rows;
  }
  return { bytes: Buffer.concat(out), rows };
}

/** The decoder's error, or a failure if it did not throw. */
export async function decodeError(pieces: readonly Buffer[], options: EncoderOptions = {}): Promise<Error> {
  try {
    await decodeAll(pieces, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('the decoder did not fail');
}
