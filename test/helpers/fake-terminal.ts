// A fake terminal for the live view's tests: a writable that says it is a TTY, and a small
// screen model that applies the cursor moves and erases log-update sends, so a test reads the
// frame a user would see.
import { Writable } from 'node:stream';

/** A writable that says it is a 120×50 terminal and keeps everything written to it. */
export function fakeTerminal(): NodeJS.WriteStream & { text: () => string } {
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
export function lastFrame(written: string): string[] {
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

