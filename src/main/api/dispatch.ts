// One entry for every request, whichever adapter received it: checks the name, validates the arguments
// against the contract's schema, runs the handler and shapes the reply as {ok, value} | {ok: false, error}.
import type { z } from 'zod';
import { requests } from '../../shared/api/contract';
import { isRequestName } from '../../shared/api/names';
import type { Reply } from '../../shared/api/types';
import { LoupeError, SaveConflictError, errorMessage, type ErrorCode, type ErrorOption } from '../../shared/errors';
import type { ApiHandlers } from './context';

export type Dispatch = (name: string, args: unknown) => Promise<Reply<unknown>>;

export function createDispatcher(handlers: ApiHandlers, onInternalError: (name: string, error: unknown) => void = () => {}): Dispatch {
  return async (name, args) => {
    if (!isRequestName(name)) return failure('not_found', `no request named "${String(name).slice(0, 80)}"`);
    const parsed = (requests[name].args as z.ZodType).safeParse(args ?? undefined);
    if (!parsed.success) return failure('bad_input', `${name}: ${describeIssues(parsed.error)}`);
    try {
      const handler = handlers[name] as (args: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      if (error instanceof SaveConflictError) return { ok: false, error: { code: error.code, message: error.message, conflict: error.conflict } };
      if (error instanceof LoupeError) return failure(error.code, error.message, error.option);
      onInternalError(name, error);
      return failure('internal', errorMessage(error));
    }
  };
}

function failure(code: ErrorCode, message: string, option?: ErrorOption): Reply<never> {
  return { ok: false, error: option ? { code, message, option } : { code, message } };
}

/** Schema problems on one line: `limit: Too big: expected number to be <=500; filter.label: Invalid option …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'arguments'}: ${issue.message}`)
    .join('; ');
}
