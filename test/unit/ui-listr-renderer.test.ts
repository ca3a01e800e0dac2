// On a terminal, every redraw of the live view added a new line per running table
// (listr2 kept every earlier output with `outputBar: Infinity`), so a 20 s table filled the
// screen. These tests drive the real listr2 view on a fake terminal and read its frames.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListrRenderer } from '../../src/ui/listr-renderer.js';
import { fakeTerminal, lastFrame } from '../helpers/fake-terminal.js';

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
