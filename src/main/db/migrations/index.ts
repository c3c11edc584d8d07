// Ordered list of schema migrations; migration N brings the schema to user_version N.
import { sql as v1 } from './001-initial';

export const migrations: readonly string[] = [v1];
