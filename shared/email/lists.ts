/**
 * Reviewed data for hygiene: role-account prefixes, mail providers that typo suggestions may
 * point to, domains that are never "corrected", and the root zone's top-level domains.
 * Pure data, no Node APIs (the renderer and the job worker bundle it as it is).
 */
import roleList from 'role-based-email-addresses';
// A JSON module: ESM needs the attribute, and the bundlers and tsx read it too.
import ianaTlds from 'tlds/index.json' with { type: 'json' };
import punycode from 'punycode/punycode.js';

/**
 * Role prefixes we flag. The package lists 1,018 words, many too broad to flag on their own
 * (brand, campaign, work, web…); this is the reviewed subset, kept only where the package
 * also lists the word so the provenance stays with the maintained list.
 */
const REVIEWED_ROLES = [
  'info', 'sales', 'support', 'admin', 'administrator', 'contact', 'billing', 'office', 'hello', 'marketing',
  'noreply', 'no-reply', 'donotreply', 'do-not-reply', 'webmaster', 'hr', 'jobs', 'careers', 'career', 'postmaster',
  'hostmaster', 'abuse', 'security', 'help', 'helpdesk', 'service', 'services', 'customerservice', 'customercare',
  'team', 'enquiries', 'enquiry', 'inquiries', 'inquiry', 'accounts', 'accounting', 'finance', 'invoice', 'invoices',
  'press', 'media', 'newsletter', 'orders', 'order', 'shop', 'store', 'booking', 'bookings', 'reservations',
  'reception', 'recruitment', 'recruiting', 'legal', 'privacy', 'compliance', 'root', 'sysadmin', 'noc', 'partners',
  'feedback', 'mailer-daemon', 'nobody', 'subscribe', 'unsubscribe', 'hola', 'kontakt', 'contacto', 'contato',
  'verkauf', 'purchasing', 'procurement', 'payroll', 'payments', 'staff', 'everyone', 'marketing-team', 'salesteam',
  'supportteam', 'techsupport', 'customersupport', 'mail', 'email', 'webadmin', 'zentrale', 'bestellung', 'rechnung',
];

const PACKAGE_ROLES = new Set<string>(roleList as unknown as string[]);
export const ROLE_PREFIXES: ReadonlySet<string> = new Set(REVIEWED_ROLES.filter((r) => PACKAGE_ROLES.has(r)));
/** Same prefixes with separators removed, so "no.reply" and "no_reply" match "noreply". */
export const ROLE_PREFIXES_BARE: ReadonlySet<string> = new Set([...ROLE_PREFIXES].map((r) => r.replace(/[._-]/g, '')));

/** Big consumer mail providers: the only domains a typo suggestion may point to. */
export const TYPO_TARGETS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'ymail.com', 'hotmail.com', 'outlook.com', 'live.com', 'msn.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net',
  'protonmail.com', 'proton.me', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 't-online.de', 'yahoo.co.uk',
  'hotmail.co.uk', 'btinternet.com', 'yahoo.fr', 'hotmail.fr', 'orange.fr', 'wanadoo.fr', 'yahoo.de',
  'hotmail.de', 'mail.ru', 'yandex.ru', 'zoho.com', 'fastmail.com',
]);

/**
 * Real domains that must never be "corrected" even though they sit close to a provider above
 * (regional variants, other providers). Typo suggestions skip any domain listed here.
 */
export const KNOWN_GOOD: ReadonlySet<string> = new Set([
  ...TYPO_TARGETS,
  'hotmail.es', 'hotmail.it', 'hotmail.nl', 'hotmail.be', 'hotmail.ca', 'hotmail.com.br', 'hotmail.com.ar', 'hotmail.co.jp',
  'live.co.uk', 'live.fr', 'live.de', 'live.nl', 'live.it', 'live.ca', 'live.com.au', 'outlook.fr', 'outlook.de', 'outlook.es', 'outlook.it',
  'yahoo.es', 'yahoo.it', 'yahoo.ca', 'yahoo.co.in', 'yahoo.co.jp', 'yahoo.com.br', 'yahoo.com.ar', 'yahoo.com.mx', 'yahoo.com.au',
  'yahoo.co.id', 'yahoo.in', 'yahoo.gr', 'yahoo.se', 'yahoo.dk', 'yahoo.no', 'yahoo.ie', 'yahoo.com.sg', 'yahoo.com.hk', 'yahoo.com.tw',
  'gmx.at', 'gmx.ch', 'gmx.fr', 'gmx.us', 'mail.com', 'email.com', 'inbox.com', 'aim.com', 'hey.com', 'pm.me', 'tutanota.com', 'tuta.io',
  'icloud.de', 'free.fr', 'laposte.net', 'sfr.fr', 'neuf.fr', 'terra.com.br', 'uol.com.br', 'bol.com.br', 'ig.com.br',
  'libero.it', 'virgilio.it', 'tiscali.it', 'alice.it', 'wp.pl', 'o2.pl', 'onet.pl', 'interia.pl', 'seznam.cz', 'centrum.cz',
  'qq.com', '163.com', '126.com', 'sina.com', 'sohu.com', 'yeah.net', 'aliyun.com', 'foxmail.com',
  'naver.com', 'daum.net', 'hanmail.net', 'nate.com', 'docomo.ne.jp', 'ezweb.ne.jp', 'softbank.ne.jp', 'i.softbank.jp',
  'yandex.com', 'yandex.ua', 'ya.ru', 'mail.ua', 'rambler.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'ukr.net',
  'rediffmail.com', 'sify.com', 'bigpond.com', 'optusnet.com.au', 'xtra.co.nz', 'shaw.ca', 'rogers.com', 'sympatico.ca', 'telus.net',
  'cox.net', 'charter.net', 'earthlink.net', 'optonline.net', 'bellsouth.net', 'frontier.com', 'windstream.net', 'juno.com',
  'sky.com', 'virginmedia.com', 'ntlworld.com', 'talktalk.net', 'blueyonder.co.uk', 'freenet.de', 'arcor.de', 'posteo.de', 'mailbox.org',
  'bluewin.ch', 'hispeed.ch', 'telenet.be', 'skynet.be', 'ziggo.nl', 'kpnmail.nl', 'home.nl', 'planet.nl', 'online.no', 'telia.com',
  'mail.ee', 'abv.bg', 'zoho.eu', 'titan.email', 'rocketmail.com', 'mailw.com', 'example.com', 'example.org', 'example.net',
]);

/** RFC 6761/7686 special-use names and .local: no mail is delivered there. */
export const SPECIAL_USE_TLDS: ReadonlySet<string> = new Set(['test', 'local', 'invalid', 'localhost', 'onion', 'arpa', 'example', 'internal', 'lan', 'home', 'corp', 'localdomain']);

/**
 * IANA's root zone, in the A-label form that the URL parser gives (`рф` as `xn--p1ai`), from the
 * maintained `tlds` package (1,438 TLDs in 1.261.0, recent ones such as .music and .kids included);
 * bundled, so no network. Updating the package is how a new TLD becomes valid.
 */
export const TLDS: ReadonlySet<string> = new Set(ianaTlds.map((t) => (/^[a-z0-9-]+$/.test(t) ? t : punycode.toASCII(t))));

/**
 * Where a mistyped top-level domain most likely meant to go, most used first: the generic
 * names, then the country domains of the markets whose lists this app sees most. A typo is
 * only ever corrected to one of these, so a rare real TLD one key away is never proposed.
 */
export const COMMON_TLDS: readonly string[] = [
  'com', 'net', 'org', 'de', 'uk', 'fr', 'it', 'es', 'nl', 'ru', 'br', 'au', 'ca', 'jp', 'in', 'ch', 'se', 'pl', 'be', 'at',
  'dk', 'no', 'fi', 'cz', 'pt', 'ie', 'nz', 'mx', 'ar', 'cn', 'us', 'edu', 'gov', 'info', 'biz', 'io', 'co', 'eu', 'me',
];
