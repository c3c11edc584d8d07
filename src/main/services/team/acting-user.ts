// The person a request runs for, in team mode: the host runs each request inside `actAs`, and whatever the
// handlers call below it (the author of a revision, a review, a job; whose preferences) reads `actingUser`.
// Async context follows the request through every await and into the jobs it starts, so no service needs
// the person passed down by hand; outside team mode there is no acting user and the settings' name signs.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SessionUser } from '../../../shared/api/team-types';

const storage = new AsyncLocalStorage<SessionUser>();

export function actAs<T>(user: SessionUser, work: () => T): T {
  return storage.run(user, work);
}

export function actingUser(): SessionUser | undefined {
  return storage.getStore();
}
