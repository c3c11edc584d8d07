// Severstal's train.csv in both of its forms, detected from the header:
//   old ("legacy") `ImageId_ClassId,EncodedPixels`: four rows per image, empty EncodedPixels = no defect;
//   new           `ImageId,ClassId,EncodedPixels`: defect rows only.
// Every problem is reported as `<file>:<line>: <what is wrong>`.
import Papa from 'papaparse';
import { STEEL_CLASSES, STEEL_HEIGHT, STEEL_WIDTH } from '../../shared/domain';
import { badInput } from '../../shared/errors';
import { parseRle } from '../../shared/rle';
import { readCsvBatches } from './csv-batches';

export type SeverstalCsvForm = 'new' | 'legacy';

/** One label row; `rle` is '' when the image has no defect of that class (old form only). */
export interface SeverstalCsvRow {
  line: number;
  imageId: string;
  classId: number;
  rle: string;
  /** The form of the file the row came from. */
  form: SeverstalCsvForm;
}

/** One row to write: an image, a class and its RLE ('' = no defect). */
export interface SeverstalLabel {
  imageId: string;
  classId: number;
  rle: string;
}

const HEADERS: Record<SeverstalCsvForm, readonly string[]> = {
  legacy: ['ImageId_ClassId', 'EncodedPixels'],
  new: ['ImageId', 'ClassId', 'EncodedPixels'],
};

function formOfHeader(fields: readonly string[]): SeverstalCsvForm | null {
  const trimmed = fields.map((f) => f.trim());
  for (const form of ['legacy', 'new'] as const) {
    const header = HEADERS[form];
    if (trimmed.length === header.length && header.every((name, i) => trimmed[i] === name)) return form;
  }
  return null;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0].trim() === '';
}

/** Splits the old form's `ImageId_ClassId` on its last underscore. */
function splitImageClass(text: string): [string, string] | null {
  const cut = text.lastIndexOf('_');
  return cut < 0 ? null : [text.slice(0, cut), text.slice(cut + 1)];
}

function classIdOf(text: string): number | null {
  const classId = Number(text);
  return text.length === 1 && (STEEL_CLASSES as readonly number[]).includes(classId) ? classId : null;
}

/**
 * The label rows of a Severstal CSV, in file order (`line` is the 1-based file line; the header is line 1).
 * Throws a bad-input error `<file>:<line>: …` for an unknown header, a wrong column count, a class outside
 * 1–4, an invalid RLE (with the token or run at fault) or a second row for the same image and class.
 */
export async function* readSeverstalCsv(path: string): AsyncGenerator<SeverstalCsvRow> {
  let form: SeverstalCsvForm | null = null;
  const firstLines = new Map<string, number>();
  const fail = (line: number, what: string) => badInput(`${path}:${line}: ${what}`);
  for await (const batch of readCsvBatches(path)) {
    for (let r = 0; r < batch.records.length; r++) {
      const fields = batch.records[r];
      if (isBlank(fields)) continue;
      const line = batch.lineOf(r);
      if (form === null) {
        form = formOfHeader(fields);
        if (form === null) {
          throw fail(
            line,
            `unknown header "${fields.join(',')}": expected "${HEADERS.legacy.join(',')}" (old form) or "${HEADERS.new.join(',')}" (new form)`,
          );
        }
        continue;
      }
      const columns = HEADERS[form].length;
      if (fields.length !== columns) throw fail(line, `expected ${columns} columns like the header, found ${fields.length}`);
      let imageId: string;
      let classText: string;
      if (form === 'legacy') {
        const parts = splitImageClass(fields[0].trim());
        if (parts === null) throw fail(line, `"${fields[0]}" is not ImageId_ClassId (no "_<class>" at the end)`);
        [imageId, classText] = parts;
      } else {
        imageId = fields[0].trim();
        classText = fields[1].trim();
      }
      if (imageId === '') throw fail(line, 'empty ImageId');
      const classId = classIdOf(classText);
      if (classId === null) throw fail(line, `class "${classText}" of image "${imageId}" is not one of ${STEEL_CLASSES.join(', ')}`);
      const rle = fields[columns - 1].trim();
      if (rle !== '') {
        const parsed = parseRle(rle, STEEL_WIDTH, STEEL_HEIGHT);
        if (!parsed.ok) throw fail(line, `invalid EncodedPixels for image "${imageId}" class ${classId}: ${parsed.reason}`);
      }
      const pairKey = `${imageId}\n${classId}`;
      const firstLine = firstLines.get(pairKey);
      if (firstLine !== undefined) throw fail(line, `second row for image "${imageId}" class ${classId} (the first is on line ${firstLine})`);
      firstLines.set(pairKey, line);
      yield { line, imageId, classId, rle, form };
    }
  }
  if (form === null) throw badInput(`${path}: no header: the file is empty`);
}

/**
 * A Severstal CSV as text (LF line ends, a final newline, quoting only where needed).
 * New form: header `ImageId,ClassId,EncodedPixels` and the rows with a non-empty RLE, in the given order.
 * Legacy form: header `ImageId_ClassId,EncodedPixels` and four rows (classes 1–4) for every image of
 * `allImageIds`, then for any other image met in `rows`, with empty EncodedPixels where there is no defect.
 */
export function formatSeverstalCsv(rows: Iterable<SeverstalLabel>, form: SeverstalCsvForm, allImageIds: readonly string[] = []): string {
  return severstalCsvHeader(form) + formatSeverstalRows(rows, form, allImageIds);
}

/** The header line of a form, with its line end. */
export function severstalCsvHeader(form: SeverstalCsvForm): string {
  return `${HEADERS[form].join(',')}\n`;
}

/**
 * The data rows of formatSeverstalCsv without the header, each ending in LF: a streaming writer calls it once
 * per page of images and writes the header once.
 */
export function formatSeverstalRows(rows: Iterable<SeverstalLabel>, form: SeverstalCsvForm, allImageIds: readonly string[] = []): string {
  const labels = new Map<string, Map<number, string>>();
  for (const id of allImageIds) if (!labels.has(id)) labels.set(id, new Map());
  const data: string[][] = [];
  for (const { imageId, classId, rle } of rows) {
    if (classIdOf(String(classId)) === null) throw new RangeError(`class ${classId} of image "${imageId}" is not one of ${STEEL_CLASSES.join(', ')}`);
    const classes = labels.get(imageId) ?? new Map<number, string>();
    if (classes.has(classId)) throw new RangeError(`two labels for image "${imageId}" class ${classId}`);
    classes.set(classId, rle);
    labels.set(imageId, classes);
    if (form === 'new' && rle !== '') data.push([imageId, String(classId), rle]);
  }
  if (form === 'legacy') {
    for (const [imageId, classes] of labels) {
      for (const classId of STEEL_CLASSES) data.push([`${imageId}_${classId}`, classes.get(classId) ?? '']);
    }
  }
  return data.length === 0 ? '' : `${Papa.unparse(data, { newline: '\n' })}\n`;
}
