// Team mode's requests: who is signed in (every role), and the audit view (admins).
import { z } from 'zod';
import { request } from './request-spec';
import type { AuditPage, CurrentSession } from './team-types';

export const teamRequests = {
  /** The signed-in person and their role; `team: false` outside team mode. */
  'session.current': request<CurrentSession>()(z.strictObject({}).optional().default({})),
  /** Who did what when (revisions, reviews, model activations, imports), newest first, a page at a time. */
  'audit.list': request<AuditPage>()(
    z
      .strictObject({
        limit: z.number().int().min(1).max(1000).optional().default(200),
        /** The `next` of the previous page. */
        before: z.string().max(80).optional(),
        kind: z.enum(['label', 'review', 'model', 'import']).optional(),
      })
      .optional()
      .default({ limit: 200 }),
  ),
};
