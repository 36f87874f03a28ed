import { describe, expect, it } from 'vitest';
import { classifyBounce, classifyBounceUncached, type BounceEvidence, type Classification } from '../../../shared/bounce/classify.js';
import type { Reason, Verdict } from '../../../shared/reasons.js';

/**
 * The rules' own answer, after checking that the app's path (per-message tokens masked, memoised)
 * gives exactly the same: every line below doubles as a test of maskPerMessage.
 */
function same(e: BounceEvidence): Classification {
  const raw = classifyBounceUncached(e);
  expect(classifyBounce(e)).toEqual(raw);
  return raw;
}

type Case = readonly [reason: Reason, verdict: Verdict, replyCode: string, status: string, diagnostic: string];

// Real diagnostic lines, as MTAs and providers write them (addresses and IPs anonymised).
// Columns: expected reason, expected verdict, reply code and status given separately ("" = not
// given: the classifier must find them in the text or do without).
const CASES: readonly Case[] = [
  // --- userunknown: hard whatever the code class
  ['userunknown', 'hard', '550', '5.1.1', 'smtp; 550 5.1.1 <kijitora@example.jp>: Recipient address rejected: User unknown in virtual mailbox table'],
  ['userunknown', 'hard', '', '', "smtp; 550-5.1.1 The email account that you tried to reach does not exist. Please try\n550-5.1.1 double-checking the recipient's email address for typos or\n550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si - gsmtp"],
  ['userunknown', 'hard', '550', '5.5.0', 'smtp; 550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)'],
  ['userunknown', 'hard', '554', '', "smtp; 554 delivery error: dd This user doesn't have a yahoo.com account (neko@yahoo.com) [0] - mta1234.mail.bf1.yahoo.com"],
  ['userunknown', 'hard', '', '', '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'],
  ['userunknown', 'hard', '', '', 'Sorry, no mailbox here by that name. (#5.1.1)'],
  ['userunknown', 'hard', '450', '4.1.1', '450 4.1.1 <neko@example.org>: Recipient address rejected: User unknown in local recipient table'],
  ['userunknown', 'hard', '', '', '550 <neko@example.org>... No such user'],
  ['userunknown', 'hard', '', '5.1.1', ''],
  // --- hostunknown
  ['hostunknown', 'hard', '', '5.1.2', 'DNS; Host or domain name not found. Name service error for name=example.invalid type=MX: Host not found'],
  ['hostunknown', 'hard', '550', '5.1.2', 'smtp; 550 5.1.2 Bad destination system address: domain example.invalid does not exist'],
  ['hostunknown', 'hard', '', '5.4.4', 'x-unix; 5.4.4 Unable to route: no mail hosts for domain example.invalid'],
  ['hostunknown', 'hard', '', '', 'Unrouteable address'],
  // Gmail: the lookup answered NXDOMAIN, so the domain does not exist (not a DNS fault); a SERVFAIL stays networkerror.
  ['hostunknown', 'hard', '550', '5.1.2', "DNS Error: DNS type 'mx' lookup of example.invalid responded with code NXDOMAIN Domain name not found: example.invalid"],
  ['networkerror', 'soft', '', '4.4.3', "DNS Error: DNS type 'mx' lookup of example.org responded with code SERVFAIL"],
  // --- hasmoved / notaccept
  ['hasmoved', 'hard', '550', '5.1.6', '550 5.1.6 recipient no longer on server: neko@example.org'],
  ['hasmoved', 'hard', '', '', "550 5.1.1 <neko@example.org>: The address neko@example.org has been replaced by neko@example.net"],
  ['notaccept', 'hard', '556', '', '556 5.1.10 Recipient address has null MX'],
  ['notaccept', 'hard', '', '', 'DNS Error: DNS type mx lookup of example.org responded with code NOERROR The domain example.org doesn\'t receive email according to the administrator: returned Null MX'],
  ['notaccept', 'soft', '421', '', '421 4.3.2 Host does not accept mail at the moment'],
  // --- mailboxfull: soft, even with a 5xx
  ['mailboxfull', 'soft', '452', '4.2.2', "smtp; 452-4.2.2 The email account that you tried to reach is over quota. Please direct\n452 4.2.2 the recipient to https://support.google.com/mail/?p=OverQuotaTemp x - gsmtp"],
  ['mailboxfull', 'soft', '552', '5.2.2', 'smtp; 552 5.2.2 <neko@example.jp>: Recipient address rejected: Mailbox full'],
  ['mailboxfull', 'soft', '', '', '554 5.2.2 mailbox full; STATUS: quota exceeded, please try later'],
  ['mailboxfull', 'soft', '550', '5.1.1', '550 5.1.1 <neko@example.jp>... Mailbox is full'],
  ['mailboxfull', 'soft', '', '', '/var/mail/neko/Maildir: Disk quota exceeded'],
  // --- blocked: the sending host, soft even with 5xx
  ['blocked', 'soft', '550', '5.7.1', 'smtp; 550 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1'],
  ['blocked', 'soft', '', '', '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using b.barracudacentral.org'],
  ['blocked', 'soft', '550', '5.7.1', "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150)."],
  ['blocked', 'soft', '554', '', 'smtp; 554 192.0.2.1 listed at bl.spamcop.net, see "https://www.spamcop.net/bl.shtml?192.0.2.1"'],
  ['blocked', 'soft', '', '', '550 5.7.606 Access denied, banned sending IP [192.0.2.1]. To request removal from this list please visit https://sender.office.com/'],
  ['blocked', 'soft', '421', '', 'host mx.example.net[192.0.2.1] refused to talk to me: 421 Service not available, closing transmission channel'],
  ['blocked', 'soft', '451', '4.7.1', '451 4.7.1 Greylisting in action, please come back later'],
  // --- spamdetected
  ['spamdetected', 'soft', '550', '5.7.1', "smtp; 550-5.7.1 [192.0.2.1] Our system has detected that this message is\n550-5.7.1 likely unsolicited mail. To reduce the amount of spam sent to Gmail,\n550 5.7.1 this message has been blocked. x - gsmtp"],
  ['spamdetected', 'soft', '554', '5.7.0', 'smtp; 554 5.7.0 Reject, id=12345-01 - spam'],
  ['spamdetected', 'soft', '', '', '550 5.7.350 Remote server returned message detected as spam'],
  ['spamdetected', 'soft', '', '', '550 High probability of spam'],
  // --- sender-side and transient reasons
  ['rejected', 'soft', '553', '5.1.8', '553 5.1.8 <root@host.example.jp>... Domain of sender address root@host.example.jp does not exist'],
  ['rejected', 'soft', '', '', '550 5.7.1 Access denied (in reply to MAIL FROM command)'],
  ['rejected', 'soft', '', '', '550 Sender verify failed'],
  ['authfailure', 'soft', '550', '5.7.26', "550-5.7.26 This mail is unauthenticated, which poses a security risk to the sender and Gmail users, and has been blocked. The sender must authenticate with at least one of SPF or DKIM."],
  ['authfailure', 'soft', '', '', "550 5.7.1 Unauthenticated email from example.com is not accepted due to domain's DMARC policy."],
  ['authfailure', 'soft', '', '', '550 5.7.23 The message was rejected because of Sender Policy Framework violation'],
  ['requireptr', 'soft', '550', '5.7.25', '550-5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.'],
  ['requireptr', 'soft', '', '', '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]'],
  ['suspend', 'hard', '550', '5.2.1', '550 5.2.1 The email account that you tried to reach is disabled. https://support.google.com/mail/?p=DisabledUser'],
  ['suspend', 'hard', '', '', '550 5.2.1 <neko@163.com> user suspended'],
  ['suspend', 'soft', '450', '4.2.1', '450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages; account is disabled temporarily'],
  ['expired', 'soft', '', '4.4.7', 'smtp; 4.4.7 Delivery time expired; message could not be delivered within 72 hours'],
  ['expired', 'soft', '', '', 'retry timeout exceeded'],
  ['expired', 'soft', '', '4.4.1', 'smtp; 4.4.1 connect to mx.example.org[192.0.2.1]:25: Connection timed out'],
  ['expired', 'soft', '421', '4.4.2', 'smtp; 421 4.4.2 Connection dropped due to timeout'],
  ['networkerror', 'soft', '', '', 'mail forwarding loop for neko@example.org'],
  ['networkerror', 'soft', '', '4.0.0', "DNS Error: DNS type 'mx' lookup of example.jp responded with code NXDOMAIN Domain name not found: example.jp"],
  ['norelaying', 'soft', '554', '5.7.1', '554 5.7.1 <neko@example.org>: Relay access denied'],
  ['mesgtoobig', 'soft', '552', '5.3.4', '552 5.3.4 Error: message file too big'],
  ['exceedlimit', 'soft', '552', '5.2.3', '552 5.2.3 Message size exceeds fixed maximum message size'],
  ['toomanyconn', 'soft', '421', '', '421 Too many concurrent SMTP connections; please try again later.'],
  ['speeding', 'soft', '450', '4.2.1', '450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.'],
  ['badreputation', 'soft', '421', '4.7.0', '421 4.7.0 This message is suspicious due to the very low reputation of the sending IP address.'],
  // X.7 is "security or policy status", but words naming the server's own trouble and no policy win.
  ['systemerror', 'soft', '451', '4.7.0', '451 4.7.0 Temporary server error. Please try again later. PRX4 [BN8NAM12FT045.eop-nam12.prod.protection.outlook.com]'],
  ['systemerror', 'soft', '', '', '451 4.7.0 Temporary server error. Please try again later'],
  ['blocked', 'soft', '451', '4.7.0', '451 4.7.0 Temporary server error: your IP address 192.0.2.1 is listed in zen.spamhaus.org'],
  ['virusdetected', 'soft', '', '', '554 5.7.0 Your message was infected with a virus'],
  ['policyviolation', 'soft', '', '', '552 5.7.0 This message was blocked because its content presents a potential security issue.'],
  ['policyviolation', 'soft', '550', '', '550 Message rejected due to local policy'],
  ['notcompliantrfc', 'soft', '550', '5.7.1', '550 5.7.1 This message is not RFC 5322 compliant because it has duplicate headers.'],
  ['contenterror', 'soft', '554', '5.6.0', '554 5.6.0 Message contains invalid MIME headers'],
  ['systemerror', 'soft', '', '', 'Local configuration error'],
  ['systemfull', 'soft', '452', '4.3.1', '452 4.3.1 Insufficient system storage'],
  ['securityerror', 'soft', '530', '5.7.0', '530 5.7.0 Authentication required'],
  ['failedstarttls', 'soft', '', '', '530 5.7.0 Must issue a STARTTLS command first'],
  ['mailererror', 'soft', '', '', 'x-unix; procmail: Quota exceeded while writing "/var/mail/neko"'.replace('Quota exceeded while writing', 'Error while writing')],
  ['syntaxerror', 'soft', '503', '', '503 Bad sequence of commands'],
  ['filtered', 'soft', '550', '5.2.0', '550 5.2.0 Refused due to recipient preferences'],
  ['suppressed', 'soft', '', '', 'The recipient address is on the account-level suppression list'],
  // --- not failures
  ['vacation', 'auto-reply', '', '', 'Out of Office: I am currently away until 3 May with limited access to email.'],
  ['vacation', 'auto-reply', '', '', 'Abwesenheitsnotiz: Ich bin bis 3. Mai nicht im Büro.'],
  ['vacation', 'auto-reply', '', '', '自動返信：ただいま休暇中のため、返信が遅れます。'],
  ['delivered', 'delivered', '250', '2.0.0', '250 2.0.0 OK 1234567890 - gsmtp'],
  // --- code only / no information
  ['mailboxfull', 'soft', '', '5.2.2', ''],
  ['securityerror', 'soft', '550', '5.7.1', ''],
  ['onhold', 'soft', '550', '', '550 Requested action not taken'],
  ['undefined', 'soft', '', '', ''],
];

describe('classifyBounce: real diagnostic lines per reason', () => {
  it.each(CASES)('%s / %s  <- %s %s %s', (reason, verdict, replyCode, status, diagnostic) => {
    const c = classifyBounceUncached({ replyCode, status, diagnostic });
    expect({ reason: c.reason, verdict: c.verdict }).toEqual({ reason, verdict });
  });

  it('the memoised and uncached paths agree on every case', () => {
    for (const [, , replyCode, status, diagnostic] of CASES) {
      expect(classifyBounce({ replyCode, status, diagnostic })).toEqual(classifyBounceUncached({ replyCode, status, diagnostic }));
    }
  });
});

describe('classifyBounce: codes in the result', () => {
  it('normalises given codes and finds codes written in the text', () => {
    expect(classifyBounce({ status: '#5.1.1', replyCode: ' 550 ', diagnostic: '' })).toMatchObject({ status: '5.1.1', replyCode: '550' });
    expect(classifyBounce({ diagnostic: 'smtp; 550-5.1.1 The email account that you tried to reach does not exist.' })).toMatchObject({ status: '5.1.1', replyCode: '550' });
    expect(classifyBounce({ diagnostic: 'Sorry, no mailbox here by that name. (#5.1.1)' })).toMatchObject({ status: '5.1.1', replyCode: '' });
    expect(classifyBounce({ diagnostic: 'I am away on vacation' })).toMatchObject({ status: '', replyCode: '' });
  });

  it('prefers a specific code in the text over a vague given one', () => {
    const c = classifyBounce({ status: '5.0.0', diagnostic: '550 5.1.1 <neko@example.org>... User unknown' });
    expect(c).toMatchObject({ status: '5.1.1', reason: 'userunknown', verdict: 'hard' });
  });
});

describe('classifyBounce: verdict rules', () => {
  it('a 5xx alone is not hard: RBL block vs dead mailbox', () => {
    expect(classifyBounce({ diagnostic: '550 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using zen.spamhaus.org' })).toMatchObject({ reason: 'blocked', verdict: 'soft' });
    expect(classifyBounce({ diagnostic: '550 5.1.1 user unknown' })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
  });

  it('a delay warning is never final, whatever the words', () => {
    const c = classifyBounce({ action: 'delayed', status: '4.1.1', diagnostic: '450 4.1.1 <a@example.org>: Recipient address rejected: User unknown' });
    expect(c.verdict).toBe('soft');
    expect(classifyBounce({ action: 'delayed', diagnostic: '' })).toMatchObject({ reason: 'expired', verdict: 'soft' });
  });

  it('action delivered and 2.x.x codes are deliveries', () => {
    expect(classifyBounce({ action: 'delivered', status: '2.1.5' })).toMatchObject({ reason: 'delivered', verdict: 'delivered' });
    expect(classifyBounce({ action: 'relayed' })).toMatchObject({ reason: 'delivered', verdict: 'delivered' });
  });

  it('notaccept is hard with 5xx or no code and soft with 4xx', () => {
    expect(classifyBounce({ diagnostic: '556 5.1.10 Recipient address has null MX' }).verdict).toBe('hard');
    expect(classifyBounce({ diagnostic: 'The domain does not accept mail (nullMX)' }).verdict).toBe('hard');
    expect(classifyBounce({ status: '4.3.2', replyCode: '421', diagnostic: 'Host does not accept mail' }).verdict).toBe('soft');
  });
});

describe('classifyBounce: hints and session evidence', () => {
  const e = same;

  it('format-level hints win (feedback, vacation, delivered)', () => {
    expect(e({ reasonHint: 'feedback', diagnostic: 'user unknown' })).toMatchObject({ reason: 'feedback', verdict: 'complaint' });
    expect(e({ feedbackType: 'abuse' })).toMatchObject({ reason: 'feedback', verdict: 'complaint' });
    expect(e({ reasonHint: 'vacation', diagnostic: 'whatever' })).toMatchObject({ reason: 'vacation', verdict: 'auto-reply' });
  });

  it('retry-able hints give way to specific text, and are the fallback otherwise', () => {
    expect(e({ reasonHint: 'expired', diagnostic: '452 4.2.2 Mailbox full' }).reason).toBe('mailboxfull');
    expect(e({ reasonHint: 'expired', diagnostic: 'delivery to this host failed' }).reason).toBe('expired');
    expect(e({ reasonHint: 'userunknown', status: '5.0.0', diagnostic: '550 kaput' }).reason).toBe('userunknown');
  });

  it('"user unknown" is a dead address at any SMTP step (Sisimai calls it filtered after DATA; issue 11)', () => {
    const text = '550 <neko@example.jp>: User unknown';
    expect(e({ origin: 'mail', command: 'DATA', diagnostic: text })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
    expect(e({ origin: 'mail', command: 'RCPT', diagnostic: text })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
    expect(e({ origin: 'mail', diagnostic: `${text} (in reply to RCPT TO command)` }).reason).toBe('userunknown');
    expect(e({ origin: 'mail', diagnostic: text }).reason).toBe('userunknown');
    // filtered needs words that name a filter
    expect(e({ origin: 'mail', command: 'DATA', diagnostic: '550 5.2.1 Message filtered' })).toMatchObject({ reason: 'filtered', verdict: 'soft' });
    // An export line has no session: the words are taken at face value.
    expect(e({ diagnostic: text }).reason).toBe('userunknown');
  });

  it('a refusal at MAIL FROM is about the sender', () => {
    expect(e({ command: 'MAIL', diagnostic: '553 5.1.0 neko.example.com does not exist' }).reason).toBe('rejected');
    expect(e({ command: 'MAIL', diagnostic: '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org' }).reason).toBe('blocked');
  });
});

describe('classifyBounce: provider-specific codes', () => {
  it('reads Orange / La Poste OFR and LPN codes', () => {
    expect(classifyBounce({ diagnostic: '421 4.2.0 Service refuse. Veuillez essayer plus tard. Service refused, please try later. OFR005_505 [505]' }).reason).toBe('systemerror');
    expect(classifyBounce({ diagnostic: '550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN005_510' }).reason).toBe('blocked');
    expect(classifyBounce({ diagnostic: '550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked. LPN007_426' })).toMatchObject({ reason: 'suspend', verdict: 'hard' });
    expect(classifyBounce({ diagnostic: '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]' })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
  });

  it('reads KDDI au: "User unknown", addressed or bare, keeps failing: a dead mailbox for the list', () => {
    expect(classifyBounce({ origin: 'mail', diagnostic: '550 <neko@ezweb.ne.jp>: User unknown' }).reason).toBe('userunknown');
    expect(classifyBounce({ origin: 'mail', remoteMta: 'lsean.ezweb.ne.jp', diagnostic: '550 : User unknown' }).reason).toBe('userunknown');
  });

  it('an ESP line with a provider but no origin is read at face value', () => {
    expect(classifyBounce({ provider: 'sendgrid', diagnostic: '550 <neko@example.org>: User unknown' })).toMatchObject({ reason: 'userunknown', verdict: 'hard' });
  });
});

describe('classifyBounce: provider phrasings beyond the corpus', () => {
  it.each([
    ['blocked', "550 SC-001 (BAY0-MC1-F41) Unfortunately, messages from 192.0.2.1 weren't sent. Please contact your Internet service provider. You can tell them that Hotmail does not relay dynamically-assigned IP ranges."],
    ['blocked', '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.'],
    ['blocked', '554 IP=192.0.2.1 - A problem occurred. (Ask your postmaster for help or to contact tosa@rx.t-online.de to clarify.)'],
    ['blocked', "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see http://postmaster.yahoo.com/550-bl23.html"],
    ['badreputation', '421 4.7.0 [TS01] Messages from 192.0.2.1 temporarily deferred due to user complaints - 4.16.55.1'],
    ['userunknown', '550 5.1.1 <neko@icloud.com>: inactive email address'],
    ['suspend', '554 30 Sorry, your message to neko@aol.jp cannot be delivered. This mailbox is disabled (554.30)'],
    ['userunknown', '552 1 Requested mail action aborted, mailbox not found'],
    ['userunknown', '550 5.1.1 <neko@example.net> Not our Customer'],
    ['hostunknown', "Sorry, I couldn't find any host named example.invalid. (#5.1.2)"],
    ['hostunknown', 'all relevant MX records point to non-existent hosts'],
    ['spamdetected', '554 5.7.1 Message rejected under suspicion of SPAM'],
    ['policyviolation', '550 5.7.1 Policy rejection on the target address'],
    ['speeding', "550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour."],
    ['rejected', '550 5.7.124 Delivery not authorized, sender not in allowed-senders list'],
    ['suppressed', 'Amazon SES has suppressed sending to this address because it has a recent history of bouncing as an invalid address.'],
    ['suppressed', 'Not delivering to previously bounced address'],
    ['failedstarttls', '553 This route requires encryption (TLS)'],
    ['vacation', 'Automatisch antwoord: ik ben afwezig tot maandag'],
    ['mailboxfull', 'Inbox full'],
    ['policyviolation', '550 5.7.1 Message rejected due to content restrictions'],
    ['hostunknown', "554 5.7.1 Your message could not be delivered because the recipient's domain has no mail servers"],
    ['blocked', '550 5.7.28 There is an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked.'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(same({ diagnostic }).reason).toBe(reason);
  });
});

describe('classifyBounce: receiving-provider knowledge', () => {
  it('MessageLabs checks recipients before the message: its "No such user" is a dead address', () => {
    const d = '550 neko@example.org... No such user';
    expect(classifyBounce({ origin: 'mail', provider: 'messagelabs', diagnostic: d }).reason).toBe('userunknown');
    expect(classifyBounce({ origin: 'mail', remoteMta: 'cluster1.eu.messagelabs.com', diagnostic: d }).reason).toBe('userunknown');
    expect(classifyBounce({ origin: 'mail', diagnostic: d }).reason).toBe('userunknown');
  });
});

describe('classifyBounce: SMTP step from MTA wording', () => {
  it.each([
    ['rejected', 'Connected to 192.0.2.225 but sender was rejected. Remote host said: 553 sorry, your envelope sender has been denied (#5.7.1)'],
    ['blocked', "Connected to 192.0.2.112 but my name was rejected. Remote host said: 501 5.0.0 Invalid domain name"],
    ['userunknown', '192.0.2.153 does not like recipient. Remote host said: 550 5.2.1 <neko@example.jp>... User Unknown Giving up on 192.0.2.153.'],
    ['userunknown', 'host mx.example.jp[192.0.2.1] said: 550 5.2.1 <neko@example.jp>... User Unknown (in reply to end of DATA command)'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(same({ origin: 'mail', diagnostic }).reason).toBe(reason);
  });
});

describe('classifyBounce: Exchange NDR component names', () => {
  it.each([
    ['userunknown', '#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##'],
    ['exceedlimit', '#550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient ##'],
    ['expired', "Remote Server at mydomain.com (10.1.1.3) returned '550 4.4.7 QUEUE.Expired; message expired'"],
    ['hostunknown', '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain'],
    ['rejected', '550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(same({ diagnostic }).reason).toBe(reason);
  });
});

describe('classifyBounce: who wrote the report', () => {
  it('a report from the mailbox host itself has no SMTP step: its "unknown user" is final', () => {
    expect(classifyBounce({ origin: 'mail', provider: 'imailserver', diagnostic: 'Unknown user: neko@example.com' }).reason).toBe('userunknown');
    expect(classifyBounce({ origin: 'mail', provider: 'postfix', diagnostic: 'Unknown user: neko@example.com' }).reason).toBe('userunknown');
  });

  it('a failing local delivery program is not a dead address, even with 5.1.1', () => {
    expect(classifyBounce({ status: '5.1.1', diagnostic: 'procmail: Couldn\'t create "/var/spool/mail/neko" id: r.example.org: No such user' }))
      .toMatchObject({ reason: 'mailererror', verdict: 'soft' });
  });

  it('Postfix "Recipient address rejected." at RCPT is a missing recipient', () => {
    expect(classifyBounce({ origin: 'mail', command: 'RCPT', diagnostic: '550 <neko@example.jp>: Recipient address rejected.' }).reason).toBe('userunknown');
  });
});

describe('classifyBounce: AUP codes and NTT docomo', () => {
  it.each([
    ['blocked', '554 5.7.1 Sorry, your IP address was blocked. AUP#CXBL'],
    ['requireptr', '550 5.7.1 192.0.2.1 rejected - no rDNS. AUP#CXDNS'],
    ['blocked', '554 5.7.1 <x@cox.net> sender rejected. AUP#CDRBL'],
    ['toomanyconn', '421 4.7.0 Too many connections. AUP#I1310'],
    ['networkerror', '554 5.7.1 Spectrum does not accept IPv6 connections. AUP#I1260'],
  ] as const)('%s <- %s', (reason, diagnostic) => {
    expect(same({ diagnostic }).reason).toBe(reason);
  });

  it('reads docomo "550 Unknown user" by status and SMTP step', () => {
    const d = '550 Unknown user neko@docomo.ne.jp';
    expect(same({ origin: 'mail', status: '5.2.0', diagnostic: d }).reason).toBe('userunknown');
    expect(same({ origin: 'mail', status: '5.0.0', command: 'DATA', diagnostic: d }).reason).toBe('rejected');
    expect(same({ origin: 'mail', status: '5.0.0', command: 'RCPT', diagnostic: d }).reason).toBe('userunknown');
    expect(same({ origin: 'mail', status: '5.1.1', diagnostic: d }).reason).toBe('userunknown');
  });
});

describe('classifyBounce: notaccept without a code', () => {
  it('is hard unless the text reads as temporary', () => {
    expect(classifyBounce({ diagnostic: 'Host does not accept mail' }).verdict).toBe('hard');
    expect(classifyBounce({ diagnostic: 'Host does not accept mail at the moment, try again later' }).verdict).toBe('soft');
  });
});
