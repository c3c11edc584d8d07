// Export of a dataset's labels in its Kaggle format, a page of items at a time so that memory stays flat for any
// dataset (752k slices are 4.5 million rows): to a file, written to a temporary file and renamed into place so a
// failed export never leaves a half-written CSV behind, or as a stream for a download.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService, LabelView } from '../labels/labels';
import { badInput } from '../../../shared/errors';
import { exportFileName } from '../../../shared/export-names';
import { formatSeverstalRows, severstalCsvHeader } from '../../formats/severstal-csv';
import { formatRsnaRows, RSNA_CSV_HEADER } from '../../formats/rsna-csv';
import { rsnaPredictionRows } from './predict-export';

export type ExportFormat = 'severstal' | 'rsna';

export interface ExportOptions {
  format: ExportFormat;
  /** Severstal only: the old form, four rows per image with empty EncodedPixels for no defect. */
  legacy?: boolean;
  source: LabelView;
  out: string;
}

export interface ExportReport {
  out: string;
  format: ExportFormat;
  source: LabelView;
  items: number;
  rows: number;
}

/** A download: its file name and the CSV as bytes, produced page by page as they are read. */
export interface ExportDownload {
  fileName: string;
  format: ExportFormat;
  stream: ReadableStream<Uint8Array>;
}

/** What an export wrote so far: items (Severstal: images; RSNA: slices with a label) and data rows. */
interface Tally {
  items: number;
  rows: number;
}

/** Items per page: a few hundred kilobytes of CSV. */
const PAGE_ITEMS = 2000;

export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  /** Writes the CSV to `options.out` piece by piece (temp file + rename). */
  export(datasetRef: string | number, options: ExportOptions): ExportReport {
    const dataset = this.checked(datasetRef, options.format, options.legacy ?? false);
    const out = resolve(options.out);
    const partial = `${out}.partial-${process.pid}`;
    const tally: Tally = { items: 0, rows: 0 };
    let fd: number | null = null;
    try {
      fd = openSync(partial, 'w');
      for (const piece of this.pieces(dataset, options.format, options.source, options.legacy ?? false, tally)) writeSync(fd, piece);
      closeSync(fd);
      fd = null;
      renameSync(partial, out);
    } catch (error) {
      if (fd !== null) closeSync(fd);
      rmSync(partial, { force: true });
      if ((error as { code?: string }).code === 'bad_input') throw error;
      throw badInput(`${options.out}: cannot write the export (${(error as Error).message})`);
    }
    return { out, format: options.format, source: options.source, items: tally.items, rows: tally.rows };
  }

  /**
   * The CSV of a dataset's current (or imported truth) labels in its own format, as a stream that reads the next
   * page only when the reader wants more bytes. A label saved while the download runs may or may not be in it.
   */
  download(datasetRef: string | number, source: 'current' | 'truth', legacy = false): ExportDownload {
    const dataset = this.datasets.get(datasetRef);
    const format: ExportFormat = dataset.kind === 'severstal' ? 'severstal' : 'rsna';
    this.checked(dataset.id, format, legacy);
    const pieces = this.pieces(dataset, format, source, legacy, { items: 0, rows: 0 });
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      cancel() {
        pieces.return(undefined);
      },
    });
    return { fileName: exportFileName(dataset, source), format, stream };
  }

  private checked(datasetRef: string | number, format: ExportFormat, legacy: boolean): Dataset {
    const dataset = this.datasets.get(datasetRef);
    const expected: ExportFormat = dataset.kind === 'severstal' ? 'severstal' : 'rsna';
    if (format !== expected) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; export it with --format ${expected}`);
    if (legacy && format !== 'severstal') throw badInput('--legacy applies to the severstal format only');
    return dataset;
  }

  /** The CSV in pieces: the header, then the rows of one page of items after another, in display order. */
  private *pieces(dataset: Dataset, format: ExportFormat, source: LabelView, legacy: boolean, tally: Tally): Generator<string> {
    const form = legacy ? 'legacy' : 'new';
    yield format === 'severstal' ? severstalCsvHeader(form) : RSNA_CSV_HEADER;
    for (const items of this.itemPages(dataset.id)) {
      const labels = this.labels.labelsOfItems(items.map((i) => i.id), source);
      if (format === 'severstal') {
        const rows = items.flatMap((item) =>
          [...(labels.get(item.id) ?? new Map<number, string>())]
            .filter(([, rle]) => rle !== '')
            .sort(([a], [b]) => a - b)
            .map(([classId, rle]) => ({ imageId: item.key, classId, rle })),
        );
        tally.items += items.length;
        tally.rows += legacy ? items.length * 4 : rows.length;
        yield formatSeverstalRows(rows, form, items.map((i) => i.key));
      } else if (source.startsWith('model:')) {
        const { text, items: predicted } = rsnaPredictionRows(items, labels); // probabilities, not bit masks
        tally.items += predicted;
        tally.rows += predicted * 6;
        yield text;
      } else {
        const rows = items.flatMap((item) => {
          const payload = labels.get(item.id)?.get(0);
          return payload === undefined ? [] : [{ key: item.key, bits: Number(payload) }];
        });
        tally.items += rows.length;
        tally.rows += rows.length * 6;
        yield formatRsnaRows(rows);
      }
    }
  }

  /** The items of a dataset in display order, a page at a time (keyset paging: each page is one index seek). */
  private *itemPages(datasetId: number): Generator<{ id: number; key: string }[]> {
    const page = this.db.prepare(
      `SELECT id, key, sort_index AS sortIndex FROM items WHERE dataset_id = ? AND (sort_index, id) > (?, ?)
       ORDER BY sort_index, id LIMIT ?`,
    );
    let after = { sortIndex: Number.MIN_SAFE_INTEGER, id: 0 };
    for (;;) {
      const items = page.all(datasetId, after.sortIndex, after.id, PAGE_ITEMS) as { id: number; key: string; sortIndex: number }[];
      if (items.length === 0) return;
      yield items;
      if (items.length < PAGE_ITEMS) return;
      after = items[items.length - 1];
    }
  }
}

