// The handlers of team mode's requests: who is signed in, and the audit view.
import type { ApiContext, ApiHandlers } from './context';
import { actingUser } from '../services/team/acting-user';

type TeamHandlers = Pick<ApiHandlers, 'session.current' | 'audit.list'>;

export function createTeamHandlers(ctx: ApiContext): TeamHandlers {
  return {
    // The host runs every team-mode request as its signed-in person; anywhere else there is none.
    'session.current': () => {
      const user = actingUser();
      return { team: user !== undefined, user: user ? { name: user.name, role: user.role } : null };
    },
    'audit.list': (options) => ctx.services.audit.list(options),
  };
}
