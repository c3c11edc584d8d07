// The small page of "Connect to a team database…": Electron has no text prompt, so a modal window shows this
// form — plain HTML, no script, no preload (the window is sandboxed and isolated like the main one). Submitting
// it asks to navigate to CONNECT_ANSWER?url=…; the window refuses every navigation and reads the answer from it.
// No Electron import, so this is tested in plain Node.
export const CONNECT_ANSWER = 'https://loupe.invalid/connect';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function connectPageHtml(options: { value?: string; error?: string } = {}): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; form-action ${CONNECT_ANSWER}`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<title>Connect to a team database</title>
<style>body{font:14px system-ui,sans-serif;background:#0f1216;color:#e6e9ee;margin:20px}input{width:100%;box-sizing:border-box;padding:6px;margin:8px 0;font:inherit}
p.error{color:#ff8a80}small{color:#9aa3ad}button{font:inherit;padding:4px 14px}</style></head><body>
<form method="get" action="${CONNECT_ANSWER}">
<label for="url">The team database's address</label>
<input id="url" name="url" autofocus required placeholder="postgres://user@host/database" value="${escapeHtml(options.value ?? '')}">
${options.error ? `<p class="error">${escapeHtml(options.error)}</p>` : ''}
<small>A password may be part of the address; Loupe remembers the address without it (keep it in ~/.pgpass or PGPASSWORD).</small>
<p><button type="submit">Connect</button></p>
</form></body></html>`;
}

export const connectPageUrl = (options: { value?: string; error?: string } = {}) => `data:text/html;charset=utf-8,${encodeURIComponent(connectPageHtml(options))}`;

/** The address typed into the form when `navigation` is its submission; null for any other navigation. */
export function answerOf(navigation: string): string | null {
  let url: URL;
  try {
    url = new URL(navigation);
  } catch {
    return null;
  }
  if (`${url.origin}${url.pathname}` !== CONNECT_ANSWER) return null;
  return url.searchParams.get('url');
}
