// Benchmark: what `loupe import rsna --verify` (the full decode of every slice, on worker threads) costs on top
// of the structural check that every import does, per 10,000 slices. Measured on SLICES synthetic 512² slices
// written by writeDicom (uncompressed, as RSNA's are) and extrapolated linearly to 10,000: both steps are one
// independent piece of work per slice. The files were just written, so they are read from the page cache:
// this measures Loupe, not the disk. With ../shared/data present, compressed slices (copies of the real JPEG 2000
// and JPEG-LS samples) are verified too, since their decode costs far more.
// Run through `npm run bench -- import-verify`, or on its own: tsx bench/import-verify.bench.ts
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServices } from '../src/main/composition';
import { writeDicom } from '../src/main/imaging/dicom';
import { verifySlices } from '../src/main/imaging/dicom/verify';

const SLICES = 400;
const COMPRESSED_COPIES = 100;
const PER = 10_000;
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = process.env.LOUPE_SHARED_DATA ?? path.resolve(repoRoot, '../shared/data');
const COMPRESSED = { j2kLossless: 'dicom/pydicom-data__693_J2KR.dcm', jpegLs: 'dicom/dicomparser__CT1_UNC.not_fragmented_bot_jpeg_ls.80.dcm' };

function writeSlices(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const pixels = new Int16Array(512 * 512);
  for (let s = 0; s < SLICES; s++) {
    for (let i = 0; i < pixels.length; i++) pixels[i] = (((i + s * 7919) * 2654435761) >>> 20) % 2400;
    const bytes = writeDicom({
      sopInstanceUid: `1.2.826.0.1.3680043.8.498.${s + 1}`,
      patientId: 'ID_bench',
      studyInstanceUid: '1.2.826.0.1.3680043.8.498.1000',
      seriesInstanceUid: '1.2.826.0.1.3680043.8.498.1001',
      instanceNumber: s + 1,
      imagePosition: [-125, -125, s * 5],
      rows: 512,
      columns: 512,
      bitsStored: 12,
      pixelRepresentation: 0,
      rescaleIntercept: -1024,
      pixels,
    });
    writeFileSync(join(dir, `ID_${String(s).padStart(9, '0')}.dcm`), bytes);
  }
}

/** Wall-clock seconds, and CPU seconds of the whole process (worker threads included): the CPU figure holds on
 * a busy machine, where the wall-clock one depends on what else runs. */
async function timed(run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  await run();
  const cpu = process.cpuUsage(cpuStart);
  return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
}

export async function benchImportVerify(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-verify-'));
  try {
    const folder = join(dir, 'slices');
    writeSlices(folder);
    const services = createServices(join(dir, 'bench.db'));
    const results: Record<string, number> = { slicesMeasured: SLICES, workers: Math.min(8, availableParallelism()) };
    try {
      await services.importRsna({ dicomDir: folder, name: 'warm-up', verify: false }); // page cache, JIT
      const structure = await timed(() => services.importRsna({ dicomDir: folder, name: 'structure only', verify: false }));
      const verified = await timed(() => services.importRsna({ dicomDir: folder, name: 'verified', verify: true }));
      results.importStructureOnlyPer10k_s = (structure.wall * PER) / SLICES;
      results.importVerifiedPer10k_s = (verified.wall * PER) / SLICES;
      results.verifyCostPer10k_s = ((verified.wall - structure.wall) * PER) / SLICES;
      results.verifyCpuPer10k_s = ((verified.cpu - structure.cpu) * PER) / SLICES;
      results.verifyCpuPerSlice_ms = ((verified.cpu - structure.cpu) * 1000) / SLICES;
    } finally {
      services.close();
    }
    for (const [name, file] of Object.entries(COMPRESSED)) {
      const source = join(dataRoot, file);
      if (!existsSync(source)) continue;
      const copies = join(dir, name);
      mkdirSync(copies);
      const files = Array.from({ length: COMPRESSED_COPIES }, (_, i) => join(copies, `ID_${i}.dcm`));
      for (const f of files) copyFileSync(source, f);
      await verifySlices(files.slice(0, 8), { inProcessBelow: 0 }); // warm-up
      const time = await timed(() => verifySlices(files, { inProcessBelow: 0 }));
      results[`${name}VerifyPer10k_s`] = (time.wall * PER) / COMPRESSED_COPIES;
      results[`${name}VerifyCpuPer10k_s`] = (time.cpu * PER) / COMPRESSED_COPIES;
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchImportVerify()));
}
