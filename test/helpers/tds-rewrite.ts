// Rewrites a recorded response without some of its columns, keeping every other byte the
// server sent: the other columns' cells with their framing (PLP chunks as recorded), every
// non-row token. Only COLMETADATA is written anew (from tedious's reading of it) and NBCROW
// bitmaps are recomputed. Used to read the every-type capture without its sql_variant column,
// which the decoder leaves to today's path.
import type { ColumnMetadata } from 'tedious/lib/token/colmetadata-token-parser.js';
import { colMetadata, type SynthColumn } from './tds-synth.js';
import { rowCellsFramed, tokenBoundaries } from './tds-tedious.js';

function synthColumn(c: ColumnMetadata): SynthColumn {
  return {
    name: c.colName,
    type: (c.type as unknown as { id: number }).id,
    ...(c.dataLength === undefined ? {} : { length: c.dataLength }),
    ...(c.precision === undefined ? {} : { precision: c.precision }),
    ...(c.scale === undefined ? {} : { scale: c.scale }),
    ...(c.collation === undefined ? {} : { collation: c.collation.toBuffer() }),
    flags: c.flags,
  };
}

export function dropColumns(payload: Buffer, drop: (name: string) => boolean): Buffer {
  const { tokens, columns } = tokenBoundaries(payload);
  const keep = columns.map((c) => !drop(c.colName));
  const kept = columns.filter((_, i) => keep[i]);
  const out: Buffer[] = [];
  for (const t of tokens) {
    if (t.type === 0x81) {
      out.push(colMetadata(kept.map(synthColumn)));
    } else if (t.type === 0xd1 || t.type === 0xd2) {
      const cells = rowCellsFramed(payload, t, columns).filter((_, i) => keep[i]);
      if (t.type === 0xd1) {
        out.push(Buffer.from([0xd1]), ...cells.map((c) => c!.framed));
      } else {
        const bitmap = Buffer.alloc((kept.length + 7) >> 3);
        cells.forEach((c, i) => {
          if (c === null) bitmap[i >> 3]! |= 1 << (i & 7);
        });
        out.push(Buffer.from([0xd2]), bitmap, ...cells.filter((c) => c !== null).map((c) => c.framed));
      }
    } else {
      out.push(payload.subarray(t.start, t.end));
    }
  }
  return Buffer.concat(out);
}
