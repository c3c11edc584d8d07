// Benchmark: DICOM header read, 512² decode → HU, windowing and the 3-window composite. Median milliseconds.
// Uses the rt-utils phantom slice and the compressed samples from ../shared/data when present (LOUPE_SHARED_DATA
// overrides), else a synthetic 512² slice written by writeDicom (then the compressed figures are absent).
// Run through `npm run bench`, or on its own: tsx -e "import('./bench/dicom.bench.ts').then(async m => console.log(await m.benchDicom()))"
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeDicomFrame, initDicomCodecs, readDicomMeta, writeDicom } from '../src/main/imaging/dicom';
import { compositeRgb, windowToGray } from '../src/shared/window-level';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = process.env.LOUPE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
const PHANTOM = 'ct_series/rtutils_ct_phantom_5slices/2.16.840.1.114362.1.11940992.23790159890.563423471.893.87.dcm';
const COMPRESSED: Record<string, string> = {
  decodeJ2kLossless512_ms: 'dicom/pydicom-data__693_J2KR.dcm',
  decodeJpegLs512_ms: 'dicom/dicomparser__CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm',
  decodeJpegLossless512_ms: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_lossless.70.dcm',
  decodeJpeg12bit512_ms: 'dicom/dicomparser__CT0012.fragmented_no_bot_jpeg_baseline.51.dcm',
  decodeRle512_ms: 'dicom/dicomparser__CT0012.not_fragmented_bot_rle.dcm',
};

function median(run: () => void, iterations: number): number {
  for (let i = 0; i < Math.min(20, iterations); i++) run(); // warm-up: JIT and lazily built tables
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function syntheticSlice(): Uint8Array {
  const pixels = new Int16Array(512 * 512);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i * 2654435761) >>> 20) % 2400 - 1000 + 1024;
  return writeDicom({
    sopInstanceUid: '1.2.3.4.5',
    patientId: 'ID_bench',
    studyInstanceUid: '1.2.3.4.6',
    seriesInstanceUid: '1.2.3.4.7',
    rows: 512,
    columns: 512,
    rescaleIntercept: -1024,
    pixels,
  });
}

export async function benchDicom(): Promise<Record<string, number>> {
  const real = existsSync(path.join(dataRoot, PHANTOM));
  const slice = real ? new Uint8Array(readFileSync(path.join(dataRoot, PHANTOM))) : syntheticSlice();
  const results: Record<string, number> = { realData: real ? 1 : 0 };

  const initStart = performance.now();
  await initDicomCodecs();
  results.initDicomCodecs_once_ms = performance.now() - initStart;

  results.readDicomMeta_wholeFile_ms = median(() => readDicomMeta(slice), 2000);
  results.readDicomMeta_first64KiB_ms = median(() => readDicomMeta(slice.subarray(0, 65536)), 2000);
  results.decodeToHu512_ms = median(() => decodeDicomFrame(slice), 300);

  const hu = decodeDicomFrame(slice).hu;
  const rgb = new Uint8Array(hu.length * 3);
  const gray = new Uint8Array(hu.length);
  results.windowToGray512_ms = median(() => windowToGray(hu, 40, 80, gray), 300);
  results.compositeRgb512_ms = median(() => compositeRgb(hu, rgb), 300);
  results.decodeAndComposite512_ms = median(() => compositeRgb(decodeDicomFrame(slice).hu, rgb), 300);

  if (real) {
    for (const [name, file] of Object.entries(COMPRESSED)) {
      const full = path.join(dataRoot, file);
      if (!existsSync(full)) continue;
      const bytes = new Uint8Array(readFileSync(full));
      results[name] = median(() => decodeDicomFrame(bytes, 0, file), 30);
    }
  }
  return results;
}
