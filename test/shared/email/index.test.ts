import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import roles from 'role-based-email-addresses';
import { checkEmail, checkEmailFully, normalizeEmail, unwrapAddress } from '../../../shared/email/index.js';
import { KNOWN_GOOD, ROLE_PREFIXES, ROLE_PREFIXES_BARE, TLDS } from '../../../shared/email/lists.js';

describe('checkEmail: invalid addresses name their problem', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   ', 'empty'],
    ['anna@@gmail.com', 'two @'],
    ['anna.gmail.com', 'no @'],
    ['Anna Smith', 'not an address (no @)'],
    ['anna smith@gmail.com', 'space in address'],
    ['anna@gmail,com', '"," in the domain'],
    ['anna..smith@gmail.com', 'two dots in a row'],
    ['anna.@gmail.com', 'dot at the start or end of the name before @'],
    ['.anna@gmail.com', 'dot at the start or end of the name before @'],
    ['anna@gmail..com', 'two dots in a row'],
    ['anna@', 'missing domain'],
    ['@gmail.com', 'nothing before the @'],
    ['anna@localhost', 'domain has no dot'],
    ['anna@gmail.com; info@gmail.com', 'two addresses in one cell'],
    ['anna@gmail.com, bob@yahoo.com', 'two addresses in one cell'],
    ['anna@shop.test', 'reserved domain (.test) that receives no mail'],
    ['anna@printer.local', 'reserved domain (.local) that receives no mail'],
    ['anna@example.c', 'one-letter top-level domain'],
    ['anna@[192.168.0.1]', 'IP address instead of a domain'],
    ['anna@xn--0.com', 'domain is not a valid name'],
    ['an\u200bna@gmail.com', 'invisible or control characters in the address'],
    ['anna\u202e@gmail.com', 'invisible or control characters in the address'],
    ['an(na@gmail.com', 'invalid character "(" before the @'],
    [`${'a'.repeat(65)}@gmail.com`, 'name before @ is longer than 64 characters'],
    ['anna@-shop.com', 'domain part starts or ends with a hyphen or has invalid characters'],
    ['anna@shop_x.com', 'underscore in the domain'],
    ['person@site.con', 'top-level domain ".con" does not exist'],
    ['anna@shop.qqqq', 'top-level domain ".qqqq" does not exist'],
    ['anna@例子.广告', 'top-level domain ".广告" does not exist'],
    ['anna@ab--cd.com', '"--" in the 3rd and 4th place of a domain part (reserved for encoded names)'],
    ['anna@ａｂ－－ｃｄ.com', '"--" in the 3rd and 4th place of a domain part (reserved for encoded names)'],
    ['anna@xn--ls8h.la', 'a part of the domain is not a valid internationalised name'],
    ['anna@☃.com', 'a part of the domain is not a valid internationalised name'],
    ['anna@xn--ab---8qa.com', 'a part of the domain is not a valid internationalised name'],
    ['an\ue000na@example.com', 'private-use character before the @ (it has no agreed meaning)'],
    ['anna\u{F0000}@example.com', 'private-use character before the @ (it has no agreed meaning)'],
    ['an\u0378na@example.com', 'character not assigned in Unicode before the @'],
    ['\u0301anna@example.com', 'accent or combining mark with no letter under it before the @'],
    ['anna.\u0308o@example.com', 'accent or combining mark with no letter under it before the @'],
  ];
  it.each(cases)('%j -> %s', (raw, problem) => {
    const r = checkEmail(raw);
    expect(r.valid).toBe(false);
    expect(r.normalized).toBe('');
    expect(r.problem).toBe(problem);
    expect(r.address).toBe(raw);
  });
});

describe('checkEmail: valid addresses and normalisation', () => {
  const cases: [string, string][] = [
    ['anna@gmail.com', 'anna@gmail.com'],
    ['  Anna.Smith@GMAIL.com\t', 'anna.smith@gmail.com'],
    ['Anna Smith <Anna@Example.COM>', 'anna@example.com'],
    ['"Smith, Anna" <anna@example.com>', 'anna@example.com'],
    ['<anna@example.com>', 'anna@example.com'],
    ['mailto:Anna@Example.com?subject=Hi', 'anna@example.com'],
    ['anna+news@example.co.uk', 'anna+news@example.co.uk'],
    ["o'brien@example.ie", "o'brien@example.ie"],
    ['anna@ｇｍａｉｌ.com', 'anna@gmail.com'],
    ['anna@faß.de', 'anna@xn--fa-hia.de'],
    ['anna@xn--fa-hia.de', 'anna@xn--fa-hia.de'],
    ['anna@例子.公司', 'anna@xn--fsqu00a.xn--55qx5d'],
    ['anna@smithjones.law', 'anna@smithjones.law'],
    ['anna@xn--zca.com', 'anna@xn--zca.com'],
    ['anna@bücher.de', 'anna@xn--bcher-kva.de'],
    ['anna@пример.рф', 'anna@xn--e1afmkfd.xn--p1ai'],
    ['anna@shop.co', 'anna@shop.co'],
  ];
  it.each(cases)('%j -> %s', (raw, normalized) => {
    const r = checkEmail(raw);
    expect(r.problem).toBe('');
    expect(r.valid).toBe(true);
    expect(r.normalized).toBe(normalized);
  });

  it('NFC: a decomposed and a composed accent are the same address', () => {
    expect(normalizeEmail('jose\u0301@example.com')).toBe(normalizeEmail('jos\u00e9@example.com'));
  });

  it('flags an internationalised local part as valid with a caution', () => {
    const r = checkEmail('josé@example.com');
    expect(r.valid).toBe(true);
    expect(r.problem).toMatch(/non-ASCII/);
    // A mark written after its letter (decomposed) is composed by NFC, not a leading mark.
    expect(checkEmail('jose\u0301.u\u0308@example.com')).toMatchObject({ valid: true, normalized: 'jos\u00e9.\u00fc@example.com' });
  });

  it('unwraps display names with email-addresses', () => {
    expect(unwrapAddress('  "Doe, John" <jd@x.com> ')).toBe('jd@x.com');
  });
});

describe('typo suggestions', () => {
  const cases: [string, string][] = [
    ['anna@gmial.com', 'anna@gmail.com'],
    ['Anna.Smith@gmial.com', 'Anna.Smith@gmail.com'],
    ['anna@hotmial.com', 'anna@hotmail.com'],
    ['anna@yaho.com', 'anna@yahoo.com'],
    ['anna@gmail.co', 'anna@gmail.com'],
    ['anna@hotmail.co', 'anna@hotmail.com'],
    ['anna@yahoo.co', 'anna@yahoo.com'],
    ['anna@outlok.com', 'anna@outlook.com'],
    ['anna@iclod.com', 'anna@icloud.com'],
    ['anna@gamil.com', 'anna@gmail.com'],
  ];
  it.each(cases)('%s -> %s (user local part kept)', (raw, suggestion) => {
    const r = checkEmail(raw);
    expect(r.valid).toBe(true);
    expect(r.suggestion).toBe(suggestion);
    expect(r.disposable).toBe(false);
  });

  it.each(['gmail.com', 'hotmail.es', 'yahoo.co.jp', 'docomo.ne.jp', 'gmx.de', 'acme.com', 'maple.com', 'orion.co', 'smithjones.law', 'terra.com.br', 'mail.ru', 'qq.com'])(
    'no suggestion for %s', (d) => {
      expect(checkEmail(`anna@${d}`).suggestion).toBe('');
    });

  it('never suggests for a known-good domain', () => {
    for (const d of KNOWN_GOOD) expect(checkEmail(`anna@${d}`).suggestion).toBe('');
  });
});

describe('top-level domains and the typo case table', () => {
  it("holds IANA's root zone in A-label form", () => {
    expect(TLDS.size).toBeGreaterThan(1000);
    for (const t of ['com', 'co', 'cm', 'om', 'ne', 'de', 'law', 'xn--p1ai', 'xn--55qx5d']) expect(TLDS.has(t)).toBe(true);
    for (const t of ['con', 'cmo', 'nte', 'ogr', 'test', 'local']) expect(TLDS.has(t)).toBe(false);
  });

  it('an address on a TLD that does not exist is invalid and carries the corrected address', () => {
    const r = checkEmail('Person@Site.Con');
    expect(r).toMatchObject({ valid: false, normalized: '', suggestion: 'Person@site.com' });
    expect(checkEmail(r.suggestion)).toMatchObject({ valid: true, suggestion: '' });
  });

  // Rows: kind, address, valid, suggestion ("-" for none). See the fixture's header.
  const table = readFileSync(new URL('../../fixtures/email/typo-cases.tsv', import.meta.url), 'utf8')
    .split('\n').filter((l) => l && !l.startsWith('#') && !l.startsWith('kind\t')).map((l) => l.split('\t') as [string, string, string, string]);

  it('the table covers each kind', () => {
    const kinds = new Set(table.map((r) => r[0]));
    expect([...kinds].sort()).toEqual(['look-alike', 'name', 'name+tld', 'provider', 'tld']);
    expect(table.length).toBeGreaterThan(100);
  });

  it('no false suggestion on the table', () => {
    const wrong = table.filter(([, a, , want]) => want === '-' && checkEmail(a).suggestion !== '').map(([, a]) => `${a} -> ${checkEmail(a).suggestion}`);
    expect(wrong).toEqual([]);
  });

  it.each(table)('%s: %s (valid %s) -> %s', (_kind, address, valid, want) => {
    const r = checkEmail(address);
    expect(String(r.valid)).toBe(valid);
    expect(r.suggestion || '-').toBe(want);
  });
});

describe('roles and disposable domains', () => {
  it.each(['info', 'sales', 'support', 'admin', 'contact', 'billing', 'office', 'hello', 'marketing', 'noreply', 'no-reply', 'no_reply', 'webmaster', 'hr', 'jobs', 'Info+promo'])(
    '%s@ is a role account', (local) => {
      expect(checkEmail(`${local}@acme.com`).role).toBe(true);
    });
  it.each(['anna', 'james.smith', 'brand', 'campaign', 'work', 'mark', 'grace', 'jsmith'])('%s@ is not a role account', (local) => {
    expect(checkEmail(`${local}@acme.com`).role).toBe(false);
  });
  it('role flags match the plain definition (the prefix, or the prefix with its separators removed) on prefixes spelled every way and on other names', () => {
    // The definition isRole's shortcut must agree with: the name before any +tag is a role
    // prefix, or holds . _ - and is one once they are removed.
    const byDefinition = (local: string): boolean => {
      const lower = local.toLowerCase();
      const base = lower.includes('+') ? lower.slice(0, lower.indexOf('+')) : lower;
      return ROLE_PREFIXES.has(base) || (/[._-]/.test(base) && ROLE_PREFIXES_BARE.has(base.replace(/[._-]/g, '')));
    };
    const sep = fc.constantFrom('', '', '.', '_', '-');
    const respelled = fc.tuple(fc.constantFrom(...ROLE_PREFIXES), fc.array(sep, { minLength: 20, maxLength: 20 }), fc.boolean(), fc.constantFrom('', '+news', '+', '+a.b'))
      .map(([r, seps, upper, tag]) => {
        const spelled = [...r.replace(/[._-]/g, '')].map((ch, i) => (i ? seps[i % 20] : '') + ch).join('');
        return (upper ? spelled.toUpperCase() : spelled) + tag;
      })
      .filter((l) => !/^[._-]|[._-]$|[._-]{2}|[._-]\+/.test(l));
    // One letter off a prefix, or the same length and first letter: what the shortcut lets through.
    const near = fc.tuple(fc.constantFrom(...ROLE_PREFIXES), fc.nat(), fc.constantFrom('a', 'z', 'x', '')).map(([r, i, ch]) => {
      const k = 1 + (i % Math.max(1, r.length - 1));
      return r.slice(0, k) + ch + r.slice(k + (ch ? 1 : 0));
    }).filter((l) => !/^[._-]|[._-]$|[._-]{2}/.test(l));
    const other = fc.stringMatching(/^[A-Za-z0-9]([A-Za-z0-9._+-]{0,18}[A-Za-z0-9])?$/).filter((l) => !/[._-]{2}|[._-]\+/.test(l));
    fc.assert(fc.property(fc.oneof(respelled, near, other), (local) => {
      const c = checkEmail(`${local}@acme.com`);
      expect(c.valid).toBe(true);
      expect(c.role).toBe(byDefinition(local));
    }), { numRuns: 5000 });
    for (const r of ROLE_PREFIXES) expect(checkEmail(`${r}@acme.com`).role).toBe(true);
  });
  it('every reviewed role prefix comes from the maintained package', () => {
    for (const r of ROLE_PREFIXES) expect((roles as string[]).includes(r)).toBe(true);
    expect(ROLE_PREFIXES.size).toBeGreaterThan(60);
  });
  it('disposable domains (and their subdomains) are flagged; big providers are not', () => {
    expect(checkEmail('x@mailinator.com').disposable).toBe(true);
    expect(checkEmail('x@eu.mailinator.com').disposable).toBe(true);
    for (const d of ['gmail.com', 'outlook.com', 'yahoo.com', 'gmx.de', 'proton.me', 'qq.com']) expect(checkEmail(`x@${d}`).disposable).toBe(false);
  });
});

describe('properties', () => {
  it('the shortcut for plain addresses gives the full check\'s answer, field for field', () => {
    // Names around the shortcut's edges: every atext character, dots anywhere, capitals, 64 and 65 long.
    const atext = "abcxyzABCXYZ0189!#$%&'*+/=?^_`{|}~-";
    const nameChar = fc.constantFrom(...atext, '.', '.', '@', ' ', '"', '(', ',', ';', '<', '\\', 'é', '\u200b');
    const name = fc.oneof(
      fc.array(nameChar, { minLength: 0, maxLength: 12 }).map((a) => a.join('')),
      fc.tuple(fc.constantFrom('a', 'A.b', 'x-y'), fc.integer({ min: 58, max: 70 })).map(([p, n]) => (p + 'q'.repeat(n)).slice(0, n)),
      fc.constantFrom('anna', 'Anna.Smith', 'info', 'No.Reply', 'sales+x', 'j_doe', 'mailto:anna', '"a b"'),
    );
    const domain = fc.oneof(
      fc.constantFrom('gmail.com', 'GMail.COM', 'gmial.com', 'gmail.con', 'yahoo.co.uk', 'mailinator.com', 'eu.mailinator.com', 'acme.co', 'example.test',
        'localhost', '1.2.3.4', 'x.c', 'a..b.com', '.acme.com', 'acme.com.', 'xn--bcher-kva.de', 'xn--ab--c.com', 'a-.com', 'acme_co.com', 'bücher.de', '', 'acme.123'),
      fc.tuple(fc.stringMatching(/^[a-zA-Z0-9-]{1,70}$/), fc.constantFrom('com', 'de', 'io', 'zz', 'COM', 'x')).map(([l, t]) => `${l}.${t}`),
      fc.array(fc.constantFrom('a', 'Z', '9', '-', '.', '_', ' ', '@', '<', '>'), { maxLength: 10 }).map((a) => a.join('')),
    );
    const wrap = fc.constantFrom('', ' ', '<', 'Name <');
    const address = fc.tuple(wrap, name, domain).map(([w, l, d]) => `${w}${l}@${d}${w === '' ? '' : w === ' ' ? ' ' : '>'}`);
    fc.assert(fc.property(fc.oneof(address, fc.string({ maxLength: 40 })), (a) => {
      expect(checkEmail(a)).toEqual(checkEmailFully(a));
      expect(checkEmail(a, false)).toEqual(checkEmailFully(a));
    }), { numRuns: 20000 });
    const long = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.com`;
    for (const a of [long, 'Anna@Gmail.com', 'anna@gmial.com', `${'a'.repeat(65)}@acme.com`]) expect(checkEmail(a)).toEqual(checkEmailFully(a));
  });

  it('normalizeEmail is idempotent', () => {
    const local = fc.stringMatching(/^[A-Za-z0-9._%+'-]{1,20}$/);
    const domain = fc.stringMatching(/^[A-Za-z0-9-]{1,12}(\.[A-Za-z]{2,6}){1,2}$/);
    const decorated = fc.tuple(local, domain, fc.constantFrom('', ' ', '\t'), fc.constantFrom('plain', 'angle', 'mailto')).map(([l, d, ws, form]) => {
      const a = `${l}@${d}`;
      return ws + (form === 'angle' ? `Name <${a}>` : form === 'mailto' ? `mailto:${a}` : a) + ws;
    });
    fc.assert(fc.property(fc.oneof(decorated, fc.string(), fc.string({ unit: 'grapheme', maxLength: 30 })), (s) => {
      const n = normalizeEmail(s);
      expect(normalizeEmail(n)).toBe(n);
    }), { numRuns: 3000 });
  });

  it('never throws and valid results always carry a normalized form', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (s) => {
      const r = checkEmail(s);
      expect(r.valid === (r.normalized !== '')).toBe(true);
    }), { numRuns: 3000 });
  });
});
