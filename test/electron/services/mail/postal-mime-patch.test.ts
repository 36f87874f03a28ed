/**
 * patches/postal-mime+4.0.0.patch: postal-mime joins each part's decoded chunks itself instead
 * of through a Blob (Node 20's Blob copied and read back every chunk: a fifth of a message's
 * time). The parts must decode to the same bytes, and no Blob may be built on the way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import PostalMime from 'postal-mime';

const RealBlob = globalThis.Blob;
afterEach(() => { globalThis.Blob = RealBlob; });

/** Counts the Blobs built while `run` runs. */
async function blobsBuilt<T>(run: () => Promise<T>): Promise<{ value: T; blobs: number }> {
  let blobs = 0;
  globalThis.Blob = class extends RealBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      blobs++;
    }
  };
  const value = await run();
  return { value, blobs };
}

const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
const message = [
  'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
  'To: sender@example.com',
  'Subject: Undelivered Mail',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="B"',
  '',
  '--B',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: 8bit',
  '',
  'Line one: caf\u00e9',
  'Line two',
  '--B',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  'Content-Disposition: attachment; filename="qp.txt"',
  '',
  'soft=',
  'break caf=C3=A9 =3D',
  '--B',
  'Content-Type: application/octet-stream',
  'Content-Transfer-Encoding: base64',
  '',
  ...(Buffer.from(binary).toString('base64').match(/.{1,76}/g) ?? []),
  '--B',
  'Content-Type: message/delivery-status',
  '',
  'Final-Recipient: rfc822; gone@example.org',
  'Action: failed',
  '--B--',
  '',
].join('\r\n');

describe('postal-mime as patched (patches/postal-mime+4.0.0.patch)', () => {
  it('decodes 8bit, quoted-printable, base64 and pass-through parts to the same bytes without building a Blob', async () => {
    const { value: email, blobs } = await blobsBuilt(() => PostalMime.parse(Buffer.from(message, 'utf8'), { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true }));
    expect(blobs).toBe(0);
    expect(email.text).toBe('Line one: caf\u00e9\nLine two\n');
    const [qp, bin, dsn] = email.attachments;
    expect(new TextDecoder().decode(qp!.content as ArrayBuffer)).toBe('softbreak caf\u00e9 =\n');
    expect(new Uint8Array(bin!.content as ArrayBuffer)).toEqual(binary);
    expect(dsn!.mimeType).toBe('message/delivery-status');
    expect(new TextDecoder().decode(dsn!.content as ArrayBuffer)).toBe('Final-Recipient: rfc822; gone@example.org\nAction: failed\n');
  });

  it('gives each part a buffer of its own, not a view of the message', async () => {
    const raw = Buffer.from(message, 'utf8');
    const email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', forceRfc822Attachments: true });
    const dsn = email.attachments[2]!.content as ArrayBuffer;
    expect(dsn).toBeInstanceOf(ArrayBuffer);
    expect(dsn).not.toBe(raw.buffer);
    raw.fill(0);
    expect(new TextDecoder().decode(dsn)).toContain('gone@example.org');
  });
});
