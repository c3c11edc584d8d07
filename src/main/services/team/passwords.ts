// Password hashes of team accounts: argon2id (hash-wasm's WebAssembly build, no native addon), stored in the
// PHC string form (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) so that parameters raised later still verify
// the hashes made before. Parameters: OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane).
import { randomBytes } from 'node:crypto';
import { argon2Verify, argon2id } from 'hash-wasm';

const MEMORY_KIB = 19 * 1024;
const ITERATIONS = 2;
const PARALLELISM = 1;
const HASH_BYTES = 32;
const SALT_BYTES = 16;

/** The shortest password an account may have. */
export const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_LENGTH = 1024;

/** Why a new password is refused, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `a password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `a password has at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return argon2id({
    password,
    salt: randomBytes(SALT_BYTES),
    iterations: ITERATIONS,
    parallelism: PARALLELISM,
    memorySize: MEMORY_KIB,
    hashLength: HASH_BYTES,
    outputType: 'encoded',
  });
}

/** True when `password` is the one `hash` was made from; a hash that is not an argon2 PHC string never matches. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!hash.startsWith('$argon2') || password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;

/**
 * Spends as long as a real check, for a name with no account: a sign-in with an unknown name must not
 * answer faster than one with a wrong password (that would tell which names exist).
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  await verifyPassword(password, await dummy);
  return false;
}
