/**
 * The tedious internals the decoder's transport relies on, checked in one place. tedious has
 * no public API for a request's raw response, so token-stream-takeover.ts replaces one internal
 * method for one response; that is only sound on the exact version it was written against
 * (package.json pins tedious exactly). `tediousInternalsProblem()` is null when everything is
 * where it was in 20.4.0; otherwise it names what moved, the unit falls back to today's path
 * with that reason, and test/unit/tds-tedious-internals.test.ts fails loudly.
 *
 * What is relied on (tedious 20.4.0):
 *   - lib/connection.js: in the SentClientRequest state the connection calls
 *     `this.createTokenStreamParser(message, new RequestTokenHandler(this, this.request))`,
 *     listens for 'end' and 'error' on the result and calls its pause()/resume(); `message`
 *     is the response's Message (a PassThrough of packet payloads, whose unread bytes hold the
 *     socket back through IncomingMessageStream);
 *   - lib/token/handler.js: RequestTokenHandler, with `request`, and one method per token
 *     (`handlerName`) that keeps the connection's and request's state;
 *   - lib/token/stream-parser.js: the token parser (`write`, `read`), used here for the few
 *     non-row tokens handed to that handler;
 *   - the iconv-lite tedious decodes char/varchar with is the one code-page.ts loads.
 */
import { createRequire } from 'node:module';
import { tedious } from '../driver-modules.js';
import { RequestTokenHandler } from 'tedious/lib/token/handler.js';
import StreamParserModule from 'tedious/lib/token/stream-parser.js';

export const TEDIOUS_VERSION = '20.4.0';

const require = createRequire(import.meta.url);

/** stream-parser.js assigns module.exports, so the default import is the class itself. */
export const StreamParser = StreamParserModule as unknown as new (options: object) => { write(chunk: Buffer): void; read(): { handlerName: string } | undefined };

export { RequestTokenHandler };

export function tediousInternalsProblem(): string | null {
  const version = (require('tedious/package.json') as { version: string }).version;
  if (version !== TEDIOUS_VERSION) return `tedious ${version} is installed, the decoder was built against ${TEDIOUS_VERSION}`;
  const proto = tedious.Connection.prototype as unknown as Record<string, unknown>;
  const create = proto['createTokenStreamParser'];
  if (typeof create !== 'function' || create.length !== 2) return 'tedious Connection.prototype.createTokenStreamParser(message, handler) is gone';
  if (typeof RequestTokenHandler !== 'function' || typeof (RequestTokenHandler.prototype as unknown as Record<string, unknown>)['onDone'] !== 'function') {
    return 'tedious RequestTokenHandler is gone';
  }
  const parser = StreamParser.prototype as unknown as Record<string, unknown>;
  if (typeof parser['write'] !== 'function' || typeof parser['read'] !== 'function') return 'tedious StreamParser write/read are gone';
  const ours = require.resolve('iconv-lite');
  const theirs = createRequire(require.resolve('tedious')).resolve('iconv-lite');
  if (ours !== theirs) return `tedious decodes with another iconv-lite (${theirs}) than the decoder (${ours})`;
  return null;
}
