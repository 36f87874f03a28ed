/**
 * A sample contact list and the bounce report of a year of campaigns sent to it, with the ground
 * truth of both: contacts.csv, bounces.csv, truth.json in one folder. Deterministic (same
 * arguments, same bytes), streaming (rows go to disk in ~1 MiB writes) and plain Node, so the
 * tests, the benches and the app's "try it with a sample" share it. Memory grows with the
 * bounced addresses (a few % of the list) and a seen-filter capped at 16 MiB, not with rows:
 * 1,000,000 contacts take ~4 s of CPU at ~145 MB peak (most of it Node itself).
 *
 * The list is messy the way exported lists are: the same person twice with another case or stray
 * spaces, addresses a human mistyped (two @, a comma for a dot, a missing domain, a name where
 * the address should be), freemail domains with a typo, role and throwaway addresses,
 * "Name <address>" cells, names in many scripts, companies and tags holding commas, quotes and
 * line breaks, phone numbers and dates in several formats. The bounces are the diagnostics real
 * MTAs write (Postfix, Exim, Gmail, Microsoft, Yahoo…), multi-line some of them, each with the
 * reason and verdict an expert gives it in the Sisimai vocabulary the app uses.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Reason, Verdict } from '../../../shared/reasons.js';

export interface SampleOptions {
  /** Data rows in contacts.csv. */
  contacts: number;
  /** Rows in bounces.csv (default: 5% of contacts). */
  bounces?: number;
  seed?: string | number;
  /** Folder to write into; created when missing. */
  out: string;
  /** Start contacts.csv with a UTF-8 BOM, as Excel's "CSV UTF-8" does. */
  bom?: boolean;
}

/** What the lists hold, by construction. */
export interface SampleCounts {
  rows: number;
  /** Rows whose address is not usable; never duplicated. */
  invalid: number;
  /** Rows whose address (trimmed, lower-cased, unwrapped) equals an earlier row's. */
  duplicates: number;
  /** Distinct rows whose freemail domain is mistyped (a correction should be offered). */
  typos: number;
  /** Distinct rows with a role address (info@, sales@…). */
  roleAccounts: number;
  /** Distinct rows at a throwaway-mailbox domain. */
  disposable: number;
  /** Rows written as `Name <address>`: valid, the address is inside. */
  wrapped: number;
  /** Records holding a line break inside a quoted field (so `wc -l` exceeds rows + 1). */
  embeddedNewlines: number;
  bouncedAddresses: number;
  hard: number;
  soft: number;
  autoReply: number;
  bounceRows: number;
}

export interface BouncedTruth {
  verdict: Verdict;
  reason: Reason;
  /** Rows in bounces.csv, one per campaign it bounced in (consecutive campaigns). */
  rows: number;
}

export interface SampleTruth {
  generator: string;
  args: { contacts: number; bounces: number; seed: string; bom: boolean };
  counts: SampleCounts;
  byReason: Partial<Record<Reason, { verdict: Verdict; addresses: number; rows: number }>>;
  invalidKinds: Record<string, number>;
  typoDomains: Record<string, number>;
  /** Per bounced address (lower-case), one entry per line of truth.json. */
  bounced: Record<string, BouncedTruth>;
}

export const CONTACTS_HEADER = ['Email Address', 'First Name', 'Last Name', 'Company', 'Phone', 'Tags', 'Signup Date'] as const;
export const BOUNCES_HEADER = ['email', 'bounced_at', 'smtp_code', 'enhanced_status', 'diagnostic', 'campaign'] as const;

// ------------------------------------------------------------------ randomness
/** xoshiro128** seeded through splitmix32 from a string hash: fast, 32-bit, reproducible everywhere. */
class Random {
  private s = new Uint32Array(4);
  constructor(seed: string) {
    let h = 0x811c9dc5;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    for (let i = 0; i < 4; i++) {
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
    }
  }
  /** Uniform in [0, 1). */
  next(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = s[1]! << 9;
    s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
  chance(p: number): boolean { return this.next() < p; }
  digits(pattern: string): string {
    let out = '';
    for (let i = 0; i < pattern.length; i++) out += pattern[i] === '#' ? String.fromCharCode(48 + this.int(10)) : pattern[i];
    return out;
  }
}
function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

/** Draws from [value, weight] pairs. */
function weighted<T>(rnd: Random, pairs: readonly (readonly [T, number])[]): () => T {
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of pairs) cum.push((total += w));
  return () => {
    const r = rnd.next() * total;
    let i = 0;
    while (cum[i]! <= r) i++;
    return pairs[i]![0];
  };
}

/**
 * "Have I used this address?" in a fixed bit array with three probes. A false "yes" only makes the
 * generator choose another address, so the truth stays exact; 20 bits per row keeps that rare.
 * The array stops growing at 16 MiB: past ~7 million rows false "yes"es get commoner and more
 * addresses get a number, but memory stays flat.
 */
class SeenFilter {
  private bits: Uint32Array;
  private mask: number;
  constructor(expected: number) {
    const size = 2 ** Math.min(27, Math.max(16, Math.ceil(Math.log2(Math.max(1, expected) * 20))));
    this.bits = new Uint32Array(size / 32);
    this.mask = size - 1;
  }
  /** True when s was surely unseen (and now is seen). */
  claim(s: string): boolean {
    let a = 0x811c9dc5, b = 0x27d4eb2f;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x165667b1) ^ (b >>> 15);
    }
    b |= 1;
    let fresh = false;
    for (let k = 0; k < 3; k++) {
      const bit = (a + Math.imul(k, b)) & this.mask;
      const w = bit >>> 5, m = 1 << (bit & 31);
      if (!(this.bits[w]! & m)) { fresh = true; this.bits[w]! |= m; }
    }
    return fresh;
  }
}

/**
 * Buffered, synchronous file output: the generator is CPU-bound, one write per MiB. Rows are
 * encoded straight into one reused buffer (a growing string would be a rope for the GC to chase).
 */
class Out {
  private fd: number;
  private buf = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  constructor(path: string) { this.fd = openSync(path, 'w'); }
  write(s: string): void {
    if (this.pos + s.length * 3 > this.buf.length) this.flush();
    if (s.length * 3 > this.buf.length) writeSync(this.fd, s);
    else this.pos += this.buf.write(s, this.pos);
  }
  private flush(): void {
    if (this.pos) writeSync(this.fd, this.buf, 0, this.pos);
    this.pos = 0;
  }
  close(): void { this.flush(); closeSync(this.fd); }
}

/** RFC 4180 field: quoted only when it must be. */
function csv(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ------------------------------------------------------------------ people and companies
interface Name { shown: string; ascii: string }
/** "Shown" or "Shown:ascii" words; "+" joins a two-word name. ascii defaults to the folded letters. */
function names(spec: string): Name[] {
  return spec.split(' ').map((w) => {
    const [shown, ascii] = w.split(':') as [string, string | undefined];
    const s = shown.replace(/\+/g, ' ');
    const a = ascii ?? s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
    if (!a) throw new Error(`sample: no ascii spelling for ${s}`);
    return { shown: s, ascii: a };
  });
}

interface Region { given: Name[]; family: Name[]; domains: string[] }
const REGIONS: readonly (readonly [Region, number])[] = ([
  [46, 'Olivia Liam Emma Noah Ava Ethan Mia Lucas Amelia Mason Harper Logan Ella Jacob Abigail Henry Zoe Owen Lily Caleb Nora Isaac Leah Dylan Hazel Wyatt Aria Nathan Claire Ryan Stella Aaron Violet Adam Ruby Grant Ivy Sean Jade Kyle Faith Troy Dawn Mary+Beth',
    "Carter Bennett Foster Hughes Price Russell Griffin Hayes Myers Ford Graham Sullivan Wallace West Cole Jordan Reynolds Fisher Ellis Harrison Gibson Marshall Owens Porter Ross Murray Palmer Stone Warren Dixon Burke Hunt Black Shaw Lane Mills Rice Grant O'Neill O'Hara McKenzie MacLeod", 'btinternet.com sky.com'],
  [12, 'Alejandro Lucía Mateo Valeria Santiago Ximena Diego Renata Nicolás Daniela Joaquín Paula Tomás Gabriela Álvaro Mónica Íñigo Pilar Gonçalo Beatriz',
    'Ruiz Navarro Moreno Romero Vargas Castillo Jiménez Ortega Delgado Rubio Márquez Iglesias Peña Cabrera Fernandes Carvalho Gonçalves Sousa Mendoza Núñez de+la+Vega', 'terra.com.br hotmail.es'],
  [6, 'Étienne Margaux Aurélien Élodie Baptiste Maëlle Clément Solène Loïc Océane Gaëtan Inès',
    'Lambert Mercier Faure Blanc Guérin Boyer Chevalier Perrin Lévêque Brunet Deschênes', 'laposte.net orange.fr'],
  [7, 'Friedrich Käthe Matthias Jörn Henrik Ingrid Elias Frauke Torsten Hannelore Ørjan:orjan Åke:ake Þórunn:thorunn',
    'Krüger Zimmermann Wagner Köhler Braun Schulz Hartmann Strauß:strauss Lindgren Sørensen:sorensen Ødegård:odegard Þórsson:thorsson von+Arnim', 't-online.de gmx.net'],
  [4, 'Paweł:pawel Zofia Krzysztof Joanna Ondřej Barbora Vojtěch Markéta Žofie',
    'Lewandowski Zieliński Szymańska Woźniak:wozniak Procházka Kučera Veselý Horáková Źródło:zrodlo', 'onet.pl centrum.cz'],
  [6, '浩然:haoran 子涵:zihan 宇轩:yuxuan 欣怡:xinyi 俊杰:junjie 雨桐:yutong 志强:zhiqiang 丽华:lihua',
    '孙:sun 马:ma 朱:zhu 胡:hu 郭:guo 何:he 高:gao 林:lin 罗:luo', '126.com sina.com'],
  [5, '悠真:yuma 葵:aoi 湊:minato 凛:rin 陽翔:haruto 芽依:mei 蒼:sou 紬:tsumugi',
    '小林:kobayashi 加藤:kato 吉田:yoshida 山田:yamada 佐々木:sasaki 松本:matsumoto 井上:inoue 木村:kimura', 'ezweb.ne.jp nifty.com'],
  [3, '서준:seojun 지우:jiwoo 예준:yejun 수아:sua 시우:siwoo 하린:harin',
    '윤:yoon 장:jang 임:lim 한:han 오:oh 신:shin', 'hanmail.net'],
  [2, 'Bảo:bao Quân:quan Ngọc:ngoc Tuấn:tuan Hương:huong',
    'Vũ:vu Đặng:dang Bùi:bui Đỗ:do Hồ:ho', ''],
  [2, 'Алексей:aleksey Мария:maria Никита:nikita Елена:elena Павел:pavel Татьяна:tatyana',
    'Волков:volkov Морозова:morozova Лебедев:lebedev Козлова:kozlova Новиков:novikov', 'rambler.ru bk.ru'],
  [2, 'يوسف:youssef مريم:maryam عمر:omar ليلى:layla', 'الخطيب:alkhatib المصري:almasri الزين:alzein', ''],
  [1, 'דניאל:daniel נועה:noa איתי:itai', 'כהן:cohen לוי:levi', 'walla.co.il'],
  [4, 'Arjun Kavya Ishaan Meera Aditya Riya Karthik', 'Nair Menon Joshi Kapoor Verma Rao Desai', 'rediffmail.com'],
] as const).map(([w, given, family, domains]) => [{ given: names(given), family: names(family), domains: domains ? domains.split(' ') : [] }, w] as const);

const FREEMAIL: readonly (readonly [string, number])[] = [['gmail.com', 32], ['yahoo.com', 8], ['hotmail.com', 7], ['outlook.com', 7],
  ['icloud.com', 5], ['aol.com', 2], ['proton.me', 1], ['live.com', 1], ['me.com', 1], ['comcast.net', 1], ['yahoo.co.uk', 1]];
/** Mistypes people really make of the big freemail domains, in the name only: a mistyped TLD (gmail.con) is a TLD that
 * does not exist, so the checker counts it invalid rather than a typo. */
const MISTYPED: Record<string, readonly string[]> = {
  'gmail.com': ['gmial.com', 'gmai.com', 'gmaill.com', 'gamil.com', 'gnail.com'],
  'yahoo.com': ['yahooo.com', 'yaho.com', 'yahoo.cm'],
  'hotmail.com': ['hotmial.com', 'hotmai.com', 'hotmal.com'],
  'outlook.com': ['outlok.com', 'outloo.com'],
  'icloud.com': ['iclould.com', 'icoud.com'],
};
const THROWAWAY = ['mailinator.com', 'guerrillamail.com', '10minutemail.com', 'yopmail.com', 'trashmail.com'];
const ROLES = ['info', 'sales', 'support', 'office', 'contact', 'admin', 'billing', 'marketing', 'hello', 'team', 'enquiries', 'accounts'];

const BRAND_A = 'Bright Copper Harbor North Pine Quarry Riverbend Saffron Tidewater Granite Lantern Meadow Orchard Pebble Redwood Sparrow Thistle Willow Alder Birch Cobalt Driftwood Ember Fern Juniper Kestrel Larkspur Marigold Nettle Osprey Quill Rowan Sable Tamarack Umber Vireo Wren Yarrow Zephyr Bäckerei+Sonnenschein Maison+Élise'.split(' ').map((s) => s.replace(/\+/g, ' '));
const BRAND_B = 'Studio Works Supply Collective Bakery Dental Logistics Analytics Roasters Printing Outfitters Architects Florists Tutoring Legal Veterinary Fitness Catering Optics Plumbing Accounting Gallery Brewery Cycles Travel Realty Robotics Consulting'.split(' ');
const SUFFIX_TLD = ['com', 'com', 'com', 'co', 'io', 'net', 'de', 'fr', 'co.uk', 'com.au', 'ca', 'nl'];
interface Company { name: string; domain: string }
function companies(rnd: Random, familyNames: readonly Name[]): Company[] {
  const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z]/g, '');
  return Array.from({ length: 1500 }, (_, i) => {
    const a = rnd.pick(BRAND_A), b = rnd.pick(BRAND_B), style = rnd.int(12);
    // A number in a few domains keeps 1,500 companies on distinct domains without a lookup.
    const tag = i % 7 === 0 ? String(i) : '';
    if (style === 0) {
      const x = rnd.pick(familyNames), y = rnd.pick(familyNames);
      return { name: `${x.shown}, ${y.shown} & Associates`, domain: `${x.ascii}${y.ascii}${tag}.law` };
    }
    const name = style === 1 ? `${a} ${b}, LLC` : style === 2 ? `"${a}" ${b}` : style === 3 ? `${a} ${b} GmbH` : style === 4 ? `${a} & ${b}` : `${a} ${b}`;
    return { name, domain: `${fold(a)}${style % 2 ? fold(b) : ''}${tag}.${rnd.pick(SUFFIX_TLD)}` };
  });
}

const TAGS = ['newsletter', 'customer', 'prospect', 'vip', 'webinar-2025', 'expo', 'reseller', 'beta tester', 'newsletter, weekly', 'Stammkunde', 'お得意様', 'Q3 "warm" lead'];
const PHONES: readonly (readonly [string, number])[] = [['+1 ###-###-####', 26], ['(###) ###-####', 12], ['###.###.####', 6], ['+44 7### ######', 8],
  ['+49 (0)30 #######', 5], ['+33 6 ## ## ## ##', 5], ['+81 90-####-####', 4], ['+86 139 #### ####', 4], ['+91 98### #####', 3], ['', 27]];

// ------------------------------------------------------------------ bounce diagnostics
/** [reply code, enhanced status, diagnostic]; {e} address, {d} its domain, {ip} {id} {n} {host} {date} filled per row. */
type Template = readonly [string, string, string];
interface Kind { reason: Reason; verdict: Verdict; weight: number; runs: readonly number[]; lagMinutes: number; templates: readonly Template[] }

/** Every kind of bounce the sample holds, with the verdict and reason an expert reads in it. */
export const BOUNCE_KINDS: readonly Kind[] = [
  { reason: 'userunknown', verdict: 'hard', weight: 32, runs: [1, 1, 1, 1, 2], lagMinutes: 20, templates: [
    ['550', '5.1.1', 'smtp; 550 5.1.1 <{e}>: Recipient address rejected: User unknown in local recipient table'],
    ['550', '5.1.1', "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. For more information, go to\n550 5.1.1  https://support.google.com/mail/?p=NoSuchUser {id} - gsmtp"],
    ['550', '5.1.10', 'smtp; 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient {e} not found by SMTP address lookup'],
    ['554', '5.0.0', "smtp; 554 delivery error: dd This user doesn't have a {d} account ({e}) [0] - mta{n}.mail.gq1.yahoo.com"],
    ['550', '', 'smtp; 550 {e}: unknown user: "{e}"'],
  ] },
  { reason: 'hostunknown', verdict: 'hard', weight: 4, runs: [1, 1, 2], lagMinutes: 3, templates: [
    ['', '5.1.2', 'DNS; Host or domain name not found. Name service error for name={d} type=MX: Host not found'],
    ['', '5.4.4', 'smtp; 5.4.4 Unrouteable address: all relevant MX records point to non-existent hosts'],
    ['550', '5.1.2', 'smtp; 550 5.1.2 <{e}>... Host unknown (Name server: {d}: host not found)'],
  ] },
  { reason: 'mailboxfull', verdict: 'soft', weight: 10, runs: [1, 2, 3, 4], lagMinutes: 60, templates: [
    ['452', '4.2.2', 'smtp; 452 4.2.2 <{e}>: Recipient address rejected: Mailbox is full, over quota'],
    ['552', '5.2.2', "smtp; 552-5.2.2 The email account that you tried to reach is over quota and inactive.\n552 5.2.2 Please direct the recipient to https://support.google.com/mail/?p=OverQuotaPerm {id} - gsmtp"],
    ['550', '5.2.2', 'smtp; 550 5.2.2 {e}... Mailbox full'],
  ] },
  { reason: 'blocked', verdict: 'soft', weight: 7, runs: [1, 1, 2], lagMinutes: 5, templates: [
    ['554', '5.7.1', 'smtp; 554 5.7.1 Service unavailable; Client host [{ip}] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/{ip}'],
    ['550', '5.7.1', "smtp; 550 5.7.1 Unfortunately, messages from [{ip}] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [{host}]"],
    ['553', '', 'smtp; 553 sorry, your mail server [{ip}] is listed in b.barracudacentral.org, see http://www.barracudanetworks.com/reputation/?r=1&ip={ip}'],
  ] },
  { reason: 'spamdetected', verdict: 'soft', weight: 6, runs: [1, 1, 2], lagMinutes: 10, templates: [
    ['550', '5.7.1', "smtp; 550-5.7.1 [{ip}] Gmail has detected that this message is likely\n550-5.7.1 unsolicited mail. To reduce the amount of spam sent to Gmail,\n550-5.7.1 this message has been blocked. For more information, go to\n550 5.7.1  https://support.google.com/mail/?p=UnsolicitedMessageError {id} - gsmtp"],
    ['554', '5.7.1', 'smtp; 554 5.7.1 Message rejected because it contains spam, score 9.2 (threshold 5.0)'],
  ] },
  { reason: 'expired', verdict: 'soft', weight: 8, runs: [1, 2, 3], lagMinutes: 5 * 24 * 60, templates: [
    ['', '4.4.7', 'smtp; 4.4.7 Delivery time expired: the message could not be delivered to {d} within 5 days'],
    ['', '4.4.1', 'smtp; 4.4.1 retry timeout exceeded: connect to mx.{d}[{ip}]:25: Connection timed out'],
  ] },
  { reason: 'suspend', verdict: 'soft', weight: 3, runs: [1, 2, 3], lagMinutes: 15, templates: [
    ['550', '5.2.1', "smtp; 550 5.2.1 The email account that you tried to reach is disabled. {id} - gsmtp"],
    ['554', '5.2.1', 'smtp; 554 5.2.1 Mailbox disabled for this recipient - {e}'],
  ] },
  { reason: 'vacation', verdict: 'auto-reply', weight: 10, runs: [1, 2, 3], lagMinutes: 2, templates: [
    ['', '', 'Out of Office: I am out of the office until {date} with limited access to email. For urgent matters, please call the front desk.'],
    ['', '', 'Automatic reply: Thank you for your email. I am on annual leave, returning on {date}.'],
    ['', '', 'Abwesenheitsnotiz: Vielen Dank für Ihre Nachricht. Ich bin bis {date} im Urlaub.'],
    ['', '', '自動応答: 只今休暇中のため、{date}以降に順次返信いたします。'],
  ] },
];

// ------------------------------------------------------------------ the generator
const CAMPAIGNS = 12;
const FIRST_SEND = Date.UTC(2025, 1, 4, 14, 30);
const THEMES = ['February Newsletter', 'Spring Catalogue', 'Webinar: "Getting Started"', 'Customer Survey', 'Easter Offers, 15% off', 'May Newsletter',
  'New Arrivals', 'Summer Sale', 'Event Invitation', 'Product Update', 'We miss you', 'Back to School, Last Chance'];
const SIGNUP_FROM = Date.UTC(2014, 5, 1), SIGNUP_SPAN = Date.UTC(2025, 0, 31) - SIGNUP_FROM;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);

interface Candidate { email: string; spelled: string; company: boolean; typo: boolean }

/** Writes the three files and returns the truth (also written to truth.json). */
export function generateSample(opts: SampleOptions): SampleTruth {
  const rows = opts.contacts;
  if (!Number.isSafeInteger(rows) || rows < 0) throw new Error('contacts must be a whole number ≥ 0');
  const wantBounces = opts.bounces ?? Math.round(rows * 0.05);
  if (!Number.isSafeInteger(wantBounces) || wantBounces < 0) throw new Error('bounces must be a whole number ≥ 0');
  const seed = String(opts.seed ?? 1);
  const rnd = new Random(seed);
  mkdirSync(opts.out, { recursive: true });

  const region = weighted(rnd, REGIONS);
  const freemail = weighted(rnd, FREEMAIL);
  const phone = weighted(rnd, PHONES);
  const cos = companies(rnd, REGIONS[0]![0].family);
  const seen = new SeenFilter(rows * 1.1 + 1000);
  const counts: SampleCounts = { rows, invalid: 0, duplicates: 0, typos: 0, roleAccounts: 0, disposable: 0, wrapped: 0, embeddedNewlines: 0,
    bouncedAddresses: 0, hard: 0, soft: 0, autoReply: 0, bounceRows: 0 };
  const invalidKinds: Record<string, number> = {};
  const typoDomains: Record<string, number> = {};

  const localPart = weighted<(g: string, f: string) => string>(rnd, [
    [(g, f) => `${g}.${f}`, 32], [(g, f) => `${g}${f}`, 10], [(g, f) => `${g[0]}${f}`, 14], [(g, f) => `${g}_${f}`, 5], [(g) => g, 6],
    [(g, f) => `${f}.${g}`, 4], [(g, f) => `${g}.${f}${rnd.int(90) + 10}`, 9], [(g, f) => `${g}${f}${1955 + rnd.int(52)}`, 5],
    [(g, f) => `${g[0]}.${f}`, 7], [(g, f) => `${f}${g[0]}`, 4], [(g, f) => `${g}-${f}`, 2], [(g, f) => `${g}.${f}+news`, 2]]);
  /** The address is new everywhere: like people do, add a number until it is. */
  const fresh = (local: string, domain: string): string => {
    for (let tries = 0; ; tries++) {
      const n = tries === 0 ? '' : String(tries < 3 ? rnd.int(98) + 2 : tries < 6 ? rnd.int(9000) + 1000 : rnd.int(1e9));
      const e = `${local}${n}@${domain}`;
      if (seen.claim(e)) return e;
    }
  };
  /** How a person typed their own address on a sign-up form. */
  const spell = (e: string): string => {
    const r = rnd.next();
    if (r < 0.95) return e;
    const at = e.indexOf('@');
    if (r < 0.985) return e.slice(0, at).replace(/(^|[._-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase()) + e.slice(at);
    return e.toUpperCase();
  };
  /** The same address again from another export: other case, stray spaces. */
  const again = (e: string): string => {
    let s = e;
    const c = rnd.int(5);
    if (c === 0) s = s.toUpperCase();
    else if (c === 1) s = s[0]!.toUpperCase() + s.slice(1);
    else if (c === 2) s = s.slice(0, s.indexOf('@')) + s.slice(s.indexOf('@')).toUpperCase();
    const w = rnd.int(5);
    return w === 0 ? ` ${s}` : w === 1 ? `${s} ` : w === 2 ? `\t${s}  ` : s;
  };
  const INVALID: readonly (readonly [string, (l: string, d: string, g: string, f: string) => string])[] = [
    ['two @', (l, d) => `${l}@@${d}`],
    ['no @', (l, d) => `${l}${d}`],
    ['comma for a dot', (l, d) => `${l}@${d.replace('.', ',')}`],
    ['space inside', (l, d) => `${l.length > 3 ? `${l.slice(0, 3)} ${l.slice(3)}` : `${l} x`}@${d}`],
    ['two dots', (l, d) => `${l}..x@${d}`],
    ['dot before @', (l, d) => `${l}.@${d}`],
    ['no domain', (l) => `${l}@`],
    ['no top-level domain', (l, d) => `${l}@${d.slice(0, d.indexOf('.'))}`],
    ['a name, not an address', (_l, _d, g, f) => `${g} ${f}`],
  ];
  const invalidKind = () => rnd.pick(INVALID);
  const typoTarget = weighted(rnd, [['gmail.com', 6], ['yahoo.com', 2], ['hotmail.com', 2], ['outlook.com', 1], ['icloud.com', 1]]);
  const kindOfRow = weighted(rnd, [['again', 2.2], ['invalid', 1.1], ['typo', 0.6], ['role', 1.2], ['throwaway', 0.3], ['person', 94.6]] as const);

  // Bounce candidates: enough for the rows asked, drawn as the list is written (O(bounced)).
  const meanRows = BOUNCE_KINDS.reduce((s, k) => s + k.weight * (k.runs.reduce((a, b) => a + b, 0) / k.runs.length), 0) / BOUNCE_KINDS.reduce((s, k) => s + k.weight, 0);
  const pCandidate = Math.min(1, (1.25 * wantBounces) / meanRows / Math.max(1, rows * 0.95));
  const candidates: Candidate[] = [];
  // People seen so far, for duplicates: a fixed-size sample, replaced at random.
  const pool: { email: string; given: string; family: string }[] = [];
  const POOL = 8192;

  const contacts = new Out(join(opts.out, 'contacts.csv'));
  contacts.write(`${opts.bom ? '\ufeff' : ''}${CONTACTS_HEADER.join(',')}\r\n`);
  for (let i = 0; i < rows; i++) {
    const reg = region();
    const g = rnd.pick(reg.given), f = rnd.pick(reg.family);
    let given = g.shown, family = f.shown;
    let company: Company | null = rnd.chance(0.4) ? rnd.pick(cos) : null;
    let cell: string;
    let kind = kindOfRow();
    if (kind === 'again' && pool.length === 0) kind = 'person';
    if (kind === 'role') {
      const c = rnd.pick(cos), e = `${rnd.pick(ROLES)}@${c.domain}`;
      if (seen.claim(e)) {
        company = c; cell = spell(e); counts.roleAccounts++;
        if (rnd.chance(0.6)) given = family = '';
        if (rnd.chance(pCandidate)) candidates.push({ email: e, spelled: cell, company: true, typo: false });
      } else kind = 'person';
    }
    if (kind === 'again') {
      const o = rnd.pick(pool);
      cell = again(o.email); given = o.given; family = o.family; counts.duplicates++;
    } else if (kind === 'invalid') {
      const [name, make] = invalidKind();
      cell = make(localPart()(g.ascii, f.ascii), freemail(), given || g.ascii, family || f.ascii);
      // Each invalid cell is distinct, so no invalid row doubles as a duplicate of another.
      if (!seen.claim(cell.toLowerCase())) cell = `${g.ascii}.${f.ascii}.${i}@@${freemail()}`;
      counts.invalid++; invalidKinds[name] = (invalidKinds[name] ?? 0) + 1;
    } else if (kind === 'typo') {
      // Reserve the corrected address too: accepting the correction must never make a duplicate.
      const good = typoTarget(), bad = rnd.pick(MISTYPED[good]!), local = localPart()(g.ascii, f.ascii);
      let e = '';
      for (let n = 0; ; n++) {
        const l = n === 0 ? local : `${local}${n + rnd.int(900)}`;
        if (seen.claim(`${l}@${good}`) && seen.claim(`${l}@${bad}`)) { e = `${l}@${bad}`; break; }
      }
      cell = e; counts.typos++; typoDomains[bad] = (typoDomains[bad] ?? 0) + 1;
      if (rnd.chance(0.5)) candidates.push({ email: e, spelled: e, company: false, typo: true });
    } else if (kind === 'throwaway') {
      cell = fresh(localPart()(g.ascii, f.ascii), rnd.pick(THROWAWAY)); counts.disposable++;
    } else if (kind === 'person') {
      const r = rnd.next();
      const domain = r < 0.3 && company ? company.domain : r < 0.42 && reg.domains.length ? rnd.pick(reg.domains) : freemail();
      if (company && domain !== company.domain && rnd.chance(0.5)) company = null;
      const e = fresh(localPart()(g.ascii, f.ascii), domain);
      cell = spell(e);
      if (given && rnd.chance(0.004)) {
        // Copied from a mail client: the name comes along.
        cell = /[",]/.test(given + family) ? `"${given} ${family}" <${cell}>` : `${given} ${family} <${cell}>`;
        counts.wrapped++;
      } else if (rnd.chance(pCandidate)) candidates.push({ email: e, spelled: cell, company: domain === company?.domain, typo: false });
      const entry = { email: e, given, family };
      if (pool.length < POOL) pool.push(entry);
      else if (rnd.chance(0.25)) pool[rnd.int(POOL)] = entry;
    }

    let org = company?.name ?? '';
    if (org && rnd.chance(0.012)) org += `\n${rnd.pick(['Attn: Purchasing', 'c/o Front Desk', 'Unit 4, Second Floor'])}`;
    const nTags = rnd.chance(0.45) ? 0 : 1 + rnd.int(3);
    const tags: string[] = [];
    for (let t = 0; t < nTags; t++) tags.push(rnd.pick(TAGS));
    const tagCell = tags.join(rnd.chance(0.02) ? '\n' : rnd.chance(0.75) ? ', ' : '|');
    const ms = SIGNUP_FROM + Math.floor(rnd.next() * SIGNUP_SPAN), d = iso(ms), df = rnd.next();
    const signup = df < 0.7 ? d.replace('T', ' ') : df < 0.82 ? `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)}` : df < 0.9 ? `${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}` : df < 0.96 ? `${d}Z` : '';
    if (org.includes('\n') || tagCell.includes('\n')) counts.embeddedNewlines++;
    // Some exporters quote every address; a reader must take the quotes off.
    const emailCell = kind === 'again' && rnd.chance(0.25) ? `"${cell!.replace(/"/g, '""')}"` : csv(cell!);
    contacts.write(`${emailCell},${csv(given)},${csv(family)},${csv(org)},${rnd.digits(phone())},${csv(tagCell)},${signup}\r\n`);
  }
  contacts.close();

  // Which addresses bounce, why, and in which campaigns (a run of consecutive ones).
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = rnd.int(i + 1);
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const kindOf = weighted(rnd, BOUNCE_KINDS.map((k) => [k, k.weight] as const));
  const hostUnknown = BOUNCE_KINDS.find((k) => k.reason === 'hostunknown')!;
  const userUnknown = BOUNCE_KINDS.find((k) => k.reason === 'userunknown')!;
  const bounced: { c: Candidate; kind: Kind; runs: number; first: number }[] = [];
  let total = 0;
  for (const c of candidates) {
    if (total >= wantBounces) break;
    let kind = c.typo ? hostUnknown : kindOf();
    // Only a mistyped domain or a company's (closed) domain stops existing; a freemail one does not.
    if (kind === hostUnknown && !c.typo && !c.company) kind = userUnknown;
    const runs = Math.min(rnd.pick(kind.runs), wantBounces - total);
    bounced.push({ c, kind, runs, first: rnd.int(CAMPAIGNS - runs + 1) });
    total += runs;
  }
  // A short list asked for many rows: longer runs for the addresses that bounce softly.
  for (let i = 0; total < wantBounces && i < bounced.length * CAMPAIGNS; i++) {
    const b = bounced[i % bounced.length]!;
    if (b.kind.verdict !== 'hard' && b.runs < CAMPAIGNS) { b.runs++; b.first = Math.min(b.first, CAMPAIGNS - b.runs); total++; }
  }

  const bounces = new Out(join(opts.out, 'bounces.csv'));
  bounces.write(`${BOUNCES_HEADER.join(',')}\r\n`);
  // Every other Tuesday, not always at the same hour.
  const campaigns = THEMES.map((theme, k) => {
    const at = FIRST_SEND + k * 14 * 86_400_000 + (k % 3) * 3_600_000;
    return { at, name: `${iso(at).slice(0, 10)} ${theme}` };
  });
  const token = () => (rnd.int(2 ** 31).toString(36) + rnd.int(2 ** 31).toString(36)).slice(0, 12);
  for (let k = 0; k < CAMPAIGNS; k++) {
    for (const b of bounced) {
      if (k < b.first || k >= b.first + b.runs) continue;
      const [code, status, text] = rnd.pick(b.kind.templates);
      const at = campaigns[k]!.at + Math.floor(rnd.next() * b.kind.lagMinutes * 60_000);
      const fill: Record<string, string> = {
        e: b.c.email, d: b.c.email.slice(b.c.email.indexOf('@') + 1), id: token(), n: String(100 + rnd.int(900)),
        ip: `${rnd.pick(['192.0.2', '198.51.100', '203.0.113'])}.${1 + rnd.int(254)}`,
        host: `${rnd.pick(['AM', 'DB', 'VI', 'HE'])}${1 + rnd.int(8)}EUR0${1 + rnd.int(6)}.prod.outlook.com`,
        date: iso(at + (3 + rnd.int(10)) * 86_400_000).slice(0, 10),
      };
      const diagnostic = text.replace(/\{(\w+)\}/g, (_, key: string) => fill[key] ?? key);
      const email = rnd.chance(0.85) ? b.c.email : b.c.spelled;
      bounces.write(`${csv(email)},${iso(at)}Z,${code},${status},${csv(diagnostic)},${csv(campaigns[k]!.name)}\r\n`);
    }
  }
  bounces.close();

  const byReason: SampleTruth['byReason'] = {};
  const truthLines: string[] = [];
  for (const b of bounced) {
    const r = (byReason[b.kind.reason] ??= { verdict: b.kind.verdict, addresses: 0, rows: 0 });
    r.addresses++; r.rows += b.runs;
    if (b.kind.verdict === 'hard') counts.hard++;
    else if (b.kind.verdict === 'auto-reply') counts.autoReply++;
    else counts.soft++;
  }
  counts.bouncedAddresses = bounced.length;
  counts.bounceRows = total;
  const args = { contacts: rows, bounces: wantBounces, seed, bom: !!opts.bom };
  const truth = new Out(join(opts.out, 'truth.json'));
  truth.write(`{\n"generator": "listsweep sample 1",\n"args": ${JSON.stringify(args)},\n"counts": ${JSON.stringify(counts)},\n`
    + `"byReason": ${JSON.stringify(byReason)},\n"invalidKinds": ${JSON.stringify(invalidKinds)},\n"typoDomains": ${JSON.stringify(typoDomains)},\n"bounced": {`);
  const bouncedTruth: Record<string, BouncedTruth> = {};
  bounced.forEach((b, i) => {
    const t: BouncedTruth = { verdict: b.kind.verdict, reason: b.kind.reason, rows: b.runs };
    bouncedTruth[b.c.email] = t;
    truthLines.push(`${i ? ',' : ''}\n${JSON.stringify(b.c.email)}: ${JSON.stringify(t)}`);
    if (truthLines.length >= 4096) { truth.write(truthLines.join('')); truthLines.length = 0; }
  });
  truth.write(`${truthLines.join('')}\n}\n}\n`);
  truth.close();
  return { generator: 'listsweep sample 1', args, counts, byReason, invalidKinds, typoDomains, bounced: bouncedTruth };
}
