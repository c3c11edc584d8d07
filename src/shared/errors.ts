// Errors that cross the contract: a stable code for programs and a one-line message for people.

export type ErrorCode = 'bad_input' | 'not_found' | 'conflict' | 'forbidden' | 'cancelled' | 'internal';

export class LoupeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LoupeError';
  }
}

export const badInput = (message: string) => new LoupeError('bad_input', message);
export const notFound = (message: string) => new LoupeError('not_found', message);

/** The message of any thrown value, on one line. */
export function errorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
