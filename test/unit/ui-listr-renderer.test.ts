// On a terminal, every redraw of the live view added a new line per running table
// (listr2 kept every earlier output with `outputBar: Infinity`), so a 20 s table filled the
// screen. These tests drive the real listr2 view on a fake terminal and read its frames.
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListrRenderer } from '../../src/ui/listr-renderer.js';

/** A writable that says it is a 120×50 terminal and keeps everything written to it. */
function fakeTerminal(): NodeJS.WriteStream & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY: true, columns: 120, rows: 50, text: () => text });
  return stream;
}

/**
 * What the terminal shows after everything written to it: a small screen model that applies the
 * cursor moves and erases log-update sends. listr2 9 redrew the whole block each frame; listr2 11
 * (log-update 8) rewrites only the lines that changed, so the screen, not the last write, is the frame.
 */
function lastFrame(written: string): string[] {
  const screen: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string): void => {
    const line = screen[row] ?? '';
    screen[row] = line.padEnd(col, ' ').slice(0, col) + ch + line.slice(col + 1);
    col += 1;
  };
  // eslint-disable-next-line no-control-regex
  const token = /\u001b\[([0-9;?]*)([A-Za-z])|\n|\r|[^\u001b\n\r]/gu;
  for (const m of written.matchAll(token)) {
    const [text, args, command] = m;
    if (text === '\n') {
      row += 1;
      col = 0;
      screen[row] ??= '';
    } else if (text === '\r') {
      col = 0;
    } else if (command === undefined) {
      put(text);
    } else {
      const n = args === '' || args === undefined || args.startsWith('?') ? 1 : Number(args);
      if (command === 'A') row = Math.max(0, row - n);
      else if (command === 'B') row += n;
      else if (command === 'G') col = 0;
      else if (command === 'K') screen[row] = args === '2' ? '' : (screen[row] ?? '').slice(0, col);
      else if (command === 'J') screen.splice(row + 1);
      screen[row] ??= '';
    }
  }
  return screen.map((l) => l ?? '').filter((l) => l.trim() !== '');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// listr2 picks its live renderer only when process.stdout is a TTY.
let wasTTY: boolean | undefined;
beforeEach(() => {
  wasTTY = process.stdout.isTTY;
  process.stdout.isTTY = true;
});
afterEach(() => {
  process.stdout.isTTY = wasTTY as boolean;
});

describe('listr2 live view', () => {
  it('keeps one line per running table however many progress updates arrive', async () => {
    const terminal = fakeTerminal();
    const view = createListrRenderer('Syncing data', { stdout: terminal, drawIntervalMs: 5 });
    view.listener({ type: 'stage:start', stage: 'data', selected: 2, window: 2, toRun: 2, skipped: [] });
    view.listener({ type: 'table:start', table: 'dbo.wide', position: 1, total: 2, estimatedRows: 1_000_000 });
    view.listener({ type: 'table:start', table: 'dbo.narrow', position: 2, total: 2, estimatedRows: 10 });
    for (let i = 1; i <= 40; i++) {
      view.listener({ type: 'table:progress', table: 'dbo.wide', rows: i * 25_000, bytes: i * 1_000_000 });
      await sleep(8); // several redraws, each with new figures
    }
    const frame = lastFrame(terminal.text());
    expect(frame.filter((l) => l.includes('dbo.wide'))).toHaveLength(1);
    expect(frame.filter((l) => l.includes('dbo.narrow'))).toHaveLength(1);
    expect(frame.find((l) => l.includes('dbo.wide'))).toMatch(/of ~1,000,000 rows/);
    expect(frame.length).toBeLessThanOrEqual(3); // the title and the two running tables
    await view.finish();
  });

  it('collapses finished tables to their result line and keeps only the last few', async () => {
    const terminal = fakeTerminal();
    const view = createListrRenderer('Syncing data', { stdout: terminal, drawIntervalMs: 5, recentResults: 3 });
    view.listener({ type: 'stage:start', stage: 'data', selected: 12, window: 12, toRun: 12, skipped: [] });
    for (let i = 1; i <= 10; i++) {
      const table = `dbo.t${i}`;
      view.listener({ type: 'table:start', table, position: i, total: 12, estimatedRows: 100 });
      view.listener({ type: 'table:progress', table, rows: 50, bytes: 500 });
      await sleep(6);
      view.listener({ type: 'table:done', table, position: i, total: 12, rows: 100, bytes: 1000, durationMs: 1500 });
    }
    view.listener({ type: 'table:start', table: 'dbo.t11', position: 11, total: 12, estimatedRows: 100 });
    await sleep(20);
    const frame = lastFrame(terminal.text());
    expect(frame.filter((l) => /dbo\.t11: starting/.test(l))).toHaveLength(1);
    expect(frame.filter((l) => l.includes('✔'))).toEqual([
      expect.stringContaining('dbo.t8: 100 rows in 1.5 s'),
      expect.stringContaining('dbo.t9: 100 rows in 1.5 s'),
      expect.stringContaining('dbo.t10: 100 rows in 1.5 s'),
    ]);
    expect(frame.some((l) => /dbo\.t[1-7]:/.test(l))).toBe(false);
    await view.finish();
  });
});
