import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeMapping, detectColumns, hasBounceColumns, mapGenericRow, mappingProblem, typeMeaning } from '../../../shared/esp/generic.js';
import { isSkip } from '../../../shared/esp/build.js';

describe('detectColumns', () => {
  it('finds columns by header name in several languages', () => {
    expect(detectColumns(['E-Mail-Adresse', 'Datum', 'SMTP-Code', 'Grund', 'Kampagne'], [['a@x.de', '03.02.2025', '550', 'User unknown', 'Feb']]))
      .toEqual({ email: 0, date: 1, replyCode: 2, diagnostic: 3, campaign: 4 });
    expect(detectColumns(['Correo electrónico', 'Tipo de rebote', 'Motivo', 'Fecha'], [['a@x.es', 'Rebote duro', 'Usuario desconocido', '2025-02-03']]))
      .toEqual({ email: 0, type: 1, diagnostic: 2, date: 3 });
    expect(detectColumns(['メールアドレス', '種類', 'エラー'], [['a@x.jp', 'ハードバウンス', '550 5.1.1 user unknown']]))
      .toEqual({ email: 0, type: 1, diagnostic: 2 });
  });

  it('finds columns by what their values look like when the names say nothing', () => {
    const rows = [
      ['x', 'a@x.com', '550', '5.1.1', 'smtp; 550 5.1.1 <a@x.com>: Recipient address rejected: User unknown', 'hard'],
      ['y', 'b@x.com', '452', '4.2.2', 'smtp; 452 4.2.2 Mailbox full, try again later please', 'soft'],
    ];
    expect(detectColumns(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5', 'Column 6'], rows))
      .toEqual({ email: 1, replyCode: 2, status: 3, diagnostic: 4, type: 5 });
  });

  it('tells a status column of enhanced codes from a status column of words', () => {
    expect(detectColumns(['email', 'status'], [['a@x.com', '5.1.1'], ['b@x.com', '4.2.2']])).toEqual({ email: 0, status: 1 });
    expect(detectColumns(['email', 'status'], [['a@x.com', 'bounced'], ['b@x.com', 'unsubscribed']])).toEqual({ email: 0, type: 1 });
  });

  it('returns null without an email column, and says when nothing but the address is there', () => {
    expect(detectColumns(['Name', 'Code'], [['Ann', '550']])).toBeNull();
    const m = detectColumns(['Email', 'First Name'], [['a@x.com', 'Ann']])!;
    expect(hasBounceColumns(m)).toBe(false);
    expect(describeMapping({ email: 0, replyCode: 1, diagnostic: 2 })).toBe('email, code, diagnostic');
  });
});

describe('typeMeaning', () => {
  it('reads bounce types and statuses across tools and languages', () => {
    const v = (s: string) => { const m = typeMeaning(s); return m?.skip ? 'skip' : m ? `${m.verdict ?? '?'}/${m.fixed ?? m.reason ?? ''}` : null; };
    expect(v('Hard')).toBe('hard/');
    expect(v('hard_bounce')).toBe('hard/');
    expect(v('Permanent')).toBe('hard/');
    expect(v('NoMailbox')).toBe('hard/userunknown');
    expect(v('Soft bounce')).toBe('soft/');
    expect(v('AccountProblem')).toBe('soft/mailboxfull');
    expect(v('Blocked')).toBe('soft/blocked');
    expect(v('Junk')).toBe('complaint/feedback');
    expect(v('Unsubscribed')).toBe('complaint/unsubscribed');
    expect(v('Désabonné')).toBe('complaint/unsubscribed');
    expect(v('Auto-Reply')).toBe('auto-reply/vacation');
    expect(v('Delivered')).toBe('skip');
    expect(v('Deferred')).toBe('soft/expired');
    expect(v('Hard bounce - mailbox gone')).toBe('hard/');
    expect(v('Unsubscribed via link in marketing message')).toBe('complaint/unsubscribed'); // Omnisend
    expect(v('Undeliverable')).toBe('hard/'); // AWeber
    expect(v('Throttled')).toBe('soft/speeding'); // Elastic Email
    expect(v('BOUNCE')).toBe('hard/'); // SES suppression import
    expect(v('whatever')).toBeNull();
  });
});

describe('mapGenericRow', () => {
  const m = { email: 0, replyCode: 1, diagnostic: 2, type: 3, date: 4, campaign: 5 };
  it('maps a row, takes the status from a code column that holds one, skips non-bounces', () => {
    const r = mapGenericRow(['a@x.com', '5.1.1', 'user unknown', 'Hard', '03/02/2025', 'Feb'], m, { dayFirst: true });
    expect(isSkip(r)).toBe(false);
    expect(r).toEqual([expect.objectContaining({ email: 'a@x.com', status: '5.1.1', replyCode: '', verdict: 'hard', occurredAt: '2025-02-03T00:00:00.000Z', campaign: 'Feb', providerType: 'Hard' })]);
    expect(mapGenericRow(['a@x.com', '', '', 'delivered', '', ''], m)).toEqual({ skip: 'delivered' });
    expect(mapGenericRow(['  ', '550', 'x', 'hard', '', ''], m)).toEqual({ skip: 'row without an address' });
  });

  it('never throws on ragged or odd rows', () => {
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 8 }), (cells) => {
      const r = mapGenericRow(cells, m);
      expect(isSkip(r) || Array.isArray(r)).toBe(true);
    }));
  });

  it('checks a mapping against the column count', () => {
    expect(mappingProblem({ email: 0, diagnostic: 3 }, 4)).toBeNull();
    expect(mappingProblem({ email: 0, diagnostic: 4 }, 4)).toMatch(/diagnostic column \(5\) is beyond the 4 columns/);
  });
});
