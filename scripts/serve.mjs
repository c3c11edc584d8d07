#!/usr/bin/env node
// `npm run serve [-- --db <file>] [--port <n>]`: builds the renderer when it is missing, then runs
// `loupe serve` (default database: ./loupe.db, created with the demo workspace on first start).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(join(root, 'out/renderer/index.html'))) {
  console.error('Building the renderer first (npm run build)…');
  execFileSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
}
const args = process.argv.slice(2);
if (!args.includes('--db')) args.push('--db', 'loupe.db');
const child = spawn(process.execPath, [join(root, 'bin/loupe.mjs'), 'serve', ...args], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
