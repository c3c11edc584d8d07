// Before the e2e suite: the renderer must be built (npm test builds it; a lone `vitest --project e2e`
// builds it here when out/renderer is missing), and Debian's Chromium must be installed.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM } from './browser';
import { repoRoot } from '../helpers/fs';

/** The newest modification time of the files under a folder. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = join(repoRoot, 'out/renderer/index.html');
  const stale = !existsSync(built) || Math.max(newest(join(repoRoot, 'src/renderer')), newest(join(repoRoot, 'src/shared'))) > statSync(built).mtimeMs;
  if (stale) {
    console.log('[e2e] out/renderer is missing or older than its sources: building it (electron-vite build)');
    execFileSync(process.execPath, [join(repoRoot, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`[e2e] ${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium); .ci/run does this`);
  }
}
