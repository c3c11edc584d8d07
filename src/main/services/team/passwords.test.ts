import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyNobody, verifyPassword } from './passwords';

describe('password hashes', () => {
  it('are argon2id PHC strings with their own salt, that verify the password and nothing else', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('never match a hash that is not an argon2 string', async () => {
    expect(await verifyPassword('x', 'x')).toBe(false);
    expect(await verifyPassword('secret', '$argon2id$v=19$m=19456,t=2,p=1$broken')).toBe(false);
    expect(await verifyNobody('anything')).toBe(false);
  });

  it('refuse short passwords', () => {
    expect(passwordProblem('short')).toMatch(/at least 10 characters/);
    expect(passwordProblem('long enough pw')).toBeNull();
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/);
  });
});
