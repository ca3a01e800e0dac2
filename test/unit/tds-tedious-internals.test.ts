// The decoder's transport replaces one internal tedious method for one response
// (src/sqlserver/tds/token-stream-takeover.ts). This test fails loudly when tedious changes
// under it: another version, or the call site, handler or parser it relies on moved. Then
// re-read lib/connection.js (the SentClientRequest state) before updating TEDIOUS_VERSION.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { TEDIOUS_VERSION, tediousInternalsProblem } from '../../src/sqlserver/tds/tedious-internals.js';

const require = createRequire(import.meta.url);

describe('tedious internals the TDS decoder relies on', () => {
  it(`are those of tedious ${TEDIOUS_VERSION}, pinned exactly in package.json`, () => {
    expect(tediousInternalsProblem()).toBeNull();
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies['tedious']).toBe(TEDIOUS_VERSION);
  });

  it('the SentClientRequest state still builds its parser with createTokenStreamParser and a RequestTokenHandler, and pauses/resumes it', () => {
    const source = readFileSync(require.resolve('tedious/lib/connection.js'), 'utf8');
    expect(source).toContain('const tokenStreamParser = this.createTokenStreamParser(message, new _handler.RequestTokenHandler(this, this.request));');
    expect(source).toContain("tokenStreamParser.once('end', onEndOfMessage);");
    expect(source).toContain('tokenStreamParser.pause();');
    expect(source).toContain('tokenStreamParser.resume();');
    // The attention acknowledgement is read by a handler of its own, which the takeover leaves alone.
    expect(source).toContain('const handler = new _handler.AttentionTokenHandler(this, this.request);');
  });
});
