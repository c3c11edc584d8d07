// How a request is declared: its argument schema (checked in main) and, as a type only, its result.
// contract.ts and every sub-contract (ct, steel, models) declare their requests with this helper.
import type { z } from 'zod';

/** A request: its argument schema (checked in main) and, as a type only, its result. */
export interface RequestSpec<A extends z.ZodType = z.ZodType, R = unknown> {
  args: A;
  /** Never read at run time: carries the result type. */
  result?: R;
}

/** `request<Result>()(argsSchema)`: the result type is given, the argument type follows from the schema. */
export const request =
  <R>() =>
  <A extends z.ZodType>(args: A): RequestSpec<A, R> => ({ args });
