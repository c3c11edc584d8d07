// Preloaded with `node --import`: at exit, writes the files of every CommonJS module the process loaded (the
// native and heavy packages are CommonJS, even when imported from ESM) to $LOUPE_LOADED_MODULES.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  writeFileSync(process.env.LOUPE_LOADED_MODULES, JSON.stringify(Object.keys(cache)));
});
