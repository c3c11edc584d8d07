// Entry of a verify thread when Loupe runs from source (CLI, tests): TypeScript through tsx, as bin/loupe.mjs
// does for the main thread. A bundled build starts its compiled dicom-verify-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./verify-worker.ts');
