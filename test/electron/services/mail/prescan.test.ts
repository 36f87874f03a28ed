import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import type { Email } from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { readMessage } from '../../../../electron/services/mail/message.js';
import { asBase64, slimMessage, trimPadding } from '../../../../electron/services/mail/prescan.js';
import { corpus, MAIL_FIXTURES } from '../../../corpus.js';

// The whole corpus where it is present, else the repository's own samples of it.
const corpusEml = corpus.dir ? join(corpus.dir, 'eml') : MAIL_FIXTURES;

const OPTS = { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer', maxNestingDepth: 64 } as const;

/** What the reader takes from postal-mime: bodies, and each attachment's type and bytes. */
function view(e: Email): unknown {
  return {
    subject: e.subject, messageId: e.messageId, text: e.text, html: e.html,
    headers: e.headers.filter((h) => h.key !== 'content-transfer-encoding'),
    attachments: e.attachments.map((a) => ({ mimeType: a.mimeType, disposition: a.disposition, filename: a.filename,
      content: Buffer.from(a.content as ArrayBuffer).toString('base64') })),
  };
}

async function parse(bytes: Uint8Array): Promise<unknown> {
  try {
    return view(await PostalMime.parse(bytes, OPTS));
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('pre-scan: pass-through parts handed to postal-mime as one base64 line', () => {
  it('decodes to the same text, headers and attachment bytes for every corpus message', async () => {
    const files = readdirSync(corpusEml).filter((f) => f.endsWith('.eml')).sort();
    expect(files.length).toBeGreaterThan(corpus.dir ? 500 : 10);
    let changed = 0;
    for (const f of files) {
      // As the reader does (message.ts): padding before the headers and after the end goes first.
      const raw = trimPadding(readFileSync(join(corpusEml, f)));
      const plain = slimMessage(raw, { relabel: false });
      const relabelled = slimMessage(raw);
      if (Buffer.compare(Buffer.from(plain), Buffer.from(relabelled)) !== 0) changed++;
      expect(await parse(relabelled), f).toEqual(await parse(plain));
    }
    // the point of it: most messages have pass-through parts
    expect(changed).toBeGreaterThan(files.length / 2);
  });

  it('keeps "=", 8-bit bytes, inner CRs and blank lines; CRLF and LF line ends read as postal-mime reads them', async () => {
    const msg = Buffer.from([
      'From: a@example.com', 'To: b@example.com', 'Subject: t', 'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: 8bit', '', 'a=b =41 =\r', 'caf\xe9 ==', 'mid\rcr', '', '', 'last=',
    ].join('\r\n'), 'latin1');
    const out = slimMessage(msg);
    expect(Buffer.from(out).toString('latin1')).toContain('Content-Transfer-Encoding: base64');
    expect(await parse(out)).toEqual(await parse(msg));
    expect(((await PostalMime.parse(out)).text ?? '')).toBe('a=b =41 =\ncafé ==\nmid\rcr\n\n\nlast=\n');
    const lf = Buffer.from(msg.toString('latin1').replace(/\r\n/g, '\n') + '\n', 'latin1');
    expect(await parse(slimMessage(lf))).toEqual(await parse(lf));
  });

  it('leaves base64, quoted-printable, containers, duplicate encoding fields and empty header-less parts alone', () => {
    for (const part of [
      'Content-Type: text/plain\nContent-Transfer-Encoding: base64\n\nYT1i\n',
      'Content-Type: text/plain\nContent-Transfer-Encoding: Quoted-Printable\n\na=3Db\n',
      'Content-Type: multipart/mixed; boundary=x\n\n--x\n\na=b\n--x--\n',
      'Content-Transfer-Encoding: 7bit\nContent-Transfer-Encoding: base64\n\nYT1i\n',
      '\n',
      '\r\n',
      'Content-Type: text/plain\r\r\n\na=b\n',
    ]) expect(asBase64(part)).toBe(part);
  });

  it('re-encodes a part without header fields (Sendmail\'s first part) to the same text, in any multipart, LF or CRLF', async () => {
    for (const [type, nl] of [['report', '\n'], ['report', '\r\n'], ['digest', '\n']] as const) {
      const msg = Buffer.from([
        'From: MAILER-DAEMON@mx.example.net', `Content-Type: multipart/${type}; boundary="b1"`, '', 'preamble',
        '--b1', '', 'The original message was received at Thu, 29 Apr 2021', '', '<ann@example.org>... User unknown\r', '',
        '--b1', '', 'Subject: returned', '', 'body line', '--b1--', 'epilogue', '',
      ].join(nl), 'latin1');
      const out = slimMessage(msg);
      expect(Buffer.from(out).toString('latin1').split('Content-Transfer-Encoding: base64').length).toBe(3);
      expect(await parse(out)).toEqual(await parse(msg));
    }
  });

  it('does not re-encode parts of a multipart whose delimiter lines postal-mime would not take as delimiters', async () => {
    const msg = Buffer.from([
      'From: a@example.com', 'Content-Type: multipart/mixed; boundary="b1"', '', 'preamble',
      '--b1', 'Content-Type: text/plain', '', 'one=1', '--b1junk', 'Content-Type: text/plain', '', 'two=2', '--b1--', '',
    ].join('\n'), 'latin1');
    const out = slimMessage(msg);
    expect(Buffer.from(out).toString('latin1')).not.toContain('base64');
    expect(await parse(out)).toEqual(await parse(msg));
  });
});

describe('pre-scan: header fields nothing reads', () => {
  const bounce = (received: string[]): Buffer => Buffer.from([
    'Return-Path: <>',
    ...received,
    'DKIM-Signature: v=1; a=rsa-sha256;', '\tb=abc',
    'From: Mail Delivery System <Mailer-Daemon@mx.example.net>', 'To: sender@example.com',
    'Subject: Mail delivery failed', 'X-Failed-Recipients: gone@example.org', '',
    'A message that you sent could not be delivered to one or more of its recipients.', '',
    '  gone@example.org', '    SMTP error from remote mail server after RCPT TO:<gone@example.org>:', '    550 5.1.1 User unknown', '',
  ].join('\n'), 'latin1');

  it('drops Received fields, folds included, except those naming an MTA the reader looks for there', () => {
    const out = Buffer.from(slimMessage(bounce([
      'Received: from relay.example.net (relay.example.net [192.0.2.7])', '\tby mx.example.net with esmtp id 1a2b', '\tfor <sender@example.com>; Thu, 29 Apr 2021 23:34:45 +0000',
      'Received: from mail by mx.example.net with local (Exim 4.94)', '\tid 1lcGqT-0007Bs-Qd; Thu, 29 Apr 2021 23:34:45 +0000',
    ]), { relabel: false })).toString('latin1');
    expect(out).not.toContain('relay.example.net');
    expect(out).not.toContain('DKIM-Signature');
    expect(out).toContain('Received: from mail by mx.example.net with local (Exim 4.94)\n\tid 1lcGqT-0007Bs-Qd;');
    expect(out).toContain('X-Failed-Recipients: gone@example.org\n\nA message that you sent');
  });

  it('still tells Exim by its Received field', async () => {
    const exim = await readMessage(bounce(['Received: from mail by mx.example.net with local (Exim 4.94)', '\tid 1lcGqT-0007Bs-Qd']), { sourceIndex: 1, warn: () => {} });
    const other = await readMessage(bounce(['Received: from mail by mx.example.net with local (Postmaster 4.94)']), { sourceIndex: 1, warn: () => {} });
    expect(exim.map((r) => [r.email, r.provider])).toEqual([['gone@example.org', 'exim']]);
    expect(other.map((r) => [r.email, r.provider])).not.toEqual([['gone@example.org', 'exim']]);
  });
});
