// Entry of the model worker thread when Loupe runs from source (CLI, tests): TypeScript through tsx, as
// bin/loupe.mjs does for the main thread. A bundled build points the runner at its compiled worker instead.
import { register } from 'tsx/esm/api';

register();
await import('./model-worker.ts');
