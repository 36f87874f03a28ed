/**
 * The dispatcher: folders and mixed inputs, routing to MAIL, the generic sheet path with its
 * detected or corrected mapping, bad input with clear errors, and streaming of big logs.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewBounces, readBounces, type ReadBouncesOptions, type SourcedBounce } from '../../../../electron/services/bounces/index.js';
import { AppError } from '../../../../shared/errors.js';

const FIX = fileURLToPath(new URL('../../../fixtures/esp/', import.meta.url));
const MAIL = fileURLToPath(new URL('../../../fixtures/mail/', import.meta.url));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'esp-dispatch-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readAll(paths: string[], opts: ReadBouncesOptions = {}): Promise<{ got: SourcedBounce[]; warnings: { path: string; message: string; skippedFile?: boolean }[] }> {
  const got: SourcedBounce[] = [];
  const warnings: { path: string; message: string; skippedFile?: boolean }[] = [];
  for await (const b of readBounces(paths, { onWarning: (w) => warnings.push(w), ...opts })) got.push(...b);
  return { got, warnings };
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

async function readRejection(paths: string[]): Promise<{ err: AppError; yielded: number }> {
  let yielded = 0;
  try {
    for await (const b of readBounces(paths)) yielded += b.length;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return { err: e as AppError, yielded };
  }
  throw new Error('expected a rejection');
}

const rows = (got: SourcedBounce[]) => got.map((s) => [s.record.email, s.record.verdict, s.record.reason]);

describe('generic spreadsheets', () => {
  it('reads a French Windows-1252 semicolon sheet with localised headers, day-first dates', async () => {
    const [p] = await previewBounces([FIX + 'generic-rebonds-fr.csv']);
    expect(p!.provider).toBe('generic');
    expect(p!.description).toBe('Spreadsheet: columns detected (email, code, status, diagnostic, type, date, campaign), 3 records');
    expect(p!.mapping).toEqual({ email: 0, date: 1, replyCode: 2, status: 3, diagnostic: 4, type: 5, campaign: 6 });
    expect(p!.headers).toEqual(['Adresse e-mail', 'Date', 'Code SMTP', 'Statut DSN', 'Raison', 'Type de rebond', 'Campagne']);
    expect(p!.rows![1]![0]).toBe('hélène.noël@example.fr');
    const { got } = await readAll([FIX + 'generic-rebonds-fr.csv']);
    expect(rows(got)).toEqual([
      ['jean.dupont@example.fr', 'hard', 'userunknown'],
      ['hélène.noël@example.fr', 'soft', 'mailboxfull'],
      ['françois@example.fr', 'soft', 'blocked'],
    ]);
    expect(got[0]!.record).toMatchObject({ provider: 'generic', occurredAt: '2025-02-03T10:00:00.000Z', campaign: "Soldes d'hiver", replyCode: '550', status: '5.1.1', providerType: 'Rebond dur', sourceIndex: 1 });
  });

  it('reads subscriber-status exports (MailerLite/Kit/AWeber style): bounced, junk, unsubscribed; active is skipped', async () => {
    const [p] = await previewBounces([FIX + 'generic-subscriber-status.csv']);
    expect(p!.description).toBe('Spreadsheet: columns detected (email, type, date), 3 records, 1 non-bounce record skipped (active 1)');
    const { got } = await readAll([FIX + 'generic-subscriber-status.csv']);
    expect(rows(got)).toEqual([['a.bounced@example.com', 'hard', 'undefined'], ['b.junk@example.com', 'complaint', 'feedback'], ['c.unsub@example.com', 'complaint', 'unsubscribed']]);
  });

  it('keeps the sheet\'s bounce type over its diagnostic and says so', async () => {
    const { got } = await readAll([FIX + 'generic-bounce-report.tsv']);
    expect(rows(got)).toEqual([['x.hard@example.com', 'hard', 'userunknown'], ['y.soft@example.com', 'soft', 'mailboxfull'], ['z.mismatch@example.com', 'soft', 'userunknown']]);
    expect(got[2]!.record.disagreement).toMatch(/reads as a hard bounce .* typed it "Soft"/);
    expect(got[0]!.record.disagreement).toBeUndefined();
  });

  it('reads a suppression list whose "reason" column holds status words or short labels (GetResponse, Customer.io style)', async () => {
    const { got } = await readAll([FIX + 'generic-suppression-reasons.csv']);
    expect(rows(got)).toEqual([
      ['h@example.com', 'hard', 'undefined'], ['s@example.com', 'complaint', 'feedback'], ['u@example.com', 'complaint', 'unsubscribed'],
      ['r@example.com', 'hard', 'userunknown'], ['f@example.com', 'soft', 'mailboxfull'], ['n@example.com', 'soft', 'networkerror'],
    ]);
  });

  it('never takes lookalike headers (email,event,reason) for a provider', async () => {
    const [p] = await previewBounces([FIX + 'generic-lookalike.csv']);
    expect(p!.provider).toBe('generic');
    const { got } = await readAll([FIX + 'generic-lookalike.csv']);
    expect(rows(got)).toEqual([['l1@example.com', 'hard', 'userunknown'], ['l3@example.com', 'complaint', 'feedback']]);
  });

  it('reads with the mapping the user corrected, and refuses one that does not fit', async () => {
    const path = FIX + 'generic-bounce-report.tsv';
    // The user drops the type column: the codes and the text alone decide.
    const { got } = await readAll([path], { mappings: { [path]: { email: 0, status: 2, diagnostic: 4 } } });
    expect(rows(got)).toEqual([['x.hard@example.com', 'hard', 'userunknown'], ['y.soft@example.com', 'soft', 'mailboxfull'], ['z.mismatch@example.com', 'hard', 'userunknown']]);
    const [p] = await previewBounces([path], { mappings: { [path]: { email: 0, status: 2, diagnostic: 4 } } });
    expect(p!.mapping).toEqual({ email: 0, status: 2, diagnostic: 4 });
    expect(p!.description).toBe('Spreadsheet: columns detected (email, status, diagnostic), 3 records');
    let thrown: unknown;
    try {
      for await (const _ of readBounces([path], { mappings: { [path]: { email: 0, diagnostic: 9 } } })) { /* nothing */ }
    } catch (e) { thrown = e; }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('bad-input');
    expect((thrown as AppError).message).toMatch(/diagnostic column \(10\) is beyond the 5 columns/);
  });
});

describe('generic JSON', () => {
  it('maps JSON records that match no provider by their keys, like a sheet', async () => {
    const path = join(tmp, 'own-log.json');
    writeFileSync(path, JSON.stringify({ results: [
      { recipient: 'a@example.com', smtp_code: '550', message: '550 5.1.1 <a@example.com>: Recipient address rejected: User unknown', at: '2025-02-03T10:00:00Z' },
      { recipient: 'b@example.com', smtp_code: '452', message: '452 4.2.2 Mailbox full', at: '2025-02-03T10:00:00Z' },
    ] }));
    const [p] = await previewBounces([path]);
    expect(p).toMatchObject({ kind: 'json', provider: 'generic', records: 2, headers: ['recipient', 'smtp_code', 'message', 'at'], mapping: { email: 0, replyCode: 1, diagnostic: 2, date: 3 } });
    expect(p!.description).toBe('JSON: columns detected (email, code, diagnostic, date), 2 records');
    const { got } = await readAll([path]);
    expect(rows(got)).toEqual([['a@example.com', 'hard', 'userunknown'], ['b@example.com', 'soft', 'mailboxfull']]);
  });
});

describe('API pages', () => {
  it('reads several API pages saved one after another in one file', async () => {
    const path = join(tmp, 'pages.json');
    const page = (n: number) => JSON.stringify({ items: [{ address: `p${n}a@example.com`, code: '550', error: '550 5.1.1 No such user', created_at: 'Mon, 06 May 2024 18:11:58 UTC' }, { address: `p${n}b@example.com`, code: 550, error: '550 5.1.1 No such user', created_at: 'Mon, 06 May 2024 18:11:58 UTC' }], paging: { next: `https://api.mailgun.net/v3/x/bounces?page=${n + 1}` } }, null, 2);
    writeFileSync(path, `${page(1)}\n${page(2)}\n${page(3)}\n`);
    const [p] = await previewBounces([path]);
    expect(p!.description).toBe('Recognised: Mailgun bounce list, 6 records');
    const { got } = await readAll([path]);
    expect(got.map((s) => s.record.email)).toEqual(['p1a@example.com', 'p1b@example.com', 'p2a@example.com', 'p2b@example.com', 'p3a@example.com', 'p3b@example.com']);
    expect(got.every((s) => s.record.verdict === 'hard' && s.record.reason === 'userunknown')).toBe(true);
  });
});

describe('bad input', () => {
  it('a CSV with no email column names what was expected', async () => {
    const e = await rejection(previewBounces([FIX + 'bad-no-email-column.csv']));
    expect(e.code).toBe('wrong-file');
    expect(e.message).toMatch(/No email column was found.*Email, E-mail, Recipient.*SMTP reply code/);
    const r = await readRejection([FIX + 'bad-no-email-column.csv']);
    expect(r.yielded).toBe(0);
    expect(r.err.code).toBe('wrong-file');
  });

  it('a contact list (email but no bounce columns) is refused with a pointer to the contacts import', async () => {
    const e = await rejection(previewBounces([FIX + 'bad-contacts-only.csv']));
    expect(e.message).toMatch(/email column but nothing that says how the mail bounced.*import it as contacts/);
    const mc = await rejection(previewBounces([FIX + 'mailchimp-subscribed_members_export_2c9f1a.csv']));
    expect(mc.message).toMatch(/Mailchimp subscribed members export: a contact list, not bounce data.*cleaned and unsubscribed/);
  });

  it('JSON that is not bounce data lists the fields it found', async () => {
    const e = await rejection(previewBounces([FIX + 'bad-not-bounce-data.json']));
    expect(e.code).toBe('wrong-file');
    expect(e.message).toMatch(/JSON but not bounce data\. Expected ESP bounce or suppression records .*fields: id, name, price\./);
  });

  it('an empty file, a missing file, an empty folder', async () => {
    expect((await rejection(previewBounces([FIX + 'bad-empty.csv']))).message).toMatch(/empty \(0 bytes\)\. Expected a bounce export/);
    expect((await rejection(previewBounces([join(tmp, 'nope.csv')]))).code).toBe('not-found');
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty);
    expect((await rejection(previewBounces([empty]))).message).toMatch(/holds no files/);
    expect((await readRejection([FIX + 'bad-empty.csv'])).yielded).toBe(0);
  });

  it('a truncated JSON file says where it breaks', async () => {
    const e = await rejection(previewBounces([FIX + 'bad-truncated-events.json']));
    expect(e.code).toBe('unreadable');
    expect(e.message).toMatch(/broken near character \d+: the file ends in the middle of a value.*Nothing from it was imported/);
  });

  it('every file bad: one error naming each; nothing yielded', async () => {
    const r = await readRejection([FIX + 'bad-empty.csv', FIX + 'bad-not-bounce-data.json']);
    expect(r.yielded).toBe(0);
    expect(r.err.message).toMatch(/None of the 2 files holds bounce data\. bad-empty\.csv: .* bad-not-bounce-data\.json: /);
  });

  it('a good file next to bad ones: the bad ones become warnings, the good one is read', async () => {
    const { got, warnings } = await readAll([FIX + 'postmark-bounces.json', FIX + 'bad-no-email-column.csv', FIX + 'bad-truncated-events.json']);
    expect(got).toHaveLength(6);
    const skipped = warnings.filter((w) => w.skippedFile).map((w) => w.path);
    expect(skipped).toEqual([FIX + 'bad-no-email-column.csv', FIX + 'bad-truncated-events.json']);
  });

  it('a big log that breaks after records were handed out throws (the caller rolls back)', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => JSON.stringify({ email: `u${i}@example.com`, timestamp: 1738573200 + i, event: 'bounce', type: 'bounce', reason: '550 5.1.1 user unknown', status: '5.1.1', sg_event_id: `e${i}` }));
    const path = join(tmp, 'cut-log.json');
    writeFileSync(path, `[${lines.join(',\n')},\n{"email":"x@exa`);
    const r = await readRejection([path]);
    expect(r.yielded).toBeGreaterThan(0);
    expect(r.err.code).toBe('unreadable');
    expect(r.err.message).toMatch(/ends in the middle of a value/);
  });
});

describe('folders, mail and mixed providers', () => {
  it('expands a folder recursively: each export with its own provider, loose messages to MAIL, dotfiles skipped', async () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(join(dir, 'returned mail'), { recursive: true });
    mkdirSync(join(dir, '.git'), { recursive: true });
    copyFileSync(FIX + 'postmark-bounces.json', join(dir, 'postmark.json'));
    copyFileSync(FIX + 'sendgrid-events.json', join(dir, 'sendgrid.json'));
    copyFileSync(FIX + 'mailchimp-cleaned_members_export_2c9f1a.csv', join(dir, 'cleaned.csv'));
    copyFileSync(FIX + 'bad-not-bounce-data.json', join(dir, 'products.json'));
    copyFileSync(MAIL + 'lhost-exim-01.eml', join(dir, 'returned mail', 'one.eml'));
    // No extension: recognised as mail by its content.
    copyFileSync(MAIL + 'arf-01.eml', join(dir, 'returned mail', 'complaint'));
    writeFileSync(join(dir, '.DS_Store'), 'junk');
    writeFileSync(join(dir, '.git', 'config'), '[core]');

    const previews = await previewBounces([dir]);
    expect(previews.map((p) => [p.name, p.kind, p.provider])).toEqual([
      ['mixed', 'mail', 'mail'],
      ['cleaned.csv', 'spreadsheet', 'mailchimp'],
      ['postmark.json', 'json', 'postmark'],
      ['products.json', 'json', 'none'],
      ['sendgrid.json', 'json', 'sendgrid'],
    ]);
    expect(previews[0]!.description).toBe('Bounce messages: 2 files');
    expect(previews[3]!.warnings[0]).toMatch(/not bounce data/);

    const { got, warnings } = await readAll([dir]);
    const byFile = new Map<string, Set<string>>();
    for (const s of got) (byFile.get(s.path) ?? byFile.set(s.path, new Set()).get(s.path)!).add(s.record.provider);
    expect([...byFile.get(join(dir, 'postmark.json'))!]).toEqual(['postmark']);
    expect([...byFile.get(join(dir, 'sendgrid.json'))!]).toEqual(['sendgrid']);
    expect([...byFile.get(join(dir, 'cleaned.csv'))!]).toEqual(['mailchimp']);
    const mail = got.filter((s) => s.path.includes('returned mail'));
    // Routed to MAIL (its accuracy is tested there): an MTA/ARF provider, never a spreadsheet one.
    expect(mail.map((s) => s.path).sort()).toEqual([join(dir, 'returned mail', 'complaint'), join(dir, 'returned mail', 'one.eml')]);
    expect(mail.find((s) => s.path.endsWith('complaint'))!.record).toMatchObject({ verdict: 'complaint', reason: 'feedback' });
    for (const s of mail) expect(['generic', 'mailchimp', 'postmark', 'sendgrid']).not.toContain(s.record.provider);
    expect(warnings.filter((w) => w.skippedFile).map((w) => w.path)).toEqual([join(dir, 'products.json')]);
    expect(got.some((s) => s.path.includes('.git') || s.path.includes('.DS_Store'))).toBe(false);
  });

  it('groups a folder\'s .eml files by their name, one holding an mbox (envelope line first) too', async () => {
    const dir = join(tmp, 'eml-named');
    mkdirSync(dir, { recursive: true });
    copyFileSync(MAIL + 'lhost-exim-01.eml', join(dir, 'a.eml'));
    // As many saved bounces are: an mbox envelope line before the headers.
    writeFileSync(join(dir, 'b.eml'), `From MAILER-DAEMON Thu Apr 29 23:34:45 2010\n${readFileSync(MAIL + 'arf-01.eml', 'latin1')}`, 'latin1');
    writeFileSync(join(dir, 'empty.eml'), '');
    const previews = await previewBounces([dir]);
    // One group of two messages: b.eml is not an mbox entry of its own; the empty file is set aside.
    expect(previews.map((p) => [p.name, p.kind, p.records])).toEqual([['eml-named', 'mail', 2], ['empty.eml', 'spreadsheet', 0]]);
    const { got } = await readAll([dir]);
    expect(got.map((s) => [basename(s.path), s.record.sourceIndex, s.record.verdict])).toContainEqual(['b.eml', 1, 'complaint']);
  });

  it('reads a maildir and an mbox through MAIL', async () => {
    const md = join(tmp, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(join(md, sub), { recursive: true });
    copyFileSync(MAIL + 'arf-01.eml', join(md, 'new', '1700000000.M1P1.host'));
    copyFileSync(MAIL + 'rfc3834-01.eml', join(md, 'cur', '1700000001.M2P1.host:2,S'));
    const [p] = await previewBounces([md]);
    expect(p).toMatchObject({ kind: 'maildir', description: 'Bounce messages (maildir): 2 messages', records: 2 });
    const { got } = await readAll([md]);
    expect(got.map((s) => s.record.verdict).sort()).toEqual(['auto-reply', 'complaint']);
    expect(got.every((s) => s.path.startsWith(md))).toBe(true);

    const mbox = join(tmp, 'bounces.mbox');
    const msg = (f: string) => `From MAILER-DAEMON Thu Jan  1 00:00:00 2025\n${readFileSync(MAIL + f, 'latin1').replace(/\r\n/g, '\n').replace(/^From /gm, '>From ')}\n`;
    writeFileSync(mbox, msg('rfc3834-01.eml') + msg('arf-01.eml'), 'latin1');
    const [m] = await previewBounces([mbox]);
    expect(m).toMatchObject({ kind: 'mbox', provider: 'mail', records: 2, description: 'Bounce messages (mbox): 2 messages' });
    const r = await readAll([mbox]);
    expect(r.got.map((s) => [s.record.reason, s.record.sourceIndex]).sort()).toEqual([['feedback', 2], ['vacation', 1]]);
  });

  it('reads one NDJSON log mixing two providers, record by record, and says so', async () => {
    const path = join(tmp, 'mixed.ndjson');
    const sg = JSON.parse(readFileSync(FIX + 'sendgrid-events.json', 'utf8')) as unknown[];
    const mg = JSON.parse(readFileSync(FIX + 'mailgun-events.json', 'utf8')) as { items: unknown[] };
    writeFileSync(path, [...sg, mg.items[0]].map((x) => JSON.stringify(x)).join('\n'));
    const { got, warnings } = await readAll([path]);
    expect(got.map((s) => s.record.provider)).toEqual(['sendgrid', 'sendgrid', 'sendgrid', 'sendgrid', 'sendgrid', 'sendgrid', 'mailgun']);
    expect(got[6]!.record).toMatchObject({ email: 'ghost@example.com', verdict: 'hard', reason: 'userunknown' });
    expect(warnings.map((w) => w.message).join(' ')).toMatch(/1 record in Mailgun's format/);
  });
});

describe('streaming', () => {
  it('hands out the first batches of a big NDJSON log before reading it all', async () => {
    const path = join(tmp, 'big.ndjson');
    const n = 60_000;
    const parts: string[] = [];
    for (let i = 0; i < n; i++) {
      parts.push(JSON.stringify(i % 3 === 0
        ? { email: `u${i}@example.com`, timestamp: 1738573200 + i, event: 'bounce', type: 'bounce', reason: '550 5.1.1 user unknown', status: '5.1.1', sg_event_id: `e${i}`, sg_message_id: `m${i}` }
        : { email: `u${i}@example.com`, timestamp: 1738573200 + i, event: 'delivered', response: '250 OK', sg_event_id: `e${i}`, sg_message_id: `m${i}` }));
    }
    writeFileSync(path, parts.join('\n') + '\n');
    let progressAtFirst: { done: number; total: number } | null = null;
    let last = { done: 0, total: 0 };
    let count = 0;
    for await (const b of readBounces([path], { onProgress: (p) => { last = p; } })) {
      if (!progressAtFirst) progressAtFirst = { ...last };
      count += b.length;
    }
    expect(count).toBe(n / 3);
    expect(progressAtFirst!.done).toBeLessThan(progressAtFirst!.total);
    expect(last.done).toBe(last.total);
  });

  it('streams the elements of a big JSON page ({"items": [...]}) the same way', async () => {
    const path = join(tmp, 'big-page.json');
    const items = Array.from({ length: 30_000 }, (_, i) => ({ address: `b${i}@example.com`, code: '550', error: '550 5.1.1 No such user', created_at: 'Mon, 06 May 2024 18:11:58 UTC' }));
    writeFileSync(path, JSON.stringify({ items, paging: { next: 'https://api.mailgun.net/v3/x/bounces?page=next' } }, null, 1));
    let progressAtFirst: { done: number; total: number } | null = null;
    let last = { done: 0, total: 0 };
    let count = 0;
    for await (const b of readBounces([path], { onProgress: (p) => { last = p; } })) {
      if (!progressAtFirst) progressAtFirst = { ...last };
      count += b.length;
      expect(b[0]!.record.provider).toBe('mailgun');
    }
    expect(count).toBe(30_000);
    expect(progressAtFirst!.done).toBeLessThan(progressAtFirst!.total);
  });

  it('stops with AppError(cancelled) when the signal fires', async () => {
    const ac = new AbortController();
    let thrown: unknown;
    try {
      for await (const _ of readBounces([join(tmp, 'big.ndjson')], { signal: ac.signal })) ac.abort();
    } catch (e) { thrown = e; }
    expect((thrown as AppError).code).toBe('cancelled');
  });
});

describe('ZIP archives', () => {
  it("reads Mailchimp's audience export ZIP: cleaned and unsubscribed files, the subscribed one set aside", async () => {
    const zip = FIX + 'mailchimp-audience-export.zip';
    const { readdirSync } = await import('node:fs');
    const temps = () => readdirSync(tmpdir()).filter((n) => n.startsWith('listsweep-zip-')).length;
    const before = temps();
    const previews = await previewBounces([zip]);
    expect(previews.map((p) => [p.path, p.provider, p.records])).toEqual([
      [join(zip, 'cleaned_members_export_2c9f1a.csv'), 'mailchimp', 2],
      [join(zip, 'subscribed_members_export_2c9f1a.csv'), 'none', 0],
      [join(zip, 'unsubscribed_members_export_2c9f1a.csv'), 'mailchimp', 3],
    ]);
    expect(previews[1]!.description).toMatch(/^Not usable: .*a contact list, not bounce data/);
    const { got, warnings } = await readAll([zip]);
    expect(got.map((s) => [s.path.slice(zip.length + 1), s.record.email, s.record.verdict])).toEqual([
      ['cleaned_members_export_2c9f1a.csv', 'old.address@example.com', 'hard'],
      ['cleaned_members_export_2c9f1a.csv', 'gone@example.org', 'hard'],
      ['unsubscribed_members_export_2c9f1a.csv', 'bye@example.com', 'complaint'],
      ['unsubscribed_members_export_2c9f1a.csv', 'admin-removed@example.com', 'complaint'],
      ['unsubscribed_members_export_2c9f1a.csv', 'spam-says@example.com', 'complaint'],
    ]);
    expect(warnings.filter((w) => w.skippedFile).map((w) => w.path)).toEqual([join(zip, 'subscribed_members_export_2c9f1a.csv')]);
    expect(temps()).toBe(before);
  });
});
