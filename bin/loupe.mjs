#!/usr/bin/env node
// The `loupe` command: runs the TypeScript CLI through tsx so it works right after `npm ci`, with no build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const entry = fileURLToPath(new URL('../src/main/cli/main.ts', import.meta.url));
const { main } = await import(entry);
process.exitCode = await main(process.argv);
