import { describe, expect, it } from 'vitest';
import { isTrustedSenderUrl } from '../../../electron/ipc/sender.js';
import { resolveAppFile } from '../../../electron/ipc/app-files.js';

describe('isTrustedSenderUrl', () => {
  it('accepts the app origin', () => {
    expect(isTrustedSenderUrl('app://listsweep/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://listsweep/')).toBe(true);
  });
  it('refuses everything else', () => {
    for (const url of [
      'file:///index.html', 'https://listsweep/', 'app://evil/', 'app://listsweep.evil.com/',
      'app://user@listsweep/', 'http://127.0.0.1/', 'about:blank', '', 'not a url', undefined, null,
    ]) expect(isTrustedSenderUrl(url), String(url)).toBe(false);
  });
});

describe('resolveAppFile', () => {
  const root = '/srv/out/renderer';
  it('maps / to index.html and assets under root', () => {
    expect(resolveAppFile(root, '/')).toBe('/srv/out/renderer/index.html');
    expect(resolveAppFile(root, '/assets/index-1.js')).toBe('/srv/out/renderer/assets/index-1.js');
  });
  it('refuses paths that escape the root', () => {
    expect(resolveAppFile(root, '/../main/index.js')).toBeNull();
    expect(resolveAppFile(root, '/%2e%2e/%2e%2e/etc/passwd')).toBeNull();
    expect(resolveAppFile(root, '/a\0b')).toBeNull();
    expect(resolveAppFile(root, '/%E0%A4%A')).toBeNull();
  });
});
