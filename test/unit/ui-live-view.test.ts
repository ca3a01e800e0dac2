// The live view says what is going on (issue: no chunk progress, `Replicating constraints: 0/0
// tables` while it read the catalog, and an elapsed time that disagreed with the summary's).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createListrRenderer } from '../../src/ui/listr-renderer.js';
import { createPlainRenderer } from '../../src/ui/plain-renderer.js';
import { fakeTerminal, lastFrame } from '../helpers/fake-terminal.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the screen shows `text` (listr2 starts drawing on its own schedule). */
async function frameWith(terminal: ReturnType<typeof fakeTerminal>, text: string): Promise<void> {
  for (let i = 0; i < 200 && !lastFrame(terminal.text()).join('\n').includes(text); i++) await sleep(10);
}

let wasTTY: boolean | undefined;
beforeEach(() => {
  wasTTY = process.stdout.isTTY;
  process.stdout.isTTY = true;
});
afterEach(() => {
  process.stdout.isTTY = wasTTY as boolean;
});

describe('listr2 live view', () => {
  it('shows a key-range table\'s committed ranges next to its rows', async () => {
    const terminal = fakeTerminal();
    const view = createListrRenderer('Syncing data', { stdout: terminal, drawIntervalMs: 5 });
    view.listener({ type: 'stage:start', stage: 'data', selected: 1, window: 1, toRun: 1, skipped: [] });
    view.listener({ type: 'table:start', table: 'dbo.Big', position: 1, total: 1, estimatedRows: 1_000_000 });
    view.listener({ type: 'table:chunks', table: 'dbo.Big', done: 0, total: 10 });
    view.listener({ type: 'table:progress', table: 'dbo.Big', rows: 600_000, bytes: 1 });
    view.listener({ type: 'table:chunks', table: 'dbo.Big', done: 6, total: 10 });
    await frameWith(terminal, 'dbo.Big');
    expect(lastFrame(terminal.text()).find((l) => l.includes('dbo.Big'))).toMatch(/600,000 of ~1,000,000 rows, .* chunks 6\/10$/);
    await view.finish();
  });

  it('before its stage starts (catalog, planning) it says so instead of counting 0/0 tables', async () => {
    const terminal = fakeTerminal();
    const view = createListrRenderer('Replicating constraints', { stdout: terminal, drawIntervalMs: 5 });
    await frameWith(terminal, 'planning');
    const frame = lastFrame(terminal.text());
    expect(frame.join('\n')).toContain('Replicating constraints: reading the catalog and planning');
    expect(frame.join('\n')).not.toContain('0/0');
    view.listener({ type: 'stage:start', stage: 'constraints', selected: 3, window: 3, toRun: 3, skipped: [] });
    await frameWith(terminal, '0/3 tables');
    expect(lastFrame(terminal.text())[0]).toMatch(/Replicating constraints: 0\/3 tables/);
    await view.finish();
  });

  it('the last frame shows the summary\'s own duration: one clock', async () => {
    const terminal = fakeTerminal();
    let clock = 0;
    const view = createListrRenderer('Syncing data', { stdout: terminal, drawIntervalMs: 5, now: () => clock });
    view.listener({ type: 'stage:start', stage: 'data', selected: 1, window: 1, toRun: 1, skipped: [] });
    view.listener({ type: 'table:done', table: 'dbo.A', position: 1, total: 1, rows: 1, bytes: 1, durationMs: 1 });
    clock = 1_600; // the view's clock has run on; the summary says 400 ms
    await view.finish(400);
    expect(lastFrame(terminal.text())[0]).toMatch(/Syncing data: 1\/1 tables, 0\.4 s$/);
  });

  it('says it is stopping once the run is interrupted (stderr lines appear only when the view ends)', async () => {
    const terminal = fakeTerminal();
    const stop = new AbortController();
    const view = createListrRenderer('Syncing data', { stdout: terminal, drawIntervalMs: 5, stopping: stop.signal });
    view.listener({ type: 'stage:start', stage: 'data', selected: 1, window: 1, toRun: 1, skipped: [] });
    stop.abort();
    await frameWith(terminal, 'stopping');
    expect(lastFrame(terminal.text())[0]).toContain('stopping, rolling back the running tables (Ctrl-C again exits at once)');
    await view.finish(10);
  });
});

describe('plain lines', () => {
  it('print a key-range table\'s plan once, then each committed range', () => {
    const lines: string[] = [];
    const listener = createPlainRenderer({ write: (l) => lines.push(l), verbose: false });
    listener({ type: 'table:chunks', table: 'dbo.Big', done: 0, total: 10 });
    listener({ type: 'table:chunks', table: 'dbo.Big', done: 1, total: 10 });
    listener({ type: 'table:chunks', table: 'dbo.Re', done: 6, total: 10 });
    expect(lines).toEqual(['dbo.Big: copied in 10 key ranges', 'dbo.Big: key range 1/10 committed', 'dbo.Re: copied in 10 key ranges, 6 committed by an earlier run']);
  });
});
