/**
 * wholeAddress takes an ASCII dot-atom address without the full RFC 5322 parser: whatever the
 * shortcut accepts or refuses must be what email-addresses decides.
 */
import emailAddresses from 'email-addresses';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholeAddress } from '../../../../electron/services/mail/addr.js';

/** wholeAddress as it was before the shortcut: every value through the parser. */
function byParser(text: string): string {
  const s = text.trim().replace(/^<(.*)>$/s, '$1');
  if (!/^(?:"(?:[^"\\\r\n]|\\[^\r\n])+"|[^\s"(),:;<>@[\]\\]+)@[^\s"(),:;<>@[\]\\]+$/.test(s)) return '';
  const p = emailAddresses.parseOneAddress({ input: s, rfc6532: true, rejectTLD: false });
  if (!p || p.type !== 'mailbox' || p.name) return '';
  const at = s.lastIndexOf('@');
  return s.slice(0, at) + '@' + s.slice(at + 1).toLowerCase();
}

describe('wholeAddress', () => {
  it.each([
    ['Ann.Lee@Example.ORG', 'Ann.Lee@example.org'],
    ['<a+tag@x.example>', 'a+tag@x.example'],
    ["o'brien/x|y=z@mail.example", "o'brien/x|y=z@mail.example"],
    ['a..b@example.org', ''],
    ['.a@example.org', ''],
    ['a.@example.org', ''],
    ['a@example..org', ''],
    ['a@.example.org', ''],
    ['"john doe"@example.org', '"john doe"@example.org'],
    ['josé@exämple.org', 'josé@exämple.org'],
    ['a@b', 'a@b'],
    ['a b@example.org', ''],
  ])('%s -> %s', (input, expected) => {
    expect(wholeAddress(input)).toBe(expected);
    expect(byParser(input)).toBe(expected);
  });

  it('decides as the RFC 5322 parser does for any mix of address characters', () => {
    const chars = fc.constantFrom(...'aZ09.-_+!#$%&\'*/=?^`{|}~.. é"<>@'.split(''));
    fc.assert(fc.property(fc.array(chars, { minLength: 1, maxLength: 16 }).map((c) => c.join('')), (s) => {
      expect(wholeAddress(s)).toBe(byParser(s));
    }), { numRuns: 20_000 });
  });
});
