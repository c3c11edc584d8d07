// Streams a CSV file as batches of records, parsed by papaparse, with the file line of every record.
// papaparse pushes one batch per chunk read; the reader pauses the file while batches wait to be
// consumed, so memory stays bounded however large the file and however slow the consumer.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import { badInput } from '../../shared/errors';
import { invalidUtf8Error } from './utf8-text';

/** Records parsed from one chunk of the file. */
export interface CsvBatch {
  /** The fields of each record, blank lines included as `['']`, the header record included. */
  records: string[][];
  /** 1-based line of the file where record `index` of this batch starts. */
  lineOf(index: number): number;
}

export interface CsvBatchOptions {
  /**
   * Bytes read per chunk (and so roughly per batch); default 64 KiB. Small batches die young in V8's
   * nursery: 4 MiB chunks made a 4.5-million-row file parse 3–4 times slower, in garbage collection.
   */
  chunkBytes?: number;
}

/** How many parsed batches may wait before the file is paused. */
const QUEUED_BATCHES = 2;
const BYTE_ORDER_MARK = '\uFEFF';
const REPLACEMENT_CHARACTER = '\uFFFD';

/**
 * The file's line end, from its first line break: papaparse would guess it from the first chunk only,
 * which may not reach the end of the first line. Undefined when the head has none (or cannot be read).
 */
async function sniffNewline(file: string): Promise<'\r\n' | '\n' | '\r' | undefined> {
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(64 << 10);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      head = buffer.toString('latin1', 0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined; // the stream reports the problem
  }
  const lf = head.indexOf('\n');
  if (lf > 0 && head[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return head.includes('\r') ? '\r' : undefined;
}

/** Line breaks inside a (quoted) field: CRLF, LF and CR each count once. */
function lineBreaksIn(field: string): number {
  let breaks = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c === 13 && field.charCodeAt(i + 1) !== 10) breaks++;
  }
  return breaks;
}

/**
 * The records of a CSV file, batch by batch. A byte-order mark is dropped, CRLF and LF line ends are
 * both understood, quoting follows RFC 4180 (papaparse). A malformed quote, or bytes that are not UTF-8,
 * raise `<file>:<line>: …`.
 */
export async function* readCsvBatches(file: string, options: CsvBatchOptions = {}): AsyncGenerator<CsvBatch> {
  const newline = await sniffNewline(file);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: options.chunkBytes ?? 64 << 10 });
  const queue: CsvBatch[] = [];
  let finished = false;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  let nextLine = 1;
  // Until a quote appears, a record is exactly one line, and line numbers need no per-field work.
  let quotesSeen = false;
  let first = true;

  const takeBatch = (records: string[][]): CsvBatch => {
    if (first && records.length > 0) {
      first = false;
      if (records[0][0]?.startsWith(BYTE_ORDER_MARK)) records[0][0] = records[0][0].slice(1);
    }
    const firstLine = nextLine;
    if (!quotesSeen) {
      nextLine += records.length;
      return { records, lineOf: (index) => firstLine + index };
    }
    const lines = new Float64Array(records.length);
    for (let r = 0; r < records.length; r++) {
      lines[r] = nextLine;
      nextLine++;
      for (const field of records[r]) nextLine += lineBreaksIn(field);
    }
    return { records, lineOf: (index) => (index < lines.length ? lines[index] : nextLine) };
  };

  // Registered before papaparse's own listener, so it sees each chunk before that chunk is parsed.
  let utf8Checked = false;
  stream.on('data', (chunk) => {
    if (!quotesSeen && (chunk as string).includes('"')) quotesSeen = true;
    // U+FFFD is how the decoder shows bytes that are not UTF-8: find them (and their line) in the file.
    if (!utf8Checked && (chunk as string).includes(REPLACEMENT_CHARACTER)) {
      utf8Checked = true;
      const notUtf8 = invalidUtf8Error(file);
      if (notUtf8 !== null) {
        failure ??= notUtf8;
        stream.destroy();
        notify();
      }
    }
  });
  stream.on('error', (error) => {
    failure ??= badInput(`${file}: ${error.message}`);
    notify();
  });
  Papa.parse<string[]>(stream, {
    delimiter: ',',
    newline,
    skipEmptyLines: false,
    chunk: (results) => {
      if (failure !== null) return; // the text of a file that is not UTF-8 is not worth parsing
      const batch = takeBatch(results.data);
      const problem = results.errors[0];
      if (problem !== undefined) {
        failure ??= badInput(`${file}:${batch.lineOf(problem.row ?? 0)}: ${problem.message}`);
        stream.destroy();
      } else {
        queue.push(batch);
        if (queue.length >= QUEUED_BATCHES) stream.pause();
      }
      notify();
    },
    complete: () => {
      finished = true;
      notify();
    },
    error: (error: Error) => {
      failure ??= badInput(`${file}: ${error.message}`);
      notify();
    },
  });

  try {
    for (;;) {
      const batch = queue.shift();
      if (batch !== undefined) {
        if (queue.length < QUEUED_BATCHES && stream.isPaused()) stream.resume();
        yield batch;
        continue;
      }
      if (failure !== null) throw failure;
      if (finished) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    stream.destroy();
  }
}
