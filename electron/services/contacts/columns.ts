/**
 * Which column holds the addresses, and which known export the header says this is.
 * Header words first (in several languages), then the column whose values look like addresses.
 */

/** Lower-case, strip accents, spaces, dashes, underscores and dots: "E-Mail Address" -> "emailaddress". */
export function headerKey(h: string): string {
  return h.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s\-_.:/()[\]#*]+/g, '');
}

/** Exact header keys, best first. Covers English exports and common localisations. */
const EMAIL_HEADERS = [
  'emailaddress', 'email', 'e-mail', 'mail', 'emailadresse', 'mailaddress', 'email1', 'email1value',
  'primaryemail', 'emailaddress1', 'workemail', 'businessemail', 'personalemail', 'homeemail', 'contactemail', 'useremail',
  'subscriberemail', 'recipient', 'recipientemail', 'address',
  // French, Spanish, Portuguese, Italian, German, Dutch, Nordic, Polish, Czech, Turkish
  'courriel', 'adressecourriel', 'adresseemail', 'adressemail', 'adresseelectronique', 'mel',
  'correo', 'correoelectronico', 'direcciondecorreo', 'direcciondecorreoelectronico', 'email(correo)',
  'enderecodeemail', 'enderecodeemail', 'emaildecontato', 'correioeletronico', 'postaelettronica', 'indirizzoemail',
  'emailadres', 'epost', 'epostadress', 'epostadresse', 'sahkoposti', 'sahkopostiosoite', 'adresemail', 'adrese-mail',
  'emailovaadresa', 'eposta', 'epostaadresi',
  // Russian, Ukrainian, Greek, Japanese, Chinese, Korean, Arabic, Hebrew, Hindi, Vietnamese, Thai
  'электроннаяпочта', 'адресэлектроннойпочты', 'почта', 'емейл', 'эл.почта', 'электроннапошта', 'ηλεκτρονικοταχυδρομειο',
  'メール', 'メールアドレス', 'eメール', 'eメールアドレス', '電子メール', '邮箱', '电子邮件', '电子邮箱', '邮件地址', '電子郵件', '電郵',
  '이메일', '이메일주소', '전자우편', 'البريدالإلكتروني', 'بريدإلكتروني', 'דואראלקטרוני', 'דוא"ל', 'ईमेल', 'thudientu', 'อีเมล',
].map(headerKey);

const EMAIL_SUBSTRINGS = ['email', 'e-mail', 'mail', 'courriel', 'correo', 'eposta', 'почт', 'メール', '邮箱', '郵件', '이메일', 'بريد'].map(headerKey);
/** Headers mentioning email that are not the address itself. */
const NOT_ADDRESS = /(type|label|status|consent|optin|opt_in|marketing|bounce|suppress|format|domain|verified|count|date|time|sent|open|click|subscribe|permission|display|reason|campaign|preference)/i;

export const ADDRESS_LIKE = /^\s*(?:mailto:)?(?:[^<>@\s]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?\s*$/i;

export interface KnownExport {
  readonly name: string;
  /** Header key of the email column this export uses. */
  readonly email: string;
  readonly first?: string;
  readonly last?: string;
  readonly full?: string;
}

interface Rule extends KnownExport {
  readonly test: (keys: Set<string>) => boolean;
}

const RULES: Rule[] = [
  {
    name: 'Mailchimp audience', email: 'emailaddress', first: 'firstname', last: 'lastname',
    test: (k) => k.has('emailaddress') && ['memberrating', 'optintime', 'leid', 'euid', 'confirmtime', 'cleantime', 'unsubtime'].some((x) => k.has(x)),
  },
  {
    name: 'Google Contacts', email: 'email1value', first: 'firstname', last: 'lastname',
    test: (k) => k.has('email1value') && (k.has('firstname') || k.has('givenname')) && (k.has('labels') || k.has('email1label') || k.has('email1type') || k.has('groupmembership')),
  },
  {
    name: 'Outlook contacts', email: 'emailaddress', first: 'firstname', last: 'lastname',
    test: (k) => k.has('emailaddress') && k.has('email2address') && k.has('firstname'),
  },
  {
    name: 'LinkedIn connections', email: 'emailaddress', first: 'firstname', last: 'lastname',
    test: (k) => k.has('emailaddress') && k.has('connectedon') && k.has('url'),
  },
  {
    name: 'HubSpot contacts', email: 'email', first: 'firstname', last: 'lastname',
    test: (k) => k.has('email') && k.has('recordid') && (k.has('contactowner') || k.has('createdate') || k.has('marketingcontactstatus') || k.has('leadstatus') || k.has('lastactivitydate')),
  },
  {
    name: 'Klaviyo profiles', email: 'email', first: 'firstname', last: 'lastname',
    test: (k) => k.has('email') && (k.has('klaviyoid') || k.has('emailmarketingconsent') || k.has('emailsuppressions')),
  },
];

export function recognizeExport(headers: readonly string[]): (KnownExport & { emailColumn: number; firstColumn: number | null; lastColumn: number | null }) | null {
  const keys = headers.map(headerKey);
  const set = new Set(keys);
  for (const r of RULES) {
    if (!r.test(set)) continue;
    const idx = (k?: string): number | null => (k && keys.indexOf(k) >= 0 ? keys.indexOf(k) : null);
    const emailColumn = idx(r.email);
    if (emailColumn === null) continue;
    return { ...r, emailColumn, firstColumn: idx(r.first), lastColumn: idx(r.last) };
  }
  return null;
}

/**
 * The first- and last-name columns: a known export's own, else by header words. The reader
 * gives them to the import; the re-import export writes them under a service's headers.
 */
export function nameColumns(headers: readonly string[], known: ReturnType<typeof recognizeExport> = recognizeExport(headers)): { first: number | null; last: number | null } {
  if (known) return { first: known.firstColumn, last: known.lastColumn };
  const k = headers.map((h) => h.toLowerCase().replace(/[\s_-]+/g, ''));
  const find = (xs: string[]): number | null => {
    const i = k.findIndex((h) => xs.includes(h));
    return i >= 0 ? i : null;
  };
  return { first: find(['firstname', 'givenname', 'first', 'prenom', 'prénom', 'vorname', 'nombre']), last: find(['lastname', 'surname', 'familyname', 'last', 'nom', 'nachname', 'apellido', 'apellidos']) };
}

/** Share of non-empty cells in column `col` that look like addresses (0 when the column is empty). */
function addressShare(rows: readonly (readonly string[])[], col: number): { share: number; filled: number } {
  let filled = 0, hits = 0;
  for (const r of rows) {
    const v = (r[col] ?? '').trim();
    if (!v) continue;
    filled++;
    if (ADDRESS_LIKE.test(v) || /@/.test(v)) hits++;
  }
  return { share: filled ? hits / filled : 0, filled };
}

/**
 * The email column: a header word match (exact, then containing "email"-like words and not a
 * status/type column), confirmed or overridden by the values; else the column with the most
 * address-like values. Returns null when nothing looks like addresses.
 */
export function detectEmailColumn(headers: readonly string[], rows: readonly (readonly string[])[], hasHeader: boolean): number | null {
  const width = Math.max(headers.length, ...rows.map((r) => r.length), 0);
  const shares = Array.from({ length: width }, (_, c) => addressShare(rows, c));
  if (hasHeader) {
    const keys = headers.map(headerKey);
    for (const want of EMAIL_HEADERS) {
      const c = keys.indexOf(want);
      // A name match wins unless its values clearly are not addresses while another column's are.
      if (c >= 0 && (shares[c]!.filled === 0 || shares[c]!.share >= 0.3 || !shares.some((s) => s.share >= 0.8))) return c;
    }
    for (let c = 0; c < keys.length; c++) {
      const k = keys[c]!;
      if (EMAIL_SUBSTRINGS.some((s) => k.includes(s)) && !NOT_ADDRESS.test(headers[c]!) && (shares[c]!.filled === 0 || shares[c]!.share >= 0.3)) return c;
    }
  }
  let best: number | null = null, bestShare = 0;
  for (let c = 0; c < width; c++) {
    const s = shares[c]!;
    if (s.share > bestShare + 1e-9) { best = c; bestShare = s.share; }
  }
  return bestShare >= 0.3 ? best : null;
}

/** Numbered address columns of the exports that keep several: Google's "E-mail 2 - Value", Outlook's "E-mail 2 Address", "Email 2". */
const NUMBERED_ADDRESS = /^e?mail(?:address)?\d+(?:value|address)?$/;
/** Second addresses named by their kind: "Work Email", "Secondary email", "Other e-mail address". */
const KIND_ADDRESS = /^(?:secondary|alternate|alternative|other|additional|work|business|personal|home|private)e?mail(?:address)?$/;

/**
 * Every column that holds a contact's addresses, in the row's order, the detected one among them.
 * A recognised export's own numbered columns count whatever their sample holds (Outlook's third
 * address is empty in most rows); other columns named like a further address count only when
 * their values look like addresses. Without a header row only the detected column is known.
 */
export function detectAddressColumns(headers: readonly string[], rows: readonly (readonly string[])[], hasHeader: boolean, primary: number, known: string | null): number[] {
  if (!hasHeader) return [primary];
  const keys = headers.map(headerKey);
  const out = new Set<number>([primary]);
  const ownNumbered = known === 'Google Contacts' || known === 'Outlook contacts';
  for (let c = 0; c < keys.length; c++) {
    if (c === primary) continue;
    const k = keys[c]!;
    const named = NUMBERED_ADDRESS.test(k) || KIND_ADDRESS.test(k);
    if (!named) continue;
    if (ownNumbered) { out.add(c); continue; }
    const s = addressShare(rows, c);
    if (s.filled > 0 && s.share >= 0.8) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Google Contacts joins the addresses of one kind in one cell. */
export const MULTI_ADDRESS_SEPARATOR = ' ::: ';

/** Exports whose address cells may hold several addresses joined by MULTI_ADDRESS_SEPARATOR. */
export function splitsAddressCells(known: string | null): boolean {
  return known === 'Google Contacts';
}

/**
 * The columns describing one address column's addresses, part for part: Google's "E-mail 1 - Label"
 * ("* Home ::: Work") beside "E-mail 1 - Value", Outlook's "E-mail 2 Display Name" and "E-mail 2 Type"
 * beside "E-mail 2 Address". When an address goes, its label goes too, so the labels left still
 * belong to the addresses left.
 */
export function companionColumns(headers: readonly string[], col: number): number[] {
  const m = /^(.+?)(value|address)$/.exec(headerKey(headers[col] ?? ''));
  if (!m) return [];
  const want = m[2] === 'value' ? [`${m[1]}label`, `${m[1]}type`] : [`${m[1]}displayname`, `${m[1]}type`];
  const keys = headers.map(headerKey);
  return want.map((w) => keys.indexOf(w)).filter((i) => i >= 0 && i !== col);
}

