// How the CLI talks: results on stdout (JSON with --json), progress and errors on stderr.
import type { ImportProgress } from '../services/imports/import-common';

export interface OutputOptions {
  json?: boolean;
}

export function printResult(options: OutputOptions, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${human()}\n`);
}

/** A progress line on stderr for long runs, only when a person is watching a terminal. */
export function progressPrinter(options: OutputOptions): ((p: ImportProgress) => void) | undefined {
  if (options.json || !process.stderr.isTTY) return undefined;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.done !== p.total) return;
    last = now;
    const share = p.total ? ` ${Math.floor((100 * p.done) / p.total)}%` : '';
    process.stderr.write(`\r${p.phase}: ${p.done.toLocaleString('en')}${p.total ? ` / ${p.total.toLocaleString('en')}` : ''}${share}\u001b[K`);
    if (p.phase === 'writing' && p.done === p.total) process.stderr.write('\n');
  };
}
