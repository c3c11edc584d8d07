// Export of a dataset's labels in its Kaggle format, a page of items at a time so that memory stays flat for any
// dataset (752k slices are 4.5 million rows): to a file, written to a temporary file and renamed into place so a
// failed export never leaves a half-written CSV behind, or as a stream for a download.
//
// Only items that have a label in the chosen source are written, and the report says how many were left out: an
// unlabelled strip is not a defect-free strip, so it must not appear as one (no rows in the new form, four empty
// rows in the old). `current-or-model` writes the current label where there is one and the active model's draft
// for the rest (steel: its thresholded masks; CT: its labels at 0.5, as 0/1 like every other row of a label file).
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Db } from '../../db/database';
import type { Dataset, DatasetService } from '../datasets/datasets';
import type { LabelService, LabelView } from '../labels/labels';
import { badInput } from '../../../shared/errors';
import { exportFileName } from '../../../shared/export-names';
import { parseCtPrediction, predictionToBits } from '../../../shared/ml/ct-prediction';
import { formatSeverstalRows, severstalCsvHeader } from '../../formats/severstal-csv';
import { formatRsnaRows, RSNA_CSV_HEADER } from '../../formats/rsna-csv';
import { rsnaPredictionRows } from './predict-export';

export type ExportFormat = 'severstal' | 'rsna';
/** Which labels an export writes: a label view, or the current labels filled with a model's draft. */
export type ExportSource = LabelView | 'current-or-model';

export interface ExportOptions {
  format: ExportFormat;
  /** Severstal only: the old form, four rows per image with empty EncodedPixels for no defect. */
  legacy?: boolean;
  source: ExportSource;
  /** current-or-model: the model whose draft fills the items without a label, `model:<version>`. */
  model?: `model:${string}`;
  out: string;
}

export interface ExportReport {
  out: string;
  format: ExportFormat;
  source: ExportSource;
  /** current-or-model: the model that filled the unlabelled items. */
  model: string | null;
  /** Items written. */
  items: number;
  rows: number;
  /** Items left out because they have no label in the source (current-or-model: neither a label nor a draft). */
  skipped: number;
  /** current-or-model: items written from the model's draft. */
  fromModel: number;
}

/** A download: its file name, how many items it leaves out (counted before it starts), and the CSV as bytes. */
export interface ExportDownload {
  fileName: string;
  format: ExportFormat;
  /** Items without a label in the source: not in the CSV. */
  skipped: number;
  stream: ReadableStream<Uint8Array>;
}

/** What an export wrote so far. */
interface Tally {
  items: number;
  rows: number;
  skipped: number;
  fromModel: number;
}

/** Items per page: a few hundred kilobytes of CSV. */
const PAGE_ITEMS = 2000;
/** CT: a model's probability that makes a label of its draft. */
const CT_DRAFT_THRESHOLD = 0.5;

export class ExportService {
  constructor(
    private readonly db: Db,
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  /** Writes the CSV to `options.out` piece by piece (temp file + rename). */
  export(datasetRef: string | number, options: ExportOptions): ExportReport {
    const dataset = this.checked(datasetRef, options);
    const out = resolve(options.out);
    const partial = `${out}.partial-${process.pid}`;
    const tally: Tally = { items: 0, rows: 0, skipped: 0, fromModel: 0 };
    let fd: number | null = null;
    try {
      fd = openSync(partial, 'w');
      for (const piece of this.pieces(dataset, options, tally)) writeSync(fd, piece);
      closeSync(fd);
      fd = null;
      renameSync(partial, out);
    } catch (error) {
      if (fd !== null) closeSync(fd);
      rmSync(partial, { force: true });
      if ((error as { code?: string }).code === 'bad_input') throw error;
      throw badInput(`${options.out}: cannot write the export (${(error as Error).message})`);
    }
    return { out, format: options.format, source: options.source, model: options.model ?? null, ...tally };
  }

  /**
   * The CSV of a dataset's current (or imported truth) labels in its own format, as a stream that reads the next
   * page only when the reader wants more bytes. A label saved while the download runs may or may not be in it.
   */
  download(datasetRef: string | number, source: 'current' | 'truth', legacy = false): ExportDownload {
    const dataset = this.datasets.get(datasetRef);
    const options: ExportOptions = { format: dataset.kind === 'severstal' ? 'severstal' : 'rsna', source, legacy, out: '' };
    this.checked(dataset.id, options);
    const skipped = this.unlabelled(dataset.id, source);
    const pieces = this.pieces(dataset, options, { items: 0, rows: 0, skipped: 0, fromModel: 0 });
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
    return { fileName: exportFileName(dataset, source), format: options.format, skipped, stream };
  }

  /** How many items of a dataset have no label in `source` (current: neither truth nor a person's; truth: no truth). */
  unlabelled(datasetId: number, source: 'current' | 'truth'): number {
    const sources = source === 'current' ? "('truth', 'human')" : "('truth')";
    return (
      this.db
        .prepare(
          `SELECT COUNT(*) AS n FROM items i WHERE i.dataset_id = ?
           AND NOT EXISTS (SELECT 1 FROM label_revisions l WHERE l.item_id = i.id AND l.source IN ${sources})`,
        )
        .get(datasetId) as { n: number }
    ).n;
  }

  private checked(datasetRef: string | number, options: ExportOptions): Dataset {
    const dataset = this.datasets.get(datasetRef);
    const expected: ExportFormat = dataset.kind === 'severstal' ? 'severstal' : 'rsna';
    if (options.format !== expected) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; export it with --format ${expected}`);
    if (options.legacy && options.format !== 'severstal') throw badInput('--legacy applies to the severstal format only');
    if (options.source === 'current-or-model' && !options.model) throw badInput('current-or-model needs the model whose draft fills the unlabelled items');
    return dataset;
  }

  /** The labels of a page of items in the export's source: itemId → classId → payload, and which came from the model. */
  private pageLabels(itemIds: number[], options: ExportOptions): { labels: Map<number, Map<number, string>>; drafted: Set<number> } {
    if (options.source !== 'current-or-model') return { labels: this.labels.labelsOfItems(itemIds, options.source), drafted: new Set() };
    const labels = this.labels.labelsOfItems(itemIds, 'current');
    const rest = itemIds.filter((id) => !labels.has(id));
    const drafts = this.labels.labelsOfItems(rest, options.model!);
    const drafted = new Set<number>();
    for (const [itemId, classes] of drafts) {
      if (options.format === 'rsna') {
        const probabilities = parseCtPrediction(classes.get(0) ?? '');
        if (!probabilities) continue;
        labels.set(itemId, new Map([[0, String(predictionToBits(probabilities, CT_DRAFT_THRESHOLD))]]));
      } else {
        labels.set(itemId, classes);
      }
      drafted.add(itemId);
    }
    return { labels, drafted };
  }

  /** The CSV in pieces: the header, then the rows of one page of items after another, in display order. */
  private *pieces(dataset: Dataset, options: ExportOptions, tally: Tally): Generator<string> {
    const form = options.legacy ? 'legacy' : 'new';
    const { format } = options;
    yield format === 'severstal' ? severstalCsvHeader(form) : RSNA_CSV_HEADER;
    for (const page of this.itemPages(dataset.id)) {
      const { labels, drafted } = this.pageLabels(page.map((i) => i.id), options);
      if (format === 'rsna' && options.source.startsWith('model:')) {
        const { text, items: predicted } = rsnaPredictionRows(page, labels); // probabilities, not bit masks
        tally.items += predicted;
        tally.rows += predicted * 6;
        tally.skipped += page.length - predicted;
        yield text;
        continue;
      }
      const items = page.filter((item) => labels.has(item.id));
      tally.items += items.length;
      tally.skipped += page.length - items.length;
      tally.fromModel += items.filter((item) => drafted.has(item.id)).length;
      if (format === 'severstal') {
        const rows = items.flatMap((item) =>
          [...labels.get(item.id)!]
            .filter(([, rle]) => rle !== '')
            .sort(([a], [b]) => a - b)
            .map(([classId, rle]) => ({ imageId: item.key, classId, rle })),
        );
        tally.rows += options.legacy ? items.length * 4 : rows.length;
        yield formatSeverstalRows(rows, form, items.map((i) => i.key));
      } else {
        const rows = items.flatMap((item) => {
          const payload = labels.get(item.id)!.get(0);
          return payload === undefined ? [] : [{ key: item.key, bits: Number(payload) }];
        });
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
