// In the *-postgres projects every store a test opens (a path or ':memory:') lives in the cluster that
// global-setup.ts started, one schema per path (see openDatabase); processes the test starts inherit it.
import { inject } from 'vitest';

process.env.LOUPE_STORE_POSTGRES = inject('postgresUrl');
