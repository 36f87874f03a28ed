/**
 * Fuzzing the mail readers (MIME pre-scan, DSN parser, the whole message reader, mbox
 * through readBounces): any bytes in, either bounce records or a clear AppError out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBounces } from '../../../../electron/services/bounces/index.js';
import { parseDeliveryStatus, parseFeedbackReport } from '../../../../electron/services/mail/dsn.js';
import { readMessage } from '../../../../electron/services/mail/message.js';
import { slimMessage } from '../../../../electron/services/mail/prescan.js';
import { mutated, recordsOrClearError, RUNS, scratch, textOf } from '../fuzz-helpers.js';

const file = scratch('ls-fuzz-mail-');
const CTX = { sourceIndex: 0, warn: () => {} };

const DSN = `From: Mail Delivery System <MAILER-DAEMON@mx.example.net>
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Message-ID: <b1@mx.example.net>
Date: Thu, 29 Apr 2021 23:34:45 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="XX"

--XX
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<ann@example.org>: host mx.example.org said: 550 5.1.1 User unknown =C3=A9

--XX
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; ann@example.org
Original-Recipient: rfc822;ann@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <ann@example.org>: User unknown
 in virtual mailbox table

--XX
Content-Type: message/rfc822

From: sender@example.com
To: ann@example.org
Subject: Hi

Hello
--XX
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

AAECAwQFBgcICQ==
--XX--
`.replace(/\n/g, '\r\n');

const MIME = 'From:To:Subject:Content-Type: multipart/report; boundary="XX"\r\n--XX\r\n=?utf-8?B?=?= base64 quoted-printable ;:<>@."\t ';

/** The reader's promise: records with an address each, or a clear error; never more records than bytes. */
async function readsOrRefuses(bytes: Uint8Array): Promise<void> {
  const recs = await recordsOrClearError(() => readMessage(bytes, CTX));
  if (!recs) return;
  expect(recs.length).toBeLessThanOrEqual(bytes.length);
  for (const r of recs) expect(r.email).toContain('@');
}

describe('mail readers under fuzzing', () => {
  it('a DSN with bytes flipped, cut or repeated', async () => {
    await fc.assert(fc.asyncProperty(mutated(Buffer.from(DSN)), async (bytes) => {
      await readsOrRefuses(bytes);
      expect(slimMessage(bytes)).toBeInstanceOf(Uint8Array);
    }), { numRuns: RUNS });
  });

  it('any bytes, and text made of MIME structure', async () => {
    const input = fc.oneof(fc.uint8Array({ maxLength: 2048 }), textOf(MIME).map((t) => new Uint8Array(Buffer.from(t, 'latin1'))));
    await fc.assert(fc.asyncProperty(input, async (bytes) => {
      await readsOrRefuses(bytes);
      expect(slimMessage(bytes, { relabel: false })).toBeInstanceOf(Uint8Array);
    }), { numRuns: RUNS });
  });

  it('the DSN and feedback-report field parsers on any text', () => {
    const field = fc.constantFrom('Final-Recipient: ', 'Original-Recipient: rfc822;', 'Action: ', 'Status: 5.', 'Diagnostic-Code: smtp; ', 'X-Actual-Recipient: ', 'Feedback-Type: ', 'Original-Rcpt-To: ', '\r\n', '\r\n\r\n', ' ', '<', '>', '@', '|', '/', ';');
    fc.assert(fc.property(fc.array(fc.oneof(field, fc.string({ maxLength: 20 })), { maxLength: 60 }), (parts) => {
      const text = parts.join('');
      const r = parseDeliveryStatus(text);
      expect(r.recipients.length).toBeLessThanOrEqual(text.length);
      expect(parseFeedbackReport(text)).toBeInstanceOf(Map);
    }), { numRuns: RUNS * 4 });
  });

  it('an mbox of damaged messages through readBounces', async () => {
    await fc.assert(fc.asyncProperty(fc.array(mutated(Buffer.from(DSN)), { minLength: 1, maxLength: 4 }), async (msgs) => {
      const mbox = Buffer.concat(msgs.flatMap((m) => [Buffer.from('From MAILER-DAEMON Thu Apr 29 23:34:45 2021\r\n'), m, Buffer.from('\r\n')]));
      const got = await recordsOrClearError(async () => {
        let n = 0;
        for await (const batch of readBounces([file(mbox, 'mbox')])) n += batch.length;
        return n;
      });
      if (got !== null) expect(got).toBeLessThanOrEqual(mbox.length);
    }), { numRuns: Math.ceil(RUNS / 3) });
  });
});
