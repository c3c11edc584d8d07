// Errors that cross the contract: a stable code for programs and a one-line message for people.
import type { SaveConflict } from './api/collaboration-types';

export type ErrorCode = 'bad_input' | 'not_found' | 'conflict' | 'forbidden' | 'cancelled' | 'internal';

/**
 * The choice a person can make to get past an error: the services name it, and each surface says it in its own
 * words — the CLI as its flag (`--allow-missing`), the workstation as the control of its dialog — so that no
 * message the workstation shows names a command-line flag.
 */
export type ErrorOption = 'allowMissing' | 'fixAny' | 'name';

export class LoupeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** What would get past this error (see ErrorOption); absent when nothing the person can choose would. */
    readonly option?: ErrorOption,
  ) {
    super(message);
    this.name = 'LoupeError';
  }
}

/** A save based on a revision that is no longer current: it carries their labels so the person can choose. */
export class SaveConflictError extends LoupeError {
  constructor(
    message: string,
    readonly conflict: SaveConflict,
  ) {
    super('conflict', message);
    this.name = 'SaveConflictError';
  }
}

export const badInput = (message: string, option?: ErrorOption) => new LoupeError('bad_input', message, option);
export const notFound = (message: string) => new LoupeError('not_found', message);

/** The message of any thrown value, on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The option of a thrown value, when it is a LoupeError that names one. */
export function errorOption(error: unknown): ErrorOption | undefined {
  return error instanceof LoupeError ? error.option : undefined;
}
