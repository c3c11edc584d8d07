import { describe, expect, it } from 'vitest';
import { CONNECT_ANSWER, answerOf, connectPageHtml } from './connect-page';

describe('the connect page', () => {
  it('submits to the answer address only, with no script, and escapes what it shows again', () => {
    const html = connectPageHtml({ value: '"><script>x</script>', error: 'not <an> address' });
    expect(html).toContain(`form-action ${CONNECT_ANSWER}`);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;x&#60;/script&#62;"');
    expect(html).toContain('not &#60;an&#62; address');
  });

  it('reads the typed address from the form submission and ignores every other navigation', () => {
    expect(answerOf(`${CONNECT_ANSWER}?url=${encodeURIComponent('postgres://ada:pw@db/loupe')}`)).toBe('postgres://ada:pw@db/loupe');
    expect(answerOf(`${CONNECT_ANSWER}?url=`)).toBe('');
    expect(answerOf('https://loupe.invalid/other?url=postgres://x@y/z')).toBeNull();
    expect(answerOf('https://evil.example/connect?url=postgres://x@y/z')).toBeNull();
    expect(answerOf('not a url')).toBeNull();
  });
});
