import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesSource } from './byte-source';
import { checkSliceStructure } from './structure';
import { verifySlices } from './verify';
import { writeDicom, type WriteDicomOptions } from './write';
import { rleFrame, withFragmentCut, withUint16 } from '../../../../tests/helpers/dicom-mutate';

const RLE = '1.2.840.10008.1.2.5';
const pixels = new Uint16Array(16 * 16).map((_, i) => 1000 + i);
const base: WriteDicomOptions = { sopInstanceUid: '1.2.3', patientId: 'P', studyInstanceUid: '1.2', seriesInstanceUid: '1.2.1', rows: 16, columns: 16, pixelRepresentation: 0 };
const frame = rleFrame(pixels);
const rle = writeDicom({ ...base, encapsulated: { transferSyntaxUid: RLE, frames: [frame] } });
// Sound framing, a codestream that is not: structure passes, only a decode finds them.
const rleShort = withFragmentCut(rle, 0, frame.length - 80); // the low-byte segment loses its last 80 bytes
const rleHalfRows = withUint16(rle, 'x00280010', 8); // Rows 8 on a 16-row stream: the segments hold twice the plane

let dir: string;
const files: string[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'loupe-verify-'));
  const write = (name: string, bytes: Uint8Array) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    files.push(file);
  };
  for (let i = 0; i < 10; i++) write(`ok-${i}.dcm`, i % 2 ? rle : writeDicom({ ...base, pixels }));
  write('short.dcm', rleShort);
  write('half-rows.dcm', rleHalfRows);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifySlices', () => {
  it('the broken files pass the structural check: only decoding finds them', () => {
    for (const bytes of [rle, rleShort, rleHalfRows]) expect(() => checkSliceStructure(bytesSource(bytes), 'x.dcm')).not.toThrow();
  });

  for (const [how, options] of [['on this thread', { inProcessBelow: 1000 }], ['on two worker threads', { inProcessBelow: 0, workers: 2 }]] as const) {
    it(`decodes every file ${how} and names each one that does not decode`, async () => {
      const progress: number[] = [];
      const failures = await verifySlices(files, { ...options, onProgress: (done) => progress.push(done) });
      expect(failures.map((f) => f.file)).toEqual([join(dir, 'short.dcm'), join(dir, 'half-rows.dcm')]);
      expect(failures[0].message).toMatch(new RegExp(`^${join(dir, 'short.dcm')}: cannot decode frame 0 \\(RLE Lossless.*RLE segment 1 ends after`));
      expect(failures[1].message).toMatch(/half-rows\.dcm: cannot decode frame 0 .*RLE segment 0 holds 256 bytes, more than the 128 of Rows × Columns/);
      expect(progress.at(-1)).toBe(files.length);
    });
  }

  it('falls back to this thread when the worker module cannot load, and stops when cancelled', async () => {
    const failures = await verifySlices(files, { inProcessBelow: 0, workers: 2, workerUrl: new URL('./no-such-worker.mjs', import.meta.url) });
    expect(failures).toHaveLength(2);
    const controller = new AbortController();
    controller.abort();
    await expect(verifySlices(files, { signal: controller.signal, inProcessBelow: 0 })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
