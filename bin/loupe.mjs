#!/usr/bin/env node
// The `loupe` command. It runs the bundle in out/cli (made by `npm run build` and after `npm ci`, see
// scripts/build-cli.mjs) when there is one that is newer than every source it was built from; otherwise it runs
// the TypeScript sources through tsx, so a fresh or edited checkout works with no build step (only slower).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The bundle's entry when it is current: every source listed in its inputs.json is older than the build. */
function currentBundle() {
  if (process.env.LOUPE_FROM_SOURCE === '1') return null;
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(`${root}out/cli/inputs.json`, 'utf8'));
  } catch {
    return null;
  }
  for (const input of manifest.inputs) {
    let source;
    try {
      source = statSync(`${root}${input}`, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (source === undefined) continue; // a packaged copy without the sources
    if (source.mtimeMs > manifest.builtAt) return null;
  }
  return `${root}out/cli/main.js`;
}

const bundle = currentBundle();
let main;
if (bundle) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(`${root}src/main/cli/main.ts`));
}
process.exitCode = await main(process.argv);
