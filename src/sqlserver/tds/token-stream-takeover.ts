/**
 * Takes one response of a tedious connection away from tedious's token parser: login, TLS,
 * authentication, the request message and ATTENTION stay tedious's; the response's payload
 * goes to the decoder. (MS-TDS 3.2.5: the client reads one response message per request.)
 *
 * tedious builds a parser per response with `connection.createTokenStreamParser(message,
 * handler)` (tedious-internals.ts). `armTakeover` sets that method on the one connection, for
 * the one request: the next response to that request gets a TakenOverResponse instead, and the
 * method is removed again, so every other response (the attention acknowledgement included)
 * is tedious's as before. The TakenOverResponse is what tedious's parser is to the connection:
 * it emits 'end' once the message was read to its end (the connection then completes the
 * request and returns to LoggedIn), 'error' if the message failed, and has pause()/resume().
 * To the decoder it is a pull source: the message is read only as COPY pulls chunks, and
 * unread bytes hold the socket back (backpressure). Tokens other than rows are handed to
 * tedious's own handler through tedious's own parser, so the connection's state (packet size,
 * transaction, errors of the request) stays exactly what tedious would have made it.
 */
import { EventEmitter } from 'node:events';
import type { Connection, Request } from 'tedious';
import { RequestTokenHandler, StreamParser } from './tedious-internals.js';

type TokenHandler = Record<string, (token: unknown) => void>;

export class TakenOverResponse extends EventEmitter {
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly parser: InstanceType<typeof StreamParser>;
  private ended = false;
  private paused = false;
  private onResume: (() => void) | null = null;

  constructor(
    message: AsyncIterable<Buffer>,
    private readonly handler: TokenHandler,
    options: object,
  ) {
    super();
    // Manual iteration: `for await` would destroy the message on an early stop, and the
    // connection's incoming stream waits for the message's end before the next response.
    this.iterator = message[Symbol.asyncIterator]();
    this.parser = new StreamParser(options);
  }

  /** The response has been read to its end (or failed). */
  get finished(): boolean {
    return this.ended;
  }

  /** The next payload Buffer, or null at the end of the response message. */
  readonly next = async (): Promise<Buffer | null> => {
    if (this.ended) return null;
    while (this.paused) await new Promise<void>((resolve) => (this.onResume = resolve));
    let result: IteratorResult<Buffer>;
    try {
      result = await this.iterator.next();
    } catch (error) {
      this.end(error);
      throw error;
    }
    if (result.done) {
      this.end(null);
      return null;
    }
    return result.value;
  };

  /** Hands one raw non-row token to tedious's handler, parsed by tedious's parser. */
  readonly forward = (bytes: Buffer): void => {
    this.parser.write(bytes);
    for (let token = this.parser.read(); token !== undefined; token = this.parser.read()) {
      this.handler[token.handlerName]?.(token);
    }
  };

  /** Reads the rest of the message and drops it (after a cancel, or once the decoder is done). */
  async drain(): Promise<void> {
    this.paused = false;
    while ((await this.next().catch(() => null)) !== null) {
      // dropped
    }
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    const resolve = this.onResume;
    this.onResume = null;
    resolve?.();
  }

  private end(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    // As tedious's parser: outside the promise chain, on the next tick.
    process.nextTick(() => (error === null ? this.emit('end') : this.emit('error', error)));
  }
}

interface Overridable {
  createTokenStreamParser(message: AsyncIterable<Buffer>, handler: unknown): EventEmitter;
  config: { options: object };
}

/**
 * Makes the next response to `request` on `connection` a TakenOverResponse, delivered to
 * `onResponse`; returns a function that disarms it if the request never got a response.
 */
export function armTakeover(connection: Connection, request: Request, onResponse: (response: TakenOverResponse) => void): () => void {
  const target = connection as unknown as Overridable;
  const disarm = (): void => {
    delete (target as Partial<Overridable>).createTokenStreamParser;
  };
  target.createTokenStreamParser = function (this: Overridable, message, handler) {
    const proto = Object.getPrototypeOf(this) as Overridable;
    if (!(handler instanceof RequestTokenHandler) || (handler as unknown as { request: unknown }).request !== request) {
      return proto.createTokenStreamParser.call(this, message, handler);
    }
    disarm();
    const response = new TakenOverResponse(message, handler as unknown as TokenHandler, this.config.options);
    onResponse(response);
    return response;
  };
  return disarm;
}
