// Ordered list of schema migrations; migration N brings the schema to user_version N.
import { sql as v1 } from './001-initial';
import { sql as v2 } from './002-settings';
import { sql as v3 } from './003-models';
import { sql as v4 } from './004-jobs';
import { sql as v5 } from './005-daily-work';
import { sql as v6 } from './006-datasets-grow';
import { sql as v7 } from './007-learning-loop';
import { sql as v8 } from './008-ensembles';
import { sql as v9 } from './009-slice-embeddings';
import { sql as v10 } from './010-team';
import { sql as v11 } from './011-claims';
import { sql as v12 } from './012-double-reading';
import { sql as v13 } from './013-job-hosts';

export const migrations: readonly string[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13];
