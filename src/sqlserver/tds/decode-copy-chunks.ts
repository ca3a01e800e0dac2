/**
 * The pure decoder's async edge: the payload of one response (packet payloads with their
 * headers stripped, as Buffers cut anywhere) → its columns and an async generator of COPY TEXT
 * chunks of about `chunkBytes`, each with the number of rows it completes (their sum is the
 * number to compare with Postgres's `COPY n`). The result waits for COLMETADATA; a response
 * the decoder cannot read exactly resolves to a fallback with its reason instead, before any
 * row was decoded. A server ERROR rejects (before the result set) or throws from the chunks.
 *
 * Bytes are pulled only as chunks are pulled: a consumer that waits (COPY is behind) stops
 * the reading, which is how the transport holds the socket back.
 */
import type { EncoderOptions } from '../../copy/row-encoder.js';
import type { TdsColumn } from './column-metadata.js';
import { textPolicy } from './text-policy.js';
import { Step, TokenDecoder, type CopyChunk } from './token-decoder.js';

export type { CopyChunk } from './token-decoder.js';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;

export interface DecodeOptions extends EncoderOptions {
  /** Default 64 KiB. */
  readonly chunkBytes?: number;
  /** Row index of the first row, for error messages. */
  readonly startRowIndex?: number;
  /** Each token other than COLMETADATA, ROW and NBCROW, raw, before it is acted on (tedious's handler hears of them). */
  readonly onToken?: (bytes: Buffer) => void;
}

export type TdsCopyRead =
  | { readonly kind: 'rows'; readonly columns: readonly TdsColumn[]; readonly chunks: AsyncGenerator<CopyChunk, void, undefined> }
  | { readonly kind: 'fallback'; readonly reason: string };

/** Reads one payload Buffer, or null at the end of the response. */
export type PayloadSource = () => Promise<Buffer | null>;

/** Decodes a response given as an async iterable of payload Buffers. */
export function decodeCopyChunks(payload: AsyncIterable<Buffer> | Iterable<Buffer>, options: DecodeOptions = {}): Promise<TdsCopyRead> {
  const iterator = Symbol.asyncIterator in payload ? payload[Symbol.asyncIterator]() : payload[Symbol.iterator]();
  return decodeFromSource(async () => {
    const result = await iterator.next();
    return result.done ? null : result.value;
  }, options);
}

/** The same over a pull function (the tedious takeover reads the message this way, never destroying it). */
export async function decodeFromSource(next: PayloadSource, options: DecodeOptions = {}): Promise<TdsCopyRead> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  const decoder = new TokenDecoder({
    policy: textPolicy(options.nul, options.surrogates),
    chunkBytes,
    ...(options.startRowIndex === undefined ? {} : { startRowIndex: options.startRowIndex }),
    ...(options.onToken === undefined ? {} : { onToken: options.onToken }),
  });
  for (;;) {
    const step = decoder.run();
    if (step === Step.Columns) break;
    if (step === Step.End) throw new Error('the response ended without a result set');
    const bytes = await next();
    if (bytes === null) decoder.finish(); // throws: the response ended early
    else decoder.push(bytes);
  }
  if (decoder.fallback !== null) return { kind: 'fallback', reason: decoder.fallback };
  return { kind: 'rows', columns: decoder.columns, chunks: chunksOf(decoder, next) };
}

async function* chunksOf(decoder: TokenDecoder, next: PayloadSource): AsyncGenerator<CopyChunk, void, undefined> {
  for (;;) {
    const step = decoder.run();
    if (step === Step.Chunk) {
      yield decoder.take();
    } else if (step === Step.End) {
      if (decoder.buffered > 0) yield decoder.take();
      // The final DONE ends the message: read it to its end (and check nothing follows).
      for (let bytes = await next(); bytes !== null; bytes = await next()) decoder.push(bytes);
      decoder.finish();
      return;
    } else if (step === Step.NeedInput) {
      const bytes = await next();
      if (bytes === null) decoder.finish(); // throws: the response ended early
      else decoder.push(bytes);
    } else {
      throw new Error('COLMETADATA twice');
    }
  }
}
