// A password for `loupe users add` and the first admin of `loupe serve --team`: typed at a terminal with
// nothing echoed (asked twice), or the first line of standard input when it is piped (scripts, tests), so it
// never appears in a command line, the shell's history or the process list.
import { createInterface } from 'node:readline';

export async function readPassword(what: string): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const first = await askHidden(`${what}: `);
  const again = await askHidden(`${what} again: `);
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

/** A line typed at the terminal without echo (raw mode: each key is read as it comes). */
export function askLine(prompt: string): Promise<string> {
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => lines.question(prompt, (answer) => (lines.close(), resolve(answer.trim()))));
}

function askHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done(() => resolve(typed));
        if (char === '\u0003') return done(() => reject(new Error('cancelled')));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    const done = (finish: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      finish();
    };
    stdin.on('data', onData);
  });
}

let piped: Promise<string[]> | null = null;

/** The lines of piped standard input, read once (a name and a password may come one line each). */
function pipedLines(): Promise<string[]> {
  piped ??= new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.once('end', () => resolve(text.split(/\r?\n/)));
    process.stdin.once('error', reject);
  });
  return piped;
}

let taken = 0;

async function firstLineOfStdin(): Promise<string> {
  const lines = await pipedLines();
  const line = lines[taken++];
  if (line === undefined || line === '') throw new Error('no password on standard input: pipe it as one line, or run the command in a terminal');
  return line;
}
