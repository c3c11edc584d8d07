// The quick commands load only what they use: `loupe --help` and `loupe info --json` never load
// TensorFlow.js, sharp, the DICOM codecs or the model runtime; a command that needs one of them loads it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, tempDir } from '../helpers/fs';
import { loupe } from '../helpers/cli';
import { writeDicom } from '../../src/main/imaging/dicom';

const HEAVY = ['@tensorflow', 'sharp', '@img', '@cornerstonejs', 'dcmjs-codecs', 'jpeg-lossless-decoder-js', 'onnxruntime', 'dicom-parser'];

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('loupe-lazy-'));
  db = join(dir, 'small.db');
  const made = loupe('demo', '--db', db, '--json');
  expect(made.code, made.stderr).toBe(0);
}, 120_000);
afterAll(() => cleanup?.());

/** Runs `loupe …` and returns the heavy packages it loaded. */
function heavyLoadedBy(...args: string[]): string[] {
  const list = join(dir, 'loaded.json');
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(join(repoRoot, 'tests/helpers/loaded-modules.mjs')).href, join(repoRoot, 'bin/loupe.mjs'), ...args], {
    encoding: 'utf8',
    cwd: repoRoot,
    env: { ...process.env, LOUPE_LOADED_MODULES: list },
  });
  expect(run.status, run.stderr).toBe(0);
  const files = JSON.parse(readFileSync(list, 'utf8')) as string[];
  return HEAVY.filter((name) => files.some((file) => file.includes(`/node_modules/${name}`)));
}

describe('lazy loading', () => {
  it('loupe --help loads none of the heavy packages', () => {
    expect(heavyLoadedBy('--help')).toEqual([]);
  });

  it('loupe info --json loads none of them either', () => {
    expect(heavyLoadedBy('info', '--db', db, '--json')).toEqual([]);
  });

  it('loupe render, which needs them, loads sharp and the DICOM parser', () => {
    const file = join(dir, 'slice.dcm');
    writeFileSync(file, writeDicom({ sopInstanceUid: '1.2.3', patientId: 'p', studyInstanceUid: '1.2.4', seriesInstanceUid: '1.2.5', rows: 2, columns: 2, pixels: Int16Array.from([0, 40, 80, 1000]) }));
    const loaded = heavyLoadedBy('render', file, '--out', join(dir, 'slice.png'));
    expect(loaded).toContain('sharp');
    expect(loaded).toContain('dicom-parser');
  });
});
