// Test-only faults planted in stage 2's COPY encoder (the EncoderFault seam of
// src/copy/row-encoder.ts, reachable only through SyncDataDeps.encoderFault, which the CLI never
// sets): each rewrites one column's value before the real encoder writes it, as an encoder bug
// would (a time-zone shift, a rounding slip, a lossy rendering), so a test can show that verify,
// which shares no code with the encoder, finds it.
import type { CopyColumn, EncoderFault, RowEncoder } from '../../src/copy/index.js';

export function faultInColumn(column: string, rewrite: (value: unknown) => unknown): EncoderFault {
  return (encoder: RowEncoder, columns: readonly CopyColumn[]): RowEncoder => {
    const at = columns.findIndex((c) => c.name === column);
    if (at < 0) return encoder;
    const faulty = (row: readonly unknown[]): unknown[] => row.map((v, i) => (i === at && v !== null ? rewrite(v) : v));
    return Object.assign((row: readonly unknown[], rowIndex: number) => encoder(faulty(row), rowIndex), {
      writeRow: (row: readonly unknown[], rowIndex: number, w: Parameters<RowEncoder['writeRow']>[2]) => encoder.writeRow(faulty(row), rowIndex, w),
    });
  };
}
