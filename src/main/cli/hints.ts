// How the command line names the choice that gets past an error (the services name it as an ErrorOption): as
// its flag. The workstation names the same choices as the controls of its dialogs.
import { LoupeError, errorMessage, type ErrorOption } from '../../shared/errors';

export const CLI_HINTS: Record<ErrorOption, string> = {
  allowMissing: 'use --allow-missing to skip such rows',
  fixAny: 'use --fix-any to recompute it',
  name: 'choose another with --name',
};

/** An error's message as the command line says it: with the flag that gets past it, when there is one. */
export function cliMessage(error: unknown): string {
  const message = errorMessage(error);
  const option = error instanceof LoupeError ? error.option : undefined;
  return option ? `${message} (${CLI_HINTS[option]})` : message;
}
