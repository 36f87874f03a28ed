/**
 * One message at a time: the kinds of report the reader must tell apart, and the encodings
 * the text arrives in. Small hand-written messages, each named for what it shows.
 */
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../../../electron/services/mail/message.js';

async function read(text: string | Buffer) {
  const warnings: string[] = [];
  const recs = await readMessage(typeof text === 'string' ? Buffer.from(text.replace(/\n/g, '\r\n')) : text, { sourceIndex: 7, warn: (m) => warnings.push(m) });
  return { recs, warnings };
}

const dsn = (action: string, status: string, diag: string, extraHead = ''): string => `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: sender@example.com
Subject: Delivery Status Notification
Message-ID: <bounce-1@mx.example.net>
Date: Thu, 29 Apr 2021 23:34:45 +0900
${extraHead}Content-Type: multipart/report; report-type=delivery-status; boundary="XX"
MIME-Version: 1.0

--XX
Content-Type: text/plain; charset=us-ascii

Report follows.

--XX
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net
Arrival-Date: Thu, 29 Apr 2021 23:30:00 +0900

Final-Recipient: rfc822; rcpt@example.org
Action: ${action}
Status: ${status}
Remote-MTA: dns; mx.example.org
Diagnostic-Code: smtp; ${diag}
Last-Attempt-Date: Thu, 29 Apr 2021 23:34:40 +0900

--XX
Content-Type: message/rfc822

From: sender@example.com
To: rcpt@example.org
Subject: Campaign
Message-ID: <campaign-42@example.com>

Hello
--XX--
`;

describe('readMessage', () => {
  it('reads a standard DSN with its evidence', async () => {
    const { recs } = await read(dsn('failed', '5.1.1', '550 5.1.1 <rcpt@example.org>: Recipient address rejected: User unknown in virtual mailbox table'));
    expect(recs).toHaveLength(1);
    const r = recs[0]!;
    expect(r).toMatchObject({ email: 'rcpt@example.org', status: '5.1.1', replyCode: '550', reason: 'userunknown', verdict: 'hard', sourceIndex: 7, messageId: 'bounce-1@mx.example.net' });
    expect(r.occurredAt).toBe('2021-04-29T14:34:40.000Z');
    expect(r.evidence).toContain('Final-Recipient: rfc822; rcpt@example.org');
    expect(r.diagnostic).toContain('User unknown');
  });

  it('keeps a delay warning soft and a delivery report delivered', async () => {
    const delayed = (await read(dsn('delayed', '4.4.1', '421 4.4.1 Connection timed out'))).recs[0]!;
    expect(delayed.verdict).toBe('soft');
    expect(delayed.providerType).toBe('delayed');
    const delivered = (await read(dsn('delivered', '2.0.0', '250 2.0.0 Ok: queued as 1234'))).recs[0]!;
    expect(delivered).toMatchObject({ reason: 'delivered', verdict: 'delivered' });
  });

  it('does not make a blocklist refusal a hard bounce', async () => {
    const r = (await read(dsn('failed', '5.7.1', '550 5.7.1 Service unavailable; client [192.0.2.1] blocked using zen.spamhaus.org'))).recs[0]!;
    expect(r.verdict).toBe('soft');
    expect(r.reason).toBe('blocked');
  });

  it('reads an Exim plain-text bounce and never reports the sender', async () => {
    const { recs } = await read(`From: Mail Delivery System <Mailer-Daemon@mx.example.net>
To: sender@example.com
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: gone@example.org

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  gone@example.org
    SMTP error from remote mail server after RCPT TO:<gone@example.org>:
    host mx.example.org [192.0.2.7]: 550 5.1.1 <gone@example.org>: No such user

------ This is a copy of the message, including all the headers. ------

Return-path: <sender@example.com>
From: sender@example.com
To: gone@example.org, other@example.org
Subject: hi

hi
`);
    expect(recs.map((r) => [r.email, r.provider, r.status, r.replyCode, r.verdict])).toEqual([['gone@example.org', 'exim', '5.1.1', '550', 'hard']]);
  });

  it('reads a spam complaint (ARF) as a complaint with its feedback type', async () => {
    const { recs } = await read(`From: feedback@fbl.example.net
To: abuse@example.com
Subject: Complaint
Content-Type: multipart/report; report-type=feedback-report; boundary="F"

--F
Content-Type: text/plain

This is an email abuse report.

--F
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: FBL/1.0
Version: 1
Original-Rcpt-To: annoyed@example.org
Arrival-Date: Thu, 29 Apr 2021 23:34:45 +0900

--F
Content-Type: message/rfc822

From: sender@example.com
To: annoyed@example.org
Subject: Offer

Buy
--F--
`);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ email: 'annoyed@example.org', verdict: 'complaint', reason: 'feedback', feedbackType: 'abuse', provider: 'arf' });
  });

  it('knows an out-of-office reply in German from a bounce', async () => {
    const { recs } = await read(`From: Kollegin <kollegin@example.de>
To: sender@example.com
Subject: Abwesenheitsnotiz: Newsletter
Auto-Submitted: auto-replied
Content-Type: text/plain; charset=utf-8

Ich bin bis zum 5. Mai nicht im Büro und habe nur eingeschränkten Zugriff auf E-Mails.
`);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({ email: 'kollegin@example.de', verdict: 'auto-reply', reason: 'vacation', provider: 'rfc3834' });
  });

  it('decodes legacy charsets and quoted-printable before reading', async () => {
    // ISO-2022-JP text around a Postfix-style recipient line
    const jis = Buffer.concat([
      Buffer.from('From: MAILER-DAEMON@mx.example.jp\r\nTo: sender@example.com\r\nSubject: Undelivered Mail Returned to Sender\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n\r\n'),
      Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42]),
      Buffer.from('\r\n\r\n<nobody@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1 <nobody@example.jp>: User unknown (in reply to RCPT TO command)\r\n'),
    ]);
    const a = (await read(jis)).recs;
    expect(a.map((r) => [r.email, r.reason])).toEqual([['nobody@example.jp', 'userunknown']]);

    const qp = (await read(`From: MAILER-DAEMON@mx.example.net
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

<full@example.org>: host mx.example.org[192.0.2.1] said: 552 5.2.2 <full@ex=
ample.org>: Mailbox full, quota d=E9pass=E9 / quota exceeded (in reply to RCPT TO command)
`)).recs;
    expect(qp).toHaveLength(1);
    // (Node's TextDecoder maps windows-1252 0x80-0x9F like latin1, so the test stays in 0xA0-0xFF)
    expect(qp[0]!.diagnostic).toContain('<full@example.org>: Mailbox full, quota dépassé / quota exceeded');
    expect(qp[0]!.reason).toBe('mailboxfull');
  });

  it('warns instead of throwing on something that is not mail', async () => {
    const { recs } = await read(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]));
    expect(recs).toEqual([]);
  });
});
