/**
 * Issue 11: recipients in unusual places. Each fixture (test/fixtures/mail) is modelled on the
 * layout the named MTA or provider really writes.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readMail } from '../../../../electron/services/mail/index.js';
import type { BounceRecord } from '../../../../shared/types.js';

const FIX = fileURLToPath(new URL('../../../fixtures/mail/', import.meta.url));

async function read(name: string): Promise<BounceRecord[]> {
  const out: BounceRecord[] = [];
  for await (const b of readMail(FIX + name)) out.push(...b);
  return out;
}
const emails = async (name: string) => (await read(name)).map((r) => r.email);

describe('recipient forms of real MTAs', () => {
  it('MailEnable / Exchange "Recipient: [SMTP:a]"', async () => {
    expect(await read('mailenable-recipient-smtp-bracket.eml')).toMatchObject([{ email: 'gone@example.org', reason: 'userunknown' }]);
  });
  it('Exchange 5.5 X.400 "dda:SMTP=a"', async () => {
    expect(await read('exchange55-dda-smtp.eml')).toMatchObject([{ email: 'kijitora@corp.example.com', reason: 'userunknown', verdict: 'hard' }]);
  });
  it('Mimecast "addressed to email address :" then "-- a"', async () => {
    expect(await read('mimecast-addressed-to.eml')).toMatchObject([{ email: 'left.company@example.co.uk', verdict: 'hard' }]);
  });
  it('Exim "an undisclosed address (generated from a)": that "from" is not a sender', async () => {
    expect(await read('exim-undisclosed-generated-from.eml')).toMatchObject([{ email: 'piped.user@example.net', reason: 'mailererror' }]);
  });
  it('Yahoo: a To: line right above "--- Below this line is a copy of the message"', async () => {
    expect(await read('yahoo-to-above-copy.eml')).toMatchObject([{ email: 'no.one.here@yahoo.com', reason: 'userunknown' }]);
  });
  it('AOL: a bare screen name under "permanent fatal errors" takes the reporting host\'s domain', async () => {
    expect(await read('aol-screen-name.eml')).toMatchObject([{ email: 'catlover99@aol.com', reason: 'userunknown', verdict: 'hard' }]);
  });
  it('a self-test (the recipient sent to itself) still names that recipient', async () => {
    expect(await read('self-test-recipient-is-sender.eml')).toMatchObject([{ email: 'tester@example.org', reason: 'mailboxfull' }]);
  });
  it('a Postfix "Name service error … Host not found" wrapped over two lines keeps its recipient', async () => {
    expect(await read('postfix-name-service-error-wrapped.eml')).toMatchObject([{ email: 'reader@no-such-host.example', reason: 'hostunknown' }]);
  });
});

describe('complaint reports', () => {
  it('Original-Rcpt-To with a display name gives the address', async () => {
    expect(await emails('arf-rcpt-to-display-name.eml')).toEqual(['kiji.neko@example.com']);
  });
  it('Hotmail: the recipient only in the returned message\'s X-HmXmrOriginalRecipient', async () => {
    expect(await read('hotmail-arf-hmxmr.eml')).toMatchObject([{ email: 'reader@hotmail.com', verdict: 'complaint', reason: 'feedback' }]);
  });
});

describe('which address a report is about', () => {
  it('Original-Recipient (the list address of a forwarded alias) is matched; both stay in the evidence', async () => {
    const [r, ...more] = await read('postfix-original-vs-final.eml');
    expect(more).toEqual([]);
    expect(r).toMatchObject({ email: 'alias@example.com', finalRecipient: 'real.box@example.org', verdict: 'hard', reason: 'userunknown' });
    expect(r!.evidence).toMatch(/Original-Recipient: rfc822;alias@example.com/);
    expect(r!.evidence).toMatch(/Final-Recipient: rfc822; real.box@example.org/);
  });
  it('help text that gives addresses to write to never yields a recipient', async () => {
    expect(await emails('help-text-example-addresses.eml')).toEqual(['moved.on@example.org']);
  });
});
