// Where team mode may listen, and over what. Plain HTTP is fine on loopback (this machine only, or a TLS
// reverse proxy on it in front); anywhere else passwords and session cookies would cross the LAN in clear,
// so it needs TLS (the admin's certificate) or the admin saying so in as many words (--insecure-http).

export interface ListenAddress {
  host: string;
  port: number;
}

/** `0.0.0.0:8443`, `192.168.1.20:8443`, `[::]:8443`, `loupe.lan` (port 8443). */
export function parseListen(text: string, defaultPort = 8443): ListenAddress {
  const trimmed = text.trim();
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(trimmed);
  const plain = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(trimmed);
  const match = bracketed ?? plain;
  if (!match) throw new Error(`--listen must be <host>:<port> (such as 0.0.0.0:8443 or [::]:8443), not "${text}"`);
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (port < 0 || port > 65535) throw new Error(`--listen: the port must be 0–65535, not ${match[2]}`);
  return { host: bracketed ? `[${match[1]}]` : match[1], port };
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(\.\d{1,3}){3}$/.test(bare);
}

export type TransportChoice = { ok: true; tls: boolean; warning?: string } | { ok: false; message: string };

/** Whether team mode may serve at `host` with the certificate (or not) it was given. */
export function chooseTransport(host: string, tls: { cert?: string; key?: string }, insecureHttp: boolean): TransportChoice {
  if ((tls.cert === undefined) !== (tls.key === undefined)) return { ok: false, message: '--tls-cert and --tls-key go together: give both' };
  if (tls.cert !== undefined) return { ok: true, tls: true };
  if (isLoopback(host)) return { ok: true, tls: false };
  if (!insecureHttp) {
    return {
      ok: false,
      message: `serving ${host} beyond this machine needs TLS: give --tls-cert <pem> and --tls-key <pem>, put a TLS reverse proxy in front of a loopback --listen (README: Team mode), or accept plain HTTP with --insecure-http`,
    };
  }
  return {
    ok: true,
    tls: false,
    warning: `WARNING: plain HTTP on ${host}: names, passwords and session cookies cross the network unencrypted; anyone on it can read them and act as your users. Use TLS.`,
  };
}
