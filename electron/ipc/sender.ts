/**
 * Which frames may call the IPC API. The renderer is served from app://listsweep/ only; every
 * other origin (a navigated-to page, an injected iframe, file://) is refused. Parsed with a real
 * URL parser, never compared with startsWith. Note: for a non-special scheme like app:, WHATWG
 * URL's `origin` is the string "null", so protocol and host are compared instead.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'listsweep';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}
