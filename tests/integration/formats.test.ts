// The two label CSV formats against small files written here: both Severstal forms, RSNA truth and
// predictions, BOM and CRLF, line numbers across blank lines, quoted line breaks and chunk boundaries,
// and every error kind with its exact `<file>:<line>:` prefix.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatSeverstalCsv, readSeverstalCsv, type SeverstalCsvRow } from '../../src/main/formats/severstal-csv';
import { formatRsnaCsv, readRsnaCsv, type RsnaPredictionRow } from '../../src/main/formats/rsna-csv';
import { readCsvBatches } from '../../src/main/formats/csv-batches';
import { tempDir } from '../helpers/fs';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('loupe-formats-');
});
afterEach(() => tmp.cleanup());

function write(name: string, text: string): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, text);
  return file;
}

async function severstalRows(file: string): Promise<SeverstalCsvRow[]> {
  const rows: SeverstalCsvRow[] = [];
  for await (const row of readSeverstalCsv(file)) rows.push(row);
  return rows;
}

async function rsnaRows(file: string, options: { probabilities?: boolean; chunkBytes?: number } = {}) {
  const batches: RsnaPredictionRow[][] = [];
  const reader = options.probabilities
    ? readRsnaCsv(file, { probabilities: true, chunkBytes: options.chunkBytes })
    : readRsnaCsv(file, { chunkBytes: options.chunkBytes });
  for await (const batch of reader) batches.push(batch);
  return { batches, rows: batches.flat() };
}

describe('readCsvBatches', () => {
  it('keeps quoted line breaks and multi-byte characters whole across tiny chunks, with exact lines', async () => {
    const text = 'a,b\r\n"x\r\ny",é1\r\n\r\n"q""uote",ü\r\n"multi\n\nline",3\r\nlast,4\r\n';
    const file = write('tricky.csv', text);
    for (const chunkBytes of [1, 3, 7, 64 << 10]) {
      const records: Array<[number, string[]]> = [];
      for await (const batch of readCsvBatches(file, { chunkBytes })) batch.records.forEach((r, i) => records.push([batch.lineOf(i), r]));
      expect(records, `chunks of ${chunkBytes} bytes`).toEqual([
        [1, ['a', 'b']],
        [2, ['x\r\ny', 'é1']],
        [4, ['']],
        [5, ['q"uote', 'ü']],
        [6, ['multi\n\nline', '3']],
        [9, ['last', '4']],
      ]);
    }
  });
});

const LEGACY = [
  'ImageId_ClassId,EncodedPixels',
  'a.jpg_1,1 3 10 5',
  'a.jpg_2,',
  'a.jpg_3,300 20',
  'a.jpg_4,',
  'under_score.jpg_1,',
  'under_score.jpg_2,',
  'under_score.jpg_3,',
  'under_score.jpg_4,409590 11',
];

describe('readSeverstalCsv', () => {
  it('reads the old form, four rows per image, splitting ImageId_ClassId on the last underscore', async () => {
    const rows = await severstalRows(write('train.csv', `${LEGACY.join('\n')}\n`));
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ line: 2, imageId: 'a.jpg', classId: 1, rle: '1 3 10 5', form: 'legacy' });
    expect(rows[1]).toEqual({ line: 3, imageId: 'a.jpg', classId: 2, rle: '', form: 'legacy' });
    expect(rows[7]).toEqual({ line: 9, imageId: 'under_score.jpg', classId: 4, rle: '409590 11', form: 'legacy' });
  });

  it('reads the new form (defect rows only)', async () => {
    const file = write('train.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1,1 3 10 5\nb_c.jpg,4,409590 11\n');
    expect(await severstalRows(file)).toEqual([
      { line: 2, imageId: 'a.jpg', classId: 1, rle: '1 3 10 5', form: 'new' },
      { line: 3, imageId: 'b_c.jpg', classId: 4, rle: '409590 11', form: 'new' },
    ]);
  });

  it('reads a file with a byte-order mark and CRLF line ends like the plain one', async () => {
    const plain = await severstalRows(write('plain.csv', `${LEGACY.join('\n')}\n`));
    const windows = await severstalRows(write('windows.csv', `\uFEFF${LEGACY.join('\r\n')}\r\n`));
    expect(windows).toEqual(plain);
  });

  it('counts blank lines and quoted line breaks in line numbers', async () => {
    const file = write('train.csv', 'ImageId,ClassId,EncodedPixels\n\na.jpg,1,1 1\n"odd\nname.jpg",2,"5 1"\n\nb.jpg,5,1 1\n');
    await expect(severstalRows(file)).rejects.toThrow(`${file}:7: class "5" of image "b.jpg" is not one of 1, 2, 3, 4`);
    const good = write('good.csv', 'ImageId,ClassId,EncodedPixels\n\na.jpg,1,1 1\n"odd\nname.jpg",2,"5 1"\n\nb.jpg,4,1 1\n');
    expect((await severstalRows(good)).map((r) => [r.line, r.imageId, r.rle])).toEqual([
      [3, 'a.jpg', '1 1'],
      [4, 'odd\nname.jpg', '5 1'],
      [7, 'b.jpg', '1 1'],
    ]);
  });

  it('names an unknown header', async () => {
    const file = write('bad.csv', 'Image,Class,Pixels\na.jpg,1,1 1\n');
    await expect(severstalRows(file)).rejects.toThrow(
      `${file}:1: unknown header "Image,Class,Pixels": expected "ImageId_ClassId,EncodedPixels" (old form) or "ImageId,ClassId,EncodedPixels" (new form)`,
    );
  });

  it('names a class outside 1–4, in both forms', async () => {
    const legacy = write('legacy.csv', 'ImageId_ClassId,EncodedPixels\na.jpg_1,\na.jpg_0,\n');
    await expect(severstalRows(legacy)).rejects.toThrow(`${legacy}:3: class "0" of image "a.jpg" is not one of 1, 2, 3, 4`);
    const fresh = write('new.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,x,1 1\n');
    await expect(severstalRows(fresh)).rejects.toThrow(`${fresh}:2: class "x" of image "a.jpg" is not one of 1, 2, 3, 4`);
    const noClass = write('none.csv', 'ImageId_ClassId,EncodedPixels\na.jpg,\n');
    await expect(severstalRows(noClass)).rejects.toThrow(`${noClass}:2: "a.jpg" is not ImageId_ClassId (no "_<class>" at the end)`);
  });

  it('names an invalid RLE with the run at fault', async () => {
    const file = write('bad.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1,1 3\na.jpg,2,1 5 100 30 120 4\n');
    await expect(severstalRows(file)).rejects.toThrow(
      `${file}:3: invalid EncodedPixels for image "a.jpg" class 2: run 3 (start 120) overlaps the previous run ending at 129`,
    );
    const odd = write('odd.csv', 'ImageId,ClassId,EncodedPixels\r\na.jpg,1,1 3 7\r\n');
    await expect(severstalRows(odd)).rejects.toThrow(`${odd}:2: invalid EncodedPixels for image "a.jpg" class 1: odd number of tokens (3)`);
    const far = write('far.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1,409600 2\n');
    await expect(severstalRows(far)).rejects.toThrow(`${far}:2: invalid EncodedPixels for image "a.jpg" class 1: run 1 (start 409600, length 2) ends at pixel 409601`);
  });

  it('names a second row for the same image and class', async () => {
    const file = write('dup.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1,1 3\nb.jpg,1,1 3\na.jpg,1,5 3\n');
    await expect(severstalRows(file)).rejects.toThrow(`${file}:4: second row for image "a.jpg" class 1 (the first is on line 2)`);
  });

  it('names a wrong column count', async () => {
    const file = write('cols.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1\n');
    await expect(severstalRows(file)).rejects.toThrow(`${file}:2: expected 3 columns like the header, found 2`);
    const legacy = write('cols-legacy.csv', 'ImageId_ClassId,EncodedPixels\na.jpg_1,1 1,extra\n');
    await expect(severstalRows(legacy)).rejects.toThrow(`${legacy}:2: expected 2 columns like the header, found 3`);
  });

  it('names an empty file, an unterminated quote and a missing file', async () => {
    const empty = write('empty.csv', '');
    await expect(severstalRows(empty)).rejects.toThrow(`${empty}: no header: the file is empty`);
    const quote = write('quote.csv', 'ImageId,ClassId,EncodedPixels\na.jpg,1,"1 1\n');
    await expect(severstalRows(quote)).rejects.toThrow(`${quote}:2: Quoted field unterminated`);
    const missing = join(tmp.dir, 'missing.csv');
    await expect(severstalRows(missing)).rejects.toThrow(`${missing}: ENOENT`);
  });
});

describe('formatSeverstalCsv', () => {
  const labels = [
    { imageId: 'a.jpg', classId: 3, rle: '300 20' },
    { imageId: 'a.jpg', classId: 1, rle: '1 3 10 5' },
    { imageId: 'b.jpg', classId: 2, rle: '' },
  ];

  it('writes the new form: header and the defect rows only', () => {
    expect(formatSeverstalCsv(labels, 'new')).toBe('ImageId,ClassId,EncodedPixels\na.jpg,3,300 20\na.jpg,1,1 3 10 5\n');
    expect(formatSeverstalCsv([], 'new')).toBe('ImageId,ClassId,EncodedPixels\n');
  });

  it('writes the old form: four rows for every image, defect-free ones included', () => {
    expect(formatSeverstalCsv(labels, 'legacy', ['z.jpg', 'a.jpg'])).toBe(
      [
        'ImageId_ClassId,EncodedPixels',
        'z.jpg_1,',
        'z.jpg_2,',
        'z.jpg_3,',
        'z.jpg_4,',
        'a.jpg_1,1 3 10 5',
        'a.jpg_2,',
        'a.jpg_3,300 20',
        'a.jpg_4,',
        'b.jpg_1,',
        'b.jpg_2,',
        'b.jpg_3,',
        'b.jpg_4,',
        '',
      ].join('\n'),
    );
  });

  it('reproduces an old-form file read back unchanged, and quotes only what needs it', async () => {
    const text = `${LEGACY.join('\n')}\n`;
    const rows = await severstalRows(write('train.csv', text));
    const images = [...new Set(rows.map((r) => r.imageId))];
    expect(formatSeverstalCsv(rows, 'legacy', images)).toBe(text);
    const odd = formatSeverstalCsv([{ imageId: 'a,b.jpg', classId: 1, rle: '1 1' }], 'new');
    expect(odd).toBe('ImageId,ClassId,EncodedPixels\n"a,b.jpg",1,1 1\n');
    expect((await severstalRows(write('odd.csv', odd)))[0].imageId).toBe('a,b.jpg');
  });

  it('refuses a class outside 1–4 and two labels for one image and class', () => {
    expect(() => formatSeverstalCsv([{ imageId: 'a', classId: 5, rle: '' }], 'new')).toThrow(/class 5/);
    expect(() => formatSeverstalCsv([labels[0], labels[0]], 'legacy')).toThrow(/two labels for image "a.jpg" class 3/);
  });
});

const RSNA_TRUTH = [
  'ID,Label',
  'ID_12cadc6af_epidural,0',
  'ID_12cadc6af_intraparenchymal,1',
  'ID_12cadc6af_intraventricular,0',
  'ID_12cadc6af_subarachnoid,0',
  'ID_12cadc6af_subdural,1',
  'ID_12cadc6af_any,1',
];

describe('readRsnaCsv', () => {
  it('reads batches of rows, splitting the ID on its last underscore (the key keeps its ID_ prefix)', async () => {
    const { rows } = await rsnaRows(write('train.csv', `${RSNA_TRUTH.join('\n')}\n`));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual({ line: 2, key: 'ID_12cadc6af', label: 'epidural', value: 0 });
    expect(rows.map((r) => r.value)).toEqual([0, 1, 0, 0, 1, 1]);
    expect(rows[5]).toEqual({ line: 7, key: 'ID_12cadc6af', label: 'any', value: 1 });
  });

  it('keeps rows whole and line numbers continuous across many small chunks, BOM and CRLF included', async () => {
    const lines = ['ID,Label'];
    for (let i = 0; i < 200; i++) for (const label of ['epidural', 'subdural', 'any']) lines.push(`ID_${i.toString(16).padStart(9, '0')}_${label},${i % 2}`);
    const file = write('many.csv', `\uFEFF${lines.join('\r\n')}\r\n`);
    const { batches, rows } = await rsnaRows(file, { chunkBytes: 100 });
    expect(batches.length).toBeGreaterThan(50);
    expect(rows).toHaveLength(600);
    rows.forEach((row, i) => {
      expect(row.line).toBe(i + 2);
      expect(`${row.key}_${row.label},${row.value}`).toBe(lines[i + 1]);
    });
  });

  it('reads probabilities when asked to', async () => {
    const file = write('pred.csv', 'ID,Label\nID_a_epidural,0.25\nID_a_any,1e-3\nID_a_subdural,1\n');
    const { rows } = await rsnaRows(file, { probabilities: true });
    expect(rows.map((r) => r.value)).toEqual([0.25, 0.001, 1]);
  });

  it('names a bad header, an unknown label and a malformed ID', async () => {
    const header = write('header.csv', 'Id,Value\nID_a_any,0\n');
    await expect(rsnaRows(header)).rejects.toThrow(`${header}:1: unknown header "Id,Value": expected "ID,Label"`);
    const label = write('label.csv', 'ID,Label\nID_a_any,0\n\nID_a_epidurall,0\n');
    await expect(rsnaRows(label)).rejects.toThrow(
      `${label}:4: unknown label "epidurall" in ID "ID_a_epidurall" (expected one of epidural, intraparenchymal, intraventricular, subarachnoid, subdural, any)`,
    );
    const id = write('id.csv', 'ID,Label\nnounderscore,0\n');
    await expect(rsnaRows(id)).rejects.toThrow(`${id}:2: ID "nounderscore" is not <slice>_<label>`);
  });

  it('names a truth value other than 0/1 and a probability outside [0, 1]', async () => {
    const truth = write('truth.csv', 'ID,Label\nID_a_any,1\nID_a_epidural,0.5\n');
    await expect(rsnaRows(truth)).rejects.toThrow(`${truth}:3: Label "0.5" of ID_a_epidural is not 0 or 1 (read predictions with probabilities)`);
    const pred = write('pred.csv', 'ID,Label\nID_a_any,1.5\n');
    await expect(rsnaRows(pred, { probabilities: true })).rejects.toThrow(`${pred}:2: Label "1.5" of ID_a_any is not a probability in [0, 1]`);
    const blank = write('blank.csv', 'ID,Label\nID_a_any,\n');
    await expect(rsnaRows(blank, { probabilities: true })).rejects.toThrow(`${blank}:2: Label "" of ID_a_any is not a probability`);
    const text = write('text.csv', 'ID,Label\nID_a_any,abc\n');
    await expect(rsnaRows(text, { probabilities: true })).rejects.toThrow(`${text}:2: Label "abc"`);
  });

  it('names a wrong column count and an empty file', async () => {
    const cols = write('cols.csv', 'ID,Label\nID_a_any,0,extra\n');
    await expect(rsnaRows(cols)).rejects.toThrow(`${cols}:2: expected 2 columns (ID,Label), found 3`);
    const empty = write('empty.csv', '\n');
    await expect(rsnaRows(empty)).rejects.toThrow(`${empty}: no header: the file is empty`);
  });

  it('stops reading when the consumer stops early', async () => {
    const lines = ['ID,Label', ...Array.from({ length: 5000 }, (_, i) => `ID_${i}_any,0`)];
    const file = write('long.csv', `${lines.join('\n')}\n`);
    let seen = 0;
    for await (const batch of readRsnaCsv(file, { chunkBytes: 256 })) {
      seen += batch.length;
      break;
    }
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(5000);
  });
});

describe('formatRsnaCsv', () => {
  it('writes six rows per slice in CT_LABELS order with any derived', () => {
    const text = formatRsnaCsv([
      { key: 'ID_12cadc6af', bits: 0b10010 },
      { key: 'ID_000000000', bits: 0 },
    ]);
    expect(text).toBe(`${RSNA_TRUTH.join('\n')}\n${['epidural', 'intraparenchymal', 'intraventricular', 'subarachnoid', 'subdural', 'any'].map((l) => `ID_000000000_${l},0`).join('\n')}\n`);
  });

  it('round-trips through readRsnaCsv, quoting a key only when it needs it', async () => {
    const text = formatRsnaCsv([{ key: 'ID_a,b', bits: 1 }]);
    expect(text.split('\n')[1]).toBe('"ID_a,b_epidural",1');
    const { rows } = await rsnaRows(write('out.csv', text));
    expect(rows.map((r) => [r.key, r.label, r.value])).toEqual([
      ['ID_a,b', 'epidural', 1],
      ['ID_a,b', 'intraparenchymal', 0],
      ['ID_a,b', 'intraventricular', 0],
      ['ID_a,b', 'subarachnoid', 0],
      ['ID_a,b', 'subdural', 0],
      ['ID_a,b', 'any', 1],
    ]);
  });
});
