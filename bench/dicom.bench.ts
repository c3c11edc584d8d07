// Benchmark: DICOM header read, 512² decode → HU, windowing and the 3-window composite. Median milliseconds.
// Uses the rt-utils phantom slice and the compressed samples from ../shared/data when present (LOUPE_SHARED_DATA
// overrides), else a synthetic 512² slice written by writeDicom (then the compressed figures are absent).
// The same bytes → HU → composite also runs in the Python peer (pydicom + numpy, bench/peers/dicom_composite.py),
// in the same run and in alternating rounds, so that both see the same machine load; its output must equal ours.
// Run through `npm run bench`, or on its own: tsx -e "import('./bench/dicom.bench.ts').then(async m => console.log(await m.benchDicom()))"
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const medianOf = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];

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
  Object.assign(results, againstPython(slice, rgb));

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

/** A python3 that has pydicom and numpy (Debian's, where a pyenv shim comes first on PATH), or null. */
function pythonWithPydicom(): string | null {
  for (const candidate of [process.env.LOUPE_BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => !!c)) {
    const probe = spawnSync(candidate, ['-c', 'import pydicom, numpy'], { encoding: 'utf8' });
    if (probe.status === 0) return candidate;
  }
  return null;
}

/**
 * bytes → HU → composite, Loupe against pydicom + numpy on the same file: five alternating rounds of each, the
 * median over all samples, and the ratios — of wall-clock medians, and of CPU time per slice (batches of 10; CPU
 * time leaves out the time other processes held the core, which on a shared machine swamps a 1 ms slice). The
 * peer's composite must equal Loupe's byte for byte.
 */
function againstPython(slice: Uint8Array, rgb: Uint8Array): Record<string, number> {
  const python = pythonWithPydicom();
  if (!python) {
    console.error('dicom bench: no python3 with pydicom and numpy; the peer figures are absent');
    return {};
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'loupe-dicom-peer-'));
  try {
    const file = path.join(dir, 'slice.dcm');
    writeFileSync(file, slice);
    const peer = path.join(repoRoot, 'bench/peers/dicom_composite.py');
    const loupe = { times: [] as number[], cpu: [] as number[] };
    const pydicom = { times: [] as number[], cpu: [] as number[] };
    let identical = 0;
    const hu = new Int16Array(512 * 512); // one slice's HU, reused as a batch (model inputs, thumbnails) would
    for (let round = 0; round < 5; round++) {
      // Warm up after each peer run, as the peer warms up in each of its runs (caches, JIT, heap).
      for (let i = 0; i < 10; i++) compositeRgb(decodeDicomFrame(slice, 0, undefined, hu).hu, rgb);
      for (let batch = 0; batch < 6; batch++) {
        const cpuStart = process.cpuUsage();
        for (let i = 0; i < 10; i++) {
          const start = performance.now();
          compositeRgb(decodeDicomFrame(slice, 0, undefined, hu).hu, rgb);
          loupe.times.push(performance.now() - start);
        }
        const cpu = process.cpuUsage(cpuStart);
        loupe.cpu.push((cpu.user + cpu.system) / 1000 / 10);
      }
      const output = path.join(dir, 'peer.rgb');
      const run = spawnSync(python, [peer, file, '40', ...(round === 0 ? [output] : [])], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`the Python peer failed: ${run.stderr}`);
      const reply = JSON.parse(run.stdout.trim().split('\n').pop()!) as { times: number[]; cpu: number[] };
      pydicom.times.push(...reply.times);
      pydicom.cpu.push(...reply.cpu);
      if (round === 0) identical = Buffer.from(readFileSync(output)).equals(Buffer.from(compositeRgb(decodeDicomFrame(slice).hu))) ? 1 : 0;
    }
    const [loupeWall, peerWall, loupeCpu, peerCpu] = [loupe.times, pydicom.times, loupe.cpu, pydicom.cpu].map(medianOf);
    return {
      loupeBytesToComposite512_ms: loupeWall,
      pydicomNumpyBytesToComposite512_ms: peerWall,
      speedupOverPydicomNumpy: peerWall / loupeWall,
      loupeBytesToComposite512_cpu_ms: loupeCpu,
      pydicomNumpyBytesToComposite512_cpu_ms: peerCpu,
      speedupOverPydicomNumpy_cpu: peerCpu / loupeCpu,
      peerOutputIdentical: identical,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
