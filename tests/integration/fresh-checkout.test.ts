// A fresh checkout (sources and packages, nothing built): `loupe` runs from the sources; `loupe serve` says in
// one line how to build the workstation and serves nothing, and once a build is there it serves that build,
// never the renderer's source index.html. The CLI bundle runs while it is current, never once a source changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../helpers/fs';

let checkout: string;
let cleanup: () => void;

beforeAll(() => {
  const temp = tempDir('loupe-checkout-');
  cleanup = temp.cleanup;
  checkout = join(temp.dir, 'loupe');
  mkdirSync(checkout);
  // What a clone holds after `npm ci --ignore-scripts`: the sources and the packages, nothing built.
  for (const part of ['bin', 'src', 'scripts', 'package.json', 'tsconfig.json']) cpSync(join(repoRoot, part), join(checkout, part), { recursive: true });
  symlinkSync(join(repoRoot, 'node_modules'), join(checkout, 'node_modules'), 'dir');
});
afterAll(() => cleanup?.());

describe('loupe serve in a fresh checkout', () => {
  it('refuses with one line that says how to build, and never serves src/renderer', () => {
    const result = spawnSync(process.execPath, [join(checkout, 'bin/loupe.mjs'), 'serve', '--db', join(checkout, 'fresh.db'), '--no-demo'], {
      encoding: 'utf8',
      cwd: checkout,
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(''); // no address printed: nothing is served
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^loupe: .*npm run build/);
  });

  it('refuses the source folder even when it is named with --renderer', () => {
    const result = spawnSync(process.execPath, [join(checkout, 'bin/loupe.mjs'), 'serve', '--db', join(checkout, 'fresh.db'), '--renderer', join(checkout, 'src/renderer')], {
      encoding: 'utf8',
      cwd: checkout,
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/src\/renderer is not a built renderer.*npm run build/)]);
  });

  it('serves the build once out/renderer exists', async () => {
    const built = '<!doctype html><title>Loupe</title><script type="module" src="./assets/index-abc.js"></script>';
    mkdirSync(join(checkout, 'out/renderer/assets'), { recursive: true });
    writeFileSync(join(checkout, 'out/renderer/index.html'), built);
    writeFileSync(join(checkout, 'out/renderer/assets/index-abc.js'), 'document.title = "built"');
    const child = spawn(process.execPath, [join(checkout, 'bin/loupe.mjs'), 'serve', '--db', join(checkout, 'built.db'), '--no-demo'], { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const line = /^(http:\/\/\S+)\n/m.exec(out);
          if (line) resolve(line[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`loupe serve exited (${code}): ${err}`)));
      });
      const page = await fetch(address);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(built);
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('the CLI bundle in a checkout', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [join(checkout, 'bin/loupe.mjs'), ...args], { encoding: 'utf8', cwd: checkout, timeout: 60_000 });
  const description = 'Loupe: check and correct what a vision model saw';

  it('runs from the sources before anything is built', () => {
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain(description);
  });

  it('runs the bundle while it is current, and the sources as soon as one of them is edited', () => {
    const build = spawnSync(process.execPath, [join(checkout, 'scripts/build-cli.mjs')], { encoding: 'utf8', cwd: checkout, timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
    // Mark the bundle so that its output tells it apart from the sources'.
    const bundle = join(checkout, 'out/cli/main.js');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace(description, 'BUNDLED check and correct'));
    expect(run('--help').stdout).toContain('BUNDLED check and correct');

    const main = join(checkout, 'src/main/cli/main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace(description, 'EDITED check and correct'));
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('EDITED check and correct');
  });

  it('runs the sources when the bundle is gone', () => {
    rmSync(join(checkout, 'out/cli'), { recursive: true, force: true });
    expect(run('--help').stdout).toContain('EDITED check and correct');
  });
});
