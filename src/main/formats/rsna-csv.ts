// RSNA ICH's `ID,Label` CSV: six rows per slice, the ID being `<key>_<label>` where the key itself
// starts with `ID_` (`ID_12cadc6af_epidural` → key `ID_12cadc6af`, label `epidural`). The real truth
// file has 4.5 million rows, so rows come in batches, one per chunk of the file.
// Every problem is reported as `<file>:<line>: <what is wrong>`.
import Papa from 'papaparse';
import { CT_LABELS, type CtLabel } from '../../shared/domain';
import { bitsToLabels, type SubtypeBits } from '../../shared/ct-labels';
import { badInput } from '../../shared/errors';
import { readCsvBatches } from './csv-batches';

/** One truth row: a slice key, one of its six labels and 0/1. */
export interface RsnaCsvRow {
  line: number;
  key: string;
  label: CtLabel;
  value: 0 | 1;
}

/** One prediction row: like a truth row, with a probability in [0, 1]. */
export interface RsnaPredictionRow {
  line: number;
  key: string;
  label: CtLabel;
  value: number;
}

export interface RsnaCsvOptions {
  /** Read predictions: Label is a probability in [0, 1] rather than 0/1. */
  probabilities?: boolean;
  /** Bytes read per chunk, and so roughly per batch (see csv-batches.ts). */
  chunkBytes?: number;
}

const HEADER = ['ID', 'Label'] as const;
const LABELS_BY_LENGTH: ReadonlyMap<number, readonly CtLabel[]> = new Map(
  [...new Set(CT_LABELS.map((label) => label.length))].map((length) => [length, CT_LABELS.filter((l) => l.length === length)]),
);

/** The label that `id` ends with from index `from`, or undefined; compares in place (no substring per row). */
function labelAt(id: string, from: number): CtLabel | undefined {
  const candidates = LABELS_BY_LENGTH.get(id.length - from);
  if (candidates === undefined) return undefined;
  for (const label of candidates) if (id.startsWith(label, from)) return label;
  return undefined;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/** Reads Label as 0/1, or as a probability; null when it is neither. */
function valueOf(text: string, probabilities: boolean): number | null {
  if (text === '0') return 0;
  if (text === '1') return 1;
  const trimmed = text.trim();
  if (!probabilities) return trimmed === '0' ? 0 : trimmed === '1' ? 1 : null;
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return value >= 0 && value <= 1 ? value : null;
}

/**
 * The rows of an RSNA CSV in batches, in file order (`line` is the 1-based file line; the header is line 1).
 * Throws a bad-input error `<file>:<line>: …` for a header other than `ID,Label`, a wrong column count,
 * an ID without a known label suffix, or a Label that is not 0/1 (not a probability in [0, 1] with
 * `{ probabilities: true }`). It does not check for missing or repeated rows: that needs the whole file.
 */
export function readRsnaCsv(path: string, options?: RsnaCsvOptions & { probabilities?: false }): AsyncGenerator<RsnaCsvRow[]>;
export function readRsnaCsv(path: string, options: RsnaCsvOptions & { probabilities: true }): AsyncGenerator<RsnaPredictionRow[]>;
export async function* readRsnaCsv(path: string, options: RsnaCsvOptions = {}): AsyncGenerator<RsnaPredictionRow[]> {
  const probabilities = options.probabilities === true;
  const fail = (line: number, what: string) => badInput(`${path}:${line}: ${what}`);
  let headerSeen = false;
  for await (const batch of readCsvBatches(path, { chunkBytes: options.chunkBytes })) {
    const { records } = batch;
    const rows: RsnaPredictionRow[] = [];
    for (let r = 0; r < records.length; r++) {
      const fields = records[r];
      if (fields.length !== 2) {
        if (isBlank(fields)) continue;
        if (headerSeen) throw fail(batch.lineOf(r), `expected 2 columns (ID,Label), found ${fields.length}`);
      }
      if (!headerSeen) {
        if (fields.length !== 2 || fields[0].trim() !== HEADER[0] || fields[1].trim() !== HEADER[1]) {
          throw fail(batch.lineOf(r), `unknown header "${fields.join(',')}": expected "${HEADER.join(',')}"`);
        }
        headerSeen = true;
        continue;
      }
      const id = fields[0];
      const cut = id.lastIndexOf('_');
      const label = cut > 0 ? labelAt(id, cut + 1) : undefined;
      if (label === undefined) {
        const line = batch.lineOf(r);
        if (cut <= 0) throw fail(line, `ID "${id}" is not <slice>_<label>`);
        throw fail(line, `unknown label "${id.slice(cut + 1)}" in ID "${id}" (expected one of ${CT_LABELS.join(', ')})`);
      }
      const value = valueOf(fields[1], probabilities);
      if (value === null) {
        const expected = probabilities ? 'a probability in [0, 1]' : '0 or 1 (read predictions with probabilities)';
        throw fail(batch.lineOf(r), `Label "${fields[1]}" of ${id} is not ${expected}`);
      }
      rows.push({ line: batch.lineOf(r), key: id.slice(0, cut), label, value });
    }
    if (rows.length > 0) yield rows;
  }
  if (!headerSeen) throw badInput(`${path}: no header: the file is empty`);
}

/** One slice to write: its key (e.g. `ID_12cadc6af`) and its five subtypes as bits (see ct-labels.ts). */
export interface RsnaSliceLabels {
  key: string;
  bits: SubtypeBits;
}

/** An ID field, quoted only if the key needs it. */
function idField(key: string, label: CtLabel, quote: boolean): string {
  const id = `${key}_${label}`;
  return quote ? Papa.unparse([[id]], { quotes: true }) : id;
}

/** The header line of an RSNA CSV, with its line end. */
export const RSNA_CSV_HEADER = `${HEADER.join(',')}\n`;

/**
 * An RSNA CSV as text: header `ID,Label`, then six rows per slice (`<key>_<label>,<0|1>`) in CT_LABELS
 * order, with `any` derived from the five subtypes. LF line ends and a final newline.
 */
export function formatRsnaCsv(rows: Iterable<RsnaSliceLabels>): string {
  return RSNA_CSV_HEADER + formatRsnaRows(rows);
}

/** The six rows of every slice, without the header: a streaming writer calls it once per page of slices. */
export function formatRsnaRows(rows: Iterable<RsnaSliceLabels>): string {
  const parts: string[] = [];
  for (const { key, bits } of rows) {
    const values = bitsToLabels(bits);
    const quote = /[",\r\n]|^\s|\s$/.test(key);
    let text = '';
    for (let j = 0; j < CT_LABELS.length; j++) text += `${idField(key, CT_LABELS[j], quote)},${values[j]}\n`;
    parts.push(text);
  }
  return parts.join('');
}
