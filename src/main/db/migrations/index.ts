// Ordered list of schema migrations; migration N brings the schema to user_version N.
import { sql as v1 } from './001-initial';
import { sql as v2 } from './002-settings';
import { sql as v3 } from './003-models';
import { sql as v4 } from './004-jobs';
import { sql as v5 } from './005-daily-work';
import { sql as v10 } from './010-learning-loop';

/**
 * Numbers 6–9 belong to work on other branches; until it is merged here they stand empty so that 10 keeps its
 * number. (Merging puts each branch's migration in its place.)
 */
const reserved = '-- reserved for a migration of work merged separately';

export const migrations: readonly string[] = [v1, v2, v3, v4, v5, reserved, reserved, reserved, reserved, v10];
