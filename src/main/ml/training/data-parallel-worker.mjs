// Entry of a data-parallel shard's worker thread when Loupe runs from source (CLI, tests, benches): TypeScript
// through tsx, as the model worker's entry does.
import { register } from 'tsx/esm/api';

register();
await import('./data-parallel-worker.ts');
