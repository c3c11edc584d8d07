// Export of a dataset's labels in its Kaggle format, written to a temporary file and renamed into
// place so that a failed export never leaves a half-written CSV behind.
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DatasetService } from '../datasets/datasets';
import type { LabelService, LabelView } from '../labels/labels';
import { badInput } from '../../../shared/errors';
import { formatSeverstalCsv } from '../../formats/severstal-csv';
import { formatRsnaCsv } from '../../formats/rsna-csv';
import { rsnaPredictionCsv } from './predict-export';

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

export class ExportService {
  constructor(
    private readonly datasets: DatasetService,
    private readonly labels: LabelService,
  ) {}

  /** The CSV text of a dataset's labels as seen from `source`. */
  csvOf(datasetRef: string | number, format: ExportFormat, source: LabelView, legacy = false): { csv: string; items: number } {
    const dataset = this.datasets.get(datasetRef);
    const expected: ExportFormat = dataset.kind === 'severstal' ? 'severstal' : 'rsna';
    if (format !== expected) throw badInput(`dataset "${dataset.name}" holds ${dataset.kind} data; export it with --format ${expected}`);
    if (legacy && format !== 'severstal') throw badInput('--legacy applies to the severstal format only');
    const items = this.datasets.items(dataset.id);
    const labels = this.labels.labelsOf(dataset.id, source);

    if (format === 'severstal') {
      const rows = items.flatMap((item) =>
        [...(labels.get(item.id) ?? new Map<number, string>())]
          .filter(([, rle]) => rle !== '')
          .sort(([a], [b]) => a - b)
          .map(([classId, rle]) => ({ imageId: item.key, classId, rle })),
      );
      return { csv: formatSeverstalCsv(rows, legacy ? 'legacy' : 'new', items.map((i) => i.key)), items: items.length };
    }
    if (source.startsWith('model:')) return rsnaPredictionCsv(items, labels); // probabilities, not bit masks
    const rows = items.flatMap((item) => {
      const payload = labels.get(item.id)?.get(0);
      return payload === undefined ? [] : [{ key: item.key, bits: Number(payload) }];
    });
    return { csv: formatRsnaCsv(rows), items: rows.length };
  }

  export(datasetRef: string | number, options: ExportOptions): ExportReport {
    const { csv, items } = this.csvOf(datasetRef, options.format, options.source, options.legacy);
    const out = resolve(options.out);
    const partial = `${out}.partial-${process.pid}`;
    try {
      writeFileSync(partial, csv);
      renameSync(partial, out);
    } catch (error) {
      rmSync(partial, { force: true });
      throw badInput(`${options.out}: cannot write the export (${(error as Error).message})`);
    }
    const rows = csv === '' ? 0 : csv.split('\n').filter((l) => l !== '').length - 1;
    return { out, format: options.format, source: options.source, items, rows };
  }
}
