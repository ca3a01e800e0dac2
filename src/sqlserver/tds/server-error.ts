/**
 * ERROR and INFO tokens (MS-TDS 2.2.7.10 / 2.2.7.13): Length(2), Number(4), State(1),
 * Class(1), MsgText (US_VARCHAR), ServerName (B_VARCHAR), ProcName (B_VARCHAR),
 * LineNumber(4, TDS 7.2+).
 *
 * An ERROR becomes a TdsServerError carrying the same fields as tedious's RequestError
 * (`number`, `state`, `class`, `serverName`, `procName`, `lineNumber`), so the retry rules
 * (src/run/retry.ts reads `number`), error formatting and the snapshot-isolation check
 * (src/sqlserver/isolation.ts) treat it exactly like an error read through tedious.
 */

export interface ServerMessage {
  readonly number: number;
  readonly state: number;
  readonly class: number;
  readonly message: string;
  readonly serverName: string;
  readonly procName: string;
  readonly lineNumber: number;
}

export class TdsServerError extends Error {
  /** tedious's RequestError code for a server error, kept so code that checks it still works. */
  readonly code = 'EREQUEST';
  readonly number: number;
  readonly state: number;
  readonly class: number;
  readonly serverName: string;
  readonly procName: string;
  readonly lineNumber: number;

  constructor(m: ServerMessage) {
    super(m.message);
    this.name = 'TdsServerError';
    this.number = m.number;
    this.state = m.state;
    this.class = m.class;
    this.serverName = m.serverName;
    this.procName = m.procName;
    this.lineNumber = m.lineNumber;
  }
}

/** Parses the body of an ERROR or INFO token: `buf[start]` is the byte after its 2-byte length. */
export function parseServerMessage(buf: Buffer, start: number, end: number): ServerMessage {
  let p = start;
  const number = buf.readInt32LE(p);
  const state = buf[p + 4]!;
  const cls = buf[p + 5]!;
  p += 6;
  const messageChars = buf.readUInt16LE(p);
  p += 2;
  const message = buf.toString('ucs2', p, p + messageChars * 2);
  p += messageChars * 2;
  const serverChars = buf[p]!;
  const serverName = buf.toString('ucs2', p + 1, p + 1 + serverChars * 2);
  p += 1 + serverChars * 2;
  const procChars = buf[p]!;
  const procName = buf.toString('ucs2', p + 1, p + 1 + procChars * 2);
  p += 1 + procChars * 2;
  if (p + 4 > end) throw new Error(`malformed ERROR/INFO token (${end - start} bytes)`);
  return { number, state, class: cls, message, serverName, procName, lineNumber: buf.readUInt32LE(p) };
}

/** A DONE token announced an error without an ERROR token: tedious reports the same words. */
export function unknownServerError(): TdsServerError {
  return new TdsServerError({
    number: 0,
    state: 0,
    class: 16,
    message: 'An unknown error has occurred.',
    serverName: '',
    procName: '',
    lineNumber: 0,
  });
}
