// The requests of team mode (who is signed in, the audit view); names.ts lists them with every other request.
export const TEAM_REQUEST_NAMES = ['session.current', 'audit.list'] as const;
