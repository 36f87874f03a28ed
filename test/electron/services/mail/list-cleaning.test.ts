/**
 * Issue 11: whole bounce messages (test/fixtures/mail, modelled on each MTA's real layout) read
 * through the app's entry point, one per class of report that used to slip through.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { isMailFile, readMail } from '../../../../electron/services/mail/index.js';
import type { BounceRecord } from '../../../../shared/types.js';

const FIX = fileURLToPath(new URL('../../../fixtures/mail/', import.meta.url));

async function read(name: string): Promise<BounceRecord[]> {
  const out: BounceRecord[] = [];
  for await (const b of readMail(FIX + name)) out.push(...b);
  return out;
}

describe('mail reports that used to slip through', () => {
  it('blank lines before the header block do not hide the headers', async () => {
    expect(isMailFile(FIX + 'leading-blank-lines-postfix.eml', readFileSync(FIX + 'leading-blank-lines-postfix.eml'))).toBe(true);
    expect(await read('leading-blank-lines-postfix.eml')).toMatchObject([{ email: 'gone.person@example.org', verdict: 'hard', reason: 'userunknown', provider: 'postfix' }]);
  });

  it('NUL padding after the message is not binary; Exim "Unrouteable mail domain" is hostunknown', async () => {
    expect(isMailFile(FIX + 'exim-unrouteable-nul-padded.eml', readFileSync(FIX + 'exim-unrouteable-nul-padded.eml'))).toBe(true);
    expect(await read('exim-unrouteable-nul-padded.eml')).toMatchObject([{ email: 'someone@no-such-domain.example', verdict: 'hard', reason: 'hostunknown' }]);
  });

  it('qmail "in the queue too long" is expired, soft', async () => {
    expect(await read('qmail-queue-too-long.eml')).toMatchObject([{ email: 'neko@slow.example.jp', verdict: 'soft', reason: 'expired' }]);
  });

  it('Yahoo "disabled or discontinued" is suspend, hard', async () => {
    expect(await read('yahoo-disabled-account.eml')).toMatchObject([{ email: 'old.account@yahoo.com', verdict: 'hard', reason: 'suspend' }]);
  });

  it('Google "failed permanently" with no cause is undefined, soft', async () => {
    expect(await read('google-failed-permanently-no-cause.eml')).toMatchObject([{ email: 'someone@example.or.jp', verdict: 'soft', reason: 'undefined' }]);
  });

  it('a Postfix delay warning is expired, soft, and marked as a delay', async () => {
    const [r, ...more] = await read('postfix-delayed-no-route.eml');
    expect(more).toEqual([]);
    expect(r).toMatchObject({ email: 'late.reader@example.org', verdict: 'soft', reason: 'expired', delayed: true });
  });

  it('an X.400 gateway whose Diagnostic-Code is a placeholder: the cause from X400-Supplementary-Info', async () => {
    const [r] = await read('x400-supplementary-info.eml');
    expect(r).toMatchObject({ email: 'kijitora@example.co.jp', verdict: 'hard', reason: 'userunknown' });
    expect(r!.diagnostic).toMatch(/mailbox kijitora does not exist/);
  });

  it('an outer report with no cause: the cause from the next hop\'s SMTP transcript inside the returned message', async () => {
    const [r, ...more] = await read('gateway-nested-transcript.eml');
    expect(more).toEqual([]);
    expect(r).toMatchObject({ email: 'marta.k@example.net', verdict: 'hard', reason: 'userunknown', status: '5.1.1' });
    expect(r!.evidence).toMatch(/In the returned message:[\s\S]*550 5\.1\.1 <marta\.k@example\.net>: Recipient address rejected/);
  });

  it('a DSN whose diagnostic is a placeholder: the cause from the DSN returned inside it', async () => {
    expect(await read('gateway-nested-dsn.eml')).toMatchObject([{ email: 'jo.lee@example.org', verdict: 'soft', reason: 'mailboxfull', status: '5.2.2' }]);
  });

  it('a returned newsletter that mentions the address and an error but no SMTP reply states no cause', async () => {
    expect(await read('newsletter-returned-no-cause.eml')).toMatchObject([{ email: 'sam.r@example.net', verdict: 'soft', reason: 'undefined' }]);
  });

  it('Sendmail: a local delivery program\'s output above "554 … Service unavailable" is that recipient\'s cause, and only its', async () => {
    expect(await read('sendmail-mail-local-output.eml')).toMatchObject([
      { email: 'pat.doe@campus.example.edu', verdict: 'hard', reason: 'userunknown' },
      { email: 'lab-printer@campus.example.edu', verdict: 'soft', reason: 'systemerror' },
    ]);
  });

  it('a cause on the line after the SMTP reply is read with it', async () => {
    expect(await read('qmail-cause-on-next-line.eml')).toMatchObject([{ email: 'nobody.home@example.net', verdict: 'hard', reason: 'userunknown' }]);
  });

  it('a bounce in a legacy charset (windows-1257) and an HTML-only bounce are read', async () => {
    expect(await read('windows-1257-lithuanian.eml')).toMatchObject([{ email: 'jonas.jonaitis@example.lt', reason: 'userunknown' }]);
    expect(await read('html-only-exchange.eml')).toMatchObject([{ email: 'no.longer@example.com', verdict: 'hard', reason: 'userunknown' }]);
  });

  it('no rows from the returned message\'s headers, an "expanded from" list address or help text', async () => {
    expect((await read('postfix-expanded-from-list.eml')).map((r) => r.email)).toEqual(['real.box@example.org']);
  });
});
