/**
 * Diagnostic-text rules: for each reason, the phrasings real MTAs and mailbox providers use.
 * Collected from the error texts published by the providers (Gmail/Google Workspace, Microsoft
 * 365/Outlook.com/Exchange, Yahoo/AOL, iCloud, GMX, mail.ru…), the source texts of the common MTAs
 * (Postfix, Exim, Sendmail, qmail, Courier, Exchange), filters (Proofpoint, Barracuda, Mimecast,
 * Trend Micro, MessageLabs) and the knowledge in Sisimai's reason modules.
 *
 * Every pattern runs on text that `normalizeDiagnostic` prepared: lower case, one line, single
 * spaces, SMTP continuation prefixes ("550-5.1.1 ") removed, typographic quotes made plain.
 * Each reason's patterns are joined into one precompiled RegExp, so testing a reason is one scan.
 * `not` lists phrases that look like the reason but are something else (e.g. "daily sending quota
 * exceeded" is a rate limit, not a full mailbox).
 */
import type { Reason } from '../reasons.js';

export interface TextRule {
  readonly any: readonly string[];
  readonly not?: readonly string[];
}

/** Sources are regular-expression fragments (already lower case). */
export const TEXT_RULES: Partial<Record<Reason, TextRule>> = {
  userunknown: {
    any: [String.raw`\brecipient address rejected\.(?:\s*$|\s*\(in reply to rcpt)`, String.raw`\brecipient mailbox is not allowed\b`, String.raw`\bnot our customer\b`, String.raw`\bresolver\.adr\.exrecipnotfound\b`, String.raw`\brecipient address reserved by rfc ?2606\b`, String.raw`\bnot listed in (?:the )?(?:domino directory|public name & address book)`, String.raw`\binvalid final delivery userid`, String.raw`\baddress couldn't be found\b`, String.raw`\brecipient not found by smtp address lookup`, String.raw`\bplease check if (?:the )?address is correct`, String.raw`\bthe recipient name is not recognized`, 
      String.raw`\buser ?unknown\b`, String.raw`\bunknown (?:user|recipient|mailbox|local[- ]?part|e-?mail address|address|alias|account)\b`,
      String.raw`\brecipient (?:unknown|not found|does not exist|not exist|is not (?:valid|local|accepted)|not ok|rejected: (?:no such|invalid|unknown|user))`,
      String.raw`\bno such (?:user|mailbox|recipient|person|address|account|local user|email)`,
      String.raw`\b(?:user|mailbox|address|account|recipient|addressee|e-?mail address|e-?mail account)(?: \S+){0,2} (?:does not|doesn't|did not|do not) exist`,
      String.raw`\b(?:user|mailbox|recipient|address|account)(?: \S+){0,2} (?:was )?not found\b`,
      String.raw`\bemail account that you tried to reach does not exist`, String.raw`\baddress (?:does not exist|unknown|invalid|not present in directory)`,
      String.raw`\binvalid (?:recipient|mailbox|user|address|destination address|e-?mail address)`, String.raw`\bnot a valid (?:recipient|user|mailbox|address)`,
      String.raw`\bis not a (?:valid mailbox|known user)`, String.raw`\bbad (?:destination )?(?:recipient|mailbox address)\b`,
      String.raw`\bthis user doesn't have an? .{1,60} account`, String.raw`\bno mailbox (?:here|found|by that name|available)`,
      String.raw`\bno account by that name\b`, String.raw`\bnot a (?:local|known) (?:user|address|recipient)`, String.raw`\bis not an active address\b`,
      String.raw`\baccount .{1,80} does not exist at the organization`, String.raw`\bresolver\.adr\.recipient ?not ?found`, String.raw`\brecipnotfound\b`,
      String.raw`\bdestination addresses? (?:were|was) unknown`, String.raw`\bemail address (?:could not be found|is wrong or no longer valid)`,
      String.raw`\brequested action not taken: mailbox unavailable`, String.raw`\bmailbox (?:is )?unavailable\b(?! or access denied)`,
      String.raw`\bmailbox (?:not present|invalid|is inactive)\b`, String.raw`\buser (?:missing home directory|not active|not known|not exist)\b`,
      String.raw`\bvdeliver: invalid or unknown virtual user`, String.raw`\bbadrcptto\b`, String.raw`\bbadrecipientto\b`, String.raw`\bnot in my validrcptto list`,
      String.raw`\bno valid recipients\b`, String.raw`\bthere is no one at this address`, String.raw`\bcan't accept user\b`,
      String.raw`\brecipient address rejected: (?:access denied|invalid[- ]user|unknown user|user unknown|userunknown|invalid-recipient|undeliverable address)`,
      String.raw`\brecipient address rejected\. \(in reply to rcpt to command\)`, String.raw`\byour envelope recipient (?:has been denied|is in my badrcptto list)`,
      String.raw`\bunrouteable address\b.*\bno such`, String.raw`\bsorry, user unknown\b`, String.raw`\bnon-?existent (?:user|recipient|mailbox)`,
      String.raw`\bno existe (?:dicha persona|ese usuario)`, String.raw`\bnessun utente\b`, String.raw`\butilisateur inconnu\b`, String.raw`\bdestinataire inconnu\b`,
      String.raw`\bbenutzer (?:unbekannt|existiert nicht)`, String.raw`\badresse nicht gefunden\b`, String.raw`\bunbekannte?r? (?:empf[aä]nger|benutzer)`,
      String.raw`\b(?:user|recipient|address) .{0,60}\bis not (?:a valid|an active|a known)\b`, String.raw`\bthis spectator does not exist`,
      String.raw`\bmailbox .{0,60}does not exist`, String.raw`\bunknown or illegal alias`, String.raw`\bno such address here\b`,
      // Issue 11 additions. Sendmail "Addressee unknown" (its sendmail.cf error text);
      // Microsoft 365 "The email address you entered couldn't be found"; Zimbra/Dovecot
      // "User doesn't have an account here"; Courier "not a recognized user"; Exim/cPanel
      // "unknown to this server"; hosting panels "address is not in use".
      String.raw`\baddressee unknown\b`, String.raw`\brecipient address is invalid\b`, String.raw`\b(?:this|that|the) address is not in use\b`,
      String.raw`\bnot a recognized (?:user|recipient|address)\b`, String.raw`\bunknown (?:to|at|on) this (?:server|domain|system)\b`,
      String.raw`\b(?:user )?(?:doesn't|does not) have an account(?: here)?\b`, String.raw`\bemail address you entered couldn't be found\b`,
      String.raw`\bmailbox name (?:not allowed|invalid)\b`,
    ],
    not: [String.raw`\bsender (?:address|domain)\b`, String.raw`\bdomain of sender\b`, String.raw`\bdomain (?:does not|doesn't) exist`],
  },
  hostunknown: {
    any: [String.raw`\bhas no mail servers?\b`, String.raw`\bno mail servers? (?:for|found)\b`, String.raw`\bdomain name not found\b`, String.raw`\ball host address lookups failed permanently\b`, String.raw`\ball relevant mx records point to non-existent hosts`, String.raw`\bcouldn't find any host named\b`, String.raw`\bhost \S+ not found\b(?!, try again)`, String.raw`\b553 \S+ does not exist\b`, 
      String.raw`\bhost or domain name not found`, String.raw`\bdomain (?:name )?(?:does not|doesn't|did not) exist`, String.raw`\bno such domain\b`,
      String.raw`\bunknown (?:host|domain)\b`, String.raw`\bhost unknown\b`, String.raw`\bname or service not known`, String.raw`\bunrout(?:e)?able address\b`,
      String.raw`\b(?:recipient )?domain must exist`, String.raw`\bmail domain mentioned in email address is unknown`, String.raw`\bdomain is not reachable`,
      String.raw`\bbad destination system address`, String.raw`\bdomain .{1,80} does not exist\b`, String.raw`\bthe account or domain may not exist`,
      String.raw`\bnxdomain\b`, String.raw`\bdomain not found\b(?!.*sender)`, String.raw`\bno (?:mx or a|a or mx) records? for\b`,
      String.raw`\bhost not found\b(?!, try again)`,
      // Exim "Unrouteable mail domain" is its router finding no route (no MX/A) for the domain.
      String.raw`\bunrout(?:e)?able mail domain\b`,
    ],
    not: [String.raw`\bremote protocol error\b`, String.raw`\bsender (?:address|domain)\b`, String.raw`\bhelo\b`, String.raw`\bdomain of sender\b`],
  },
  hasmoved: {
    any: [String.raw` has been replaced by `, String.raw`\b(?:mailbox|user|address|recipient|account) has moved\b`, String.raw`\buser not local; please try\b`, String.raw`\bno longer (?:valid|in use)\b.*\bnew address\b`],
  },
  notaccept: {
    any: [String.raw`\bno mx (?:records? )?(?:found )?for (?:the )?domain\b`, String.raw`\bno host found for existing smtp connection\b`, String.raw`\bhosted tenant which has no mail-enabled subscriptions`, String.raw`\bsystem not accepting network messages\b`, String.raw`\baccount inbounds disabled\b`, String.raw`\bdoesn't (?:receive|accept) (?:e-?)?mail\b`, String.raw`\bno mx found for domain\b`, String.raw`\bcouldn't find a mail exchanger or ip address\b`, String.raw`\bindicated no smtp service\b`, 
      String.raw`\bdoes not accept (?:e-?)?mail\b`, String.raw`\bnull ?mx\b`, String.raw`\bno mx record found for domain=`, String.raw`\bmail receiving disabled`,
      String.raw`\bname server: \.: host not found`, String.raw`\bno route for current request`, String.raw`\baccepts no mail\b`,
    ],
    not: [String.raw`\bover ipv6\b`],
  },
  mailboxfull: {
    any: [String.raw`\bquota exceed\b`, 
      String.raw`\bmailbox (?:is )?full\b`, String.raw`\bmailbox.{0,30}\bfull\b`, String.raw`\bfull mailbox\b`, String.raw`\bmailfolder is full`, String.raw`\binbox (?:is )?full\b`,
      String.raw`\bover ?quota\b`, String.raw`\bquota (?:exceeded|violation|full|reached|limit exceeded)`, String.raw`\b(?:exceeded|exceeds|exceeding|exceed) (?:the |his |her |their |your |its )?(?:disk |storage |mailbox |mail |user )?quota`,
      String.raw`\bdisk.{0,30}quota\b`, String.raw`\bmaildir.{0,20}quota\b`, String.raw`\bmailbox.{0,40}quota\b`, String.raw`\baccount is .{0,30}quota\b`,
      String.raw`\bmailbox.{0,30}exceeded.{0,30}limit\b`, String.raw`\bmailbox size limit exceeded`, String.raw`\bmailbox (?:would exceed|exceeds) (?:the )?(?:maximum|allowed)`,
      String.raw`\bno space left on device`, String.raw`\bnot (?:enough|sufficient) (?:disk |storage )?space`,
      String.raw`\bexceeded storage allocation`, String.raw`\binbox is out of storage`, String.raw`\bout of storage space\b`, String.raw`\bstorage (?:space )?(?:is )?full\b`,
      String.raw`\buser has too many messages`, String.raw`\bboite (?:du destinataire )?pleine`, String.raw`\btoo much mail data\b`, String.raw`\bspace has been used up`,
      String.raw`\bpostfach (?:ist )?voll\b`, String.raw`\bspeicherplatz\b`, String.raw`\bcasilla (?:de correo )?llena\b`, String.raw`\bthis account is over quota`,
      String.raw`\baccount disabled temporarly for exceeding receiving limits`,
    ],
    not: [String.raw`\bmailbox unavailable \(not enough free space\)`, String.raw`\bsubmission quota\b`, 
      String.raw`\b(?:sending|send|message|messages|daily|hourly|rate|relay|recipients?|connection|outbound) (?:quota|limit)`, String.raw`\bsystem storage\b`,
      String.raw`\bmessage (?:size|length)\b`,
    ],
  },
  mesgtoobig: {
    any: [String.raw`\bmaximum email size exceeded\b`, 
      String.raw`\bmessage (?:file )?too (?:big|large)\b(?! for this recipient)`, String.raw`\bmessage (?:size|length) exceeds\b`, String.raw`\b(?:exceeded|exceeds) (?:the )?max(?:imum)? (?:inbound |incoming )?message size`,
      String.raw`\bmax(?:imum)? message size (?:exceeded|limit)`, String.raw`\bsize limit\b`, String.raw`\bline limit exceeded`, String.raw`\btaille limite du message`,
      String.raw`\bmessage size (?:exceeds|limit|too)`, String.raw`\bexceeded google's message size`, String.raw`\btoo big for system\b`, String.raw`\bmessage is too (?:big|large)\b`,
    ],
    not: [String.raw`\bmailbox size limit\b`, String.raw`\bheader size\b`],
  },
  exceedlimit: {
    any: [String.raw`\bexc?eeded the maximum size the user accepts\b`, String.raw`\bmessage header size exceeds limit`, String.raw`\btoo large for this recipient`, String.raw`\brecipsizelimit\b`, String.raw`\bmessage too large\b`],
  },
  suspend: {
    any: [String.raw`\bmailaddress is administrativ\w* disabled\b`, String.raw`\baccess denied, banned recipient\b`, String.raw`\bmailbox cannot be accessed\b`, String.raw`\bis no longer valid\.`, String.raw`\brecipient account is blocked\b`, String.raw`\bcompte du destinataire est bloque`, 
      String.raw`\b(?:is|been|currently|temporarily) suspended\b`, String.raw`\b(?:account|mailbox|user|recipient) (?:has been |is |was )?(?:suspended|disabled|deactivated|frozen|locked)\b`,
      String.raw`\binactive (?:account|user|mailbox|recipient)\b`, String.raw`\binvalid/inactive user`, String.raw`\bis a deactivated mailbox`, String.raw`\buser is terminated`,
      String.raw`\bmailbox (?:currently suspended|disabled|is frozen|unavailable or access denied)`, String.raw`\btemporarily inactive`, String.raw`\btemporary locked\b`,
      String.raw`\bemail account that you tried to reach is (?:disabled|inactive)`, String.raw`\bthis account has been (?:disabled|temporarily suspended)`,
      String.raw`\bthis address no longer accepts mail`, String.raw`\bthis mailbox is disabled`, String.raw`\buser or domain is disabled`, String.raw`\buser suspended\b`,
      String.raw`\barchived recipient\b`, String.raw`\bboite du destinataire archivee`, String.raw`\brecipient suspend the service`, String.raw`\baccount is locked\b`,
      String.raw`\baccount (?:is )?(?:disabled|inactive|expired)\b`, String.raw`\bmailbox (?:is )?(?:inactive|disabled)\b`, String.raw`\bmailbox has been (?:disabled|blocked)\b`,
      // Yahoo/AOL "This account has been disabled or discontinued [#102]", Gmail "is disabled",
      // Microsoft and hosting panels "mailbox has been deactivated", ISPs "account … closed".
      String.raw`\bdisabled or discontinued\b`, String.raw`\b(?:account|mailbox|address|user)\b(?: \S+){0,2} (?:has been |is |was )?(?:discontinued|deactivated|terminated|closed)\b`,
      String.raw`\b(?:account|mailbox|address|recipient|user)\b.{0,40}\bis (?:currently )?disabled\b`, String.raw`\bdisabled (?:recipient|mailbox|account|user)\b`,
    ],
    not: [String.raw`\bdelivery temporarily suspended\b`, String.raw`\bsender\b.{0,30}\b(?:suspended|disabled)\b`, String.raw`\bsending (?:account|domain)\b`],
  },
  norelaying: {
    any: [String.raw`\bopen relay (?:is )?not allowed\b`, String.raw`\bemail address is not verified\.`, 
      String.raw`\brelay(?:ing)? (?:access )?(?:denied|not permitted|prohibited|not allowed|refused)`, String.raw`\bno relaying\b`, String.raw`\bunable to relay\b`,
      String.raw`\bnot (?:allowed|permitted|authori[sz]ed) to relay\b`, String.raw`\bas a relay\b`, String.raw`\bnot an open relay\b`, String.raw`\bwe don't handle mail for\b`,
      String.raw`\bnot a gateway\b`, String.raw`\brelaying mail to .{1,80} is not allowed`, String.raw`\bnot configured to relay mail`, String.raw`\bnot local host\b`,
      String.raw`\bin my list of allowed rcpthosts?\b`, String.raw`\bspecified domain is not allowed`, String.raw`\binsecure mail relay\b`,
      String.raw`\brequires authentication when attempting to send to a non-local`, String.raw`\bis not permitted to relay\b`, String.raw`\binvalid credentials for relay\b`,
      String.raw`\bmail relay denied\b`, String.raw`\bnot authorized to send email directly to our servers`, String.raw`\brelaying denied\b`,
    ],
  },
  authfailure: {
    any: [String.raw`\bfailing (?:both )?spf and dkim\b`, String.raw`\b(?:spf|dkim|dmarc) sender invalid - envelope rejected`, String.raw`\bunauthenticated email from \S+ is not accepted\b`, String.raw`\bdoes not have authentication information\b`, String.raw`\bdmarc verification\b`, 
      String.raw`\bspf (?:check|validation|record|authentication|domain authentication|policy)?:? ?(?:fail|failed|failure|softfail|error|violation|hard ?fail)`,
      String.raw`\bsender policy framework\b`, String.raw`\bspf \(sender policy framework\)`, String.raw`\bdmarc\b`, String.raw`\bdkim (?:signature )?(?:fail|failed|failure|invalid|missing|does not pass|did not pass|=\s*did not pass|verification failed)`,
      String.raw`\b(?:fails|failed) to pass (?:spf|dkim|dmarc|authentication)`, String.raw`\bauthenticate (?:their email )?with (?:either )?(?:spf|dkim)`,
      String.raw`\bis not allowed to send (?:mail )?from .{1,80} per it'?s spf`, String.raw`\bdoesn't meet the (?:required )?authentication (?:level|requirements)`,
      String.raw`\bspf\.pobox\.com\b`, String.raw`\binspect your spf settings`, String.raw`\bbad spf records?\b`, String.raw`\bspf record of the sending domain`,
      String.raw`\baligned with either the authenticated spf or dkim`, String.raw`\bspf (?:=|:)\s*fail\b`, String.raw`\bdomain authentication fail`,
      String.raw`\bmust pass either spf or dkim`, String.raw`\bnot (?:signed|authenticated) with (?:spf|dkim)`, String.raw`\bspf\b.{0,40}\b(?:not authorized|not permitted)\b`,
      String.raw`\bvalidation failed for spf\b`, String.raw`\bdkim authentication\b`,
    ],
  },
  filtered: {
    any: [String.raw`\bcannot route mail to user\b`, 
      String.raw`\bmessage filtered\b`, String.raw`\buser refuses? to receive\b`, String.raw`\buser reject\b`, String.raw`\brecipient id refuse`,
      String.raw`\b(?:rejected|refused) due to (?:user|recipient) (?:rules|preferences)`, String.raw`\baccount is protected by\b`, String.raw`\bis only accepting mail from\b`,
      String.raw`\byou have been blocked by the recipient`, String.raw`\bhas restricted sms e-mail`, String.raw`\bis not accepting any mail\b`, String.raw`\bbounced address\b`,
      String.raw`\bnot found recipient account\b`, String.raw`\bblocked by (?:the )?recipient\b`, String.raw`\brecipient (?:has )?(?:blocked|rejected) (?:you|your|the sender|mail from)`,
    ],
  },
  requireptr: {
    any: [
      String.raw`\bptr record`, String.raw`\breverse dns\b`, String.raw`\breverse (?:dns )?lookup (?:failed|rejected|for host)`, String.raw`\bcannot find your hostname`,
      String.raw`\bcannot resolve your (?:address|hostname)`, String.raw`\bip name lookup failed`, String.raw`\bno ptr\b`, String.raw`\bptr-?records?\b`,
      String.raw`\bfix reverse dns\b`, String.raw`\bunresolvable relay host name`, String.raw`\bdomain .{1,80} mismatches client ip`, String.raw`\bdns lookup failure: .{1,80} try again later`,
      String.raw`\binvalid rdns\b`, String.raw`\brdns\b`, String.raw`\bunverifiable sending ips?\b`, String.raw`\bunverifyable sending ips?\b`,
      String.raw`\bclient host rejected: cannot find your (?:reverse )?hostname`, String.raw`\bdoes not match the ip address of the hostname`, String.raw`\bcustom reverse dns name\b`,
      String.raw`\bgeneric dns ptr`, String.raw`\bnot have a ptr`,
    ],
  },
  notcompliantrfc: {
    any: [String.raw`\bnot rfc[- ]?(?:5322 )?compliant\b`, 
      String.raw`\bduplicate header`, String.raw`\bnot rfc ?5322 compliant`, String.raw`\brfcmessagenoncompliant\b`, String.raw`\bmultiple .{1,40} headers?\b`,
      String.raw`\bmissing a valid (?:address in the from: header|message-id)`, String.raw`\bmultiple addresses in from:`, String.raw`\bencoded-word syntax is not permitted`,
      String.raw`\bunicode character in a disallowed header`, String.raw`\bnot a valid rfc ?5321 address`, String.raw`\bmail message is malformed`,
      String.raw`\brfc ?5322 section`, String.raw`\bnot (?:rfc|standards?)[- ]compliant\b`, String.raw`\bviolates rfc ?(?:5322|2822|822)\b`,
    ],
  },
  badreputation: {
    any: [String.raw`\bconnection rejected by policy\b`, String.raw`\btemporarily deferred due to user complaints\b`, String.raw`\bip reputation - \(reject\)`, String.raw`\binternal resources are temporarily unavailable\b`, 
      String.raw`\bpoor (?:email |sending )?reputation`, String.raw`\brate limited due to ip reputation`, String.raw`\bip/domain reputation problems`, String.raw`\bvery low reputation\b`,
      String.raw`\bnone/bad reputation`, String.raw`\btemporarily deferred due to unexpected volume or user complaints`, String.raw`\bsending mta's poor reputation`,
      String.raw`\b(?:bad|low|negative) (?:ip |sender |sending |domain )?reputation\b`, String.raw`\breputation (?:score|is too low)\b`,
    ],
  },
  contenterror: {
    any: [String.raw`\btoo many "received" headers\b`, String.raw`\bstray linefeeds in message\b`, 
      String.raw`\bheader size exceeds maximum`, String.raw`\bimproper use of 8-bit data in message header`, String.raw`\bmessage header size, or recipient list, exceeds`,
      String.raw`\bmime complexity exceeds`, String.raw`\btoo many received: headers`, String.raw`\binvalid mime headers?\b`, String.raw`\bimproperly-formatted binary content`,
      String.raw`\bunnecessary base64 encoding`, String.raw`\bbare (?:line feed|lf|cr)\b`, String.raw`\binvalid message content\b`, String.raw`\bmalformed (?:mime|message|header)`,
      String.raw`\b8-?bit (?:data|characters?) (?:not allowed|in header)`,
    ],
  },
  rejected: {
    any: [String.raw`\bsender envelope domain not allowed\b`, String.raw`\byour (?:domain|email address|envelope sender) (?:\(\S+\) )?has been (?:blocked|blacklisted)\b`, String.raw`\bbadmailfrom list\b`, String.raw`\bsender denied\b`, String.raw`\bunknown sender address\b`, String.raw`\bsender not in allowed-senders list`, String.raw`\bsender (?:was )?not authenticated (?:for|by) (?:group|mailbox|public folder|organization)`, String.raw`\bclient blocked from sending from unregistered domains`, String.raw`\bdelivery not authorized\b`, String.raw`\baccess denied, spam abuse detected\b`, String.raw`\bwill be permanently deferred\b`, String.raw`\bdue to unresolvable rfc\.?5321 (?:from )?domain`, String.raw`\benvelope rejected - block policy\b`, String.raw`\bblocked senders\b`, String.raw`\bnot a member of this (?:mailing )?list\b`, String.raw`\bcustomfromdenied\b`, String.raw`\bgroup you tried to contact \(\S+\) may not exist`, String.raw`\ball recipient addresses rejected : access denied\b`, 
      String.raw`\bsender (?:address |email address |e-mail address |domain )?(?:rejected|refused|denied|blacklisted|blocked|not (?:allowed|accepted|pre-approved|authorized))`,
      String.raw`\baddress rejected\b`, String.raw`\bdomain of sender address\b`, String.raw`\bsender verif(?:y|ication) failed`, String.raw`\binvalid sender\b`, String.raw`\bbogus mail from\b`,
      String.raw`\bmail from not owned by user`, String.raw`\bunroutable sender address`, String.raw`\b(?:null|empty) (?:envelope )?senders? (?:is |are )?not allowed`,
      String.raw`\bsender is (?:spammer|in my black list)`, String.raw`\b(?:your|sender) (?:email )?address has been blacklisted`, String.raw`\badministrative prohibition\b`,
      String.raw`\bbatv\b`, String.raw`\breturned mail not accepted here`, String.raw`\bthis server does not accept mail from\b`, String.raw`\bfully qualified email address required`,
      String.raw`\bsender domain (?:is empty|not found|does not exist|must exist|must resolve)`, String.raw`\bemetteur invalide\b`, String.raw`\bsender isn't on the recipient's list of senders`,
      String.raw`\baccess denied \(sender blacklisted\)`, String.raw`\benvelope blocked - `, String.raw`\bno third-party dsns\b`, String.raw`\bfrom: domain is invalid`,
      String.raw`\bcan't determine purported responsible address`, String.raw`\bwithout a valid sender domain`, String.raw`\bdenied \[bouncedeny\]`, String.raw`\bvalid-address-filter\b`,
      String.raw`\bbackscatter protection detected`, String.raw`\bemail address is not verified\b`, String.raw`\bnot a registered gateway user`, String.raw`\bsenderfilterconfig\b`,
      String.raw`\bnot allowed to post to this mailing list`, String.raw`\bsending to/from an address that has been blacklisted`, String.raw`\bspam reporting address\b`,
      String.raw`\bsyntax error: empty email address`, String.raw`\btransaction failed unsigned dsn`, String.raw`\bsender (?:was|is) rejected`, String.raw`\bmail sending denied\b`,
      String.raw`\bsending this from a different address or alias`, String.raw`\brule imposed mailbox access for\b`, String.raw`\bsender address (?:has )?null mx`,
      String.raw`\bbad outbound sender\b`, String.raw`\bsender (?:domain|address) .{0,60}(?:does not exist|not resolv)`, String.raw`\bunauthenticated email is not accepted\b`,
    ],
    not: [String.raw`\brecipient address rejected\b`, String.raw`\bsender ip address rejected\b`, String.raw`\b5\.1\.0 address rejected\b`],
  },
  spamdetected: {
    any: [String.raw`\brejected[:,]? (?:as )?spam\b`, String.raw`\bsuspicion of spam\b`, String.raw`\bblocked for spam\b`, String.raw`\bmail rejete\. mail rejected\. \w+_506\b`, 
      String.raw`\b(?:detected|identified|classified|considered|rejected|scored|flagged|marked|blocked|filtered|refused|categori[sz]ed|judged) (?:it )?(?:as|for) (?:a |being )?(?:possible |probable |likely |potential )?(?:spam|junk|bulk)\b`,
      String.raw`\bspam (?:detected|blocked|rejected|refused|content|message|score|filter|check|not accepted|rejection|email|points)\b`, String.raw`\blooks? like spam\b`,
      String.raw`\bappears? to be (?:spam|unsolicited)`, String.raw`\blikely unsolicited mail`, String.raw`\bunsolicited (?:bulk )?(?:e-?mail|mail|message)`, String.raw`\bhigh probability of spam`,
      String.raw`\bspam-like\b`, String.raw`\bprobable spam\b`, String.raw` - spam\b`, String.raw`\bspamassassin\b`, String.raw`\bcontent filter`, String.raw`\bmessage content rejected`,
      String.raw`\bspamprofiler\b`, String.raw`\bspambouncer\b`, String.raw`\btoo many spam complaints`, String.raw`\bblacklisted url in message`, String.raw`\bmail content denied`,
      String.raw`\bmay consider spam\b`, String.raw`\bspam or virus\b`, String.raw`\breject,? id=\S+ - spam`, String.raw`\bnature of the content or the links within`,
      String.raw`\bsimilar to spam\b`, String.raw`\bspam-?like characteristics\b`, String.raw`\bwe dont accept spam\b`, String.raw`\bspamming not allowed\b`,
      String.raw`\breject bulk\.advertising`, String.raw`\brejected - bulk email`, String.raw`\bbulk mail\b`, String.raw`\bsender domain listed at\b`, String.raw`\buribl\b`,
      String.raw`\bthe message was rejected due to classification as bulk`, String.raw`\bcontains spam\b`, String.raw`\bantispam checks\b`, String.raw`\bspam block\b`,
      String.raw`\btoo much spam\b`, String.raw`\brecurrent pattern detection\b`, String.raw`\bpercent probability of being spam`, String.raw`\bmail score \(.{1,20} over\b`,
      String.raw`\bthis message scored .{1,20} spam points`, String.raw`\brejected by .{1,40} \(spam\)`, String.raw`\brejected due to spam\b`, String.raw`\bspam \S+ exceeded\b`,
      String.raw`\bmessage rejected for policy reasons\b`, String.raw`\brejecting (?:banned|mail) content\b`, String.raw`\bbanned content\b`, String.raw`\btemporarily blocked by our filter`,
      String.raw`\bphishing\b`, String.raw`\bjunk mail\b`, String.raw`\bdetected as spam\b`,
      // Issue 11 additions, from the rejection texts that filters document: Cisco Secure Email /
      // IronPort "Message rejected: blacklisted URL", Barracuda "Message content rejected",
      // Proofpoint/Mimecast "content is not acceptable (spam)", SpamAssassin-based milters
      // "spam URLs", Microsoft "message body looks like junk".
      String.raw`\bcontent is not acceptable\b`, String.raw`\(spam\)`, String.raw`\bspam (?:urls?|links?|signatures?|content)\b`,
      String.raw`\bmessage (?:body|content) (?:looks|appears) (?:like|to be) (?:spam|junk)`, String.raw`\bjunk e-?mail\b`, String.raw`\bblacklisted (?:url|link|domain in (?:the )?(?:message|body))`,
    ],
  },
  speeding: {
    any: [String.raw`\brecipient's per hour message receive limit`, String.raw`\bthe recipient has exceeded their limit for\b`, String.raw`\bhas exceeded permitted limits within\b`, String.raw`\breached your daily limit for message recipients`, String.raw`\bsubmission quota exceeded\b`, String.raw`\btenant has exceeded threshold\b`, String.raw`\bsent too many messages\b`, String.raw`\btoo many recipients (?:this|per|an?) (?:hour|day|minute)\b`, String.raw`\bsent to too many recipients\b`, 
      String.raw`\brate limit(?:ed|ing)?\b`, String.raw`\b(?:receiving|sending) mail (?:too (?:fast|quickly)|at a rate)`, String.raw`\btry again slower`, String.raw`\btoo (?:fast|quickly)\b`,
      String.raw`\b(?:sending|message|daily|hourly|relay|send) (?:rate|quota|limit) (?:exceeded|reached)`, String.raw`\bdaily (?:sending|smtp relay|user sending) (?:quota|limit)`,
      String.raw`\bexceeded (?:the )?(?:sending|message|rate) limit`, String.raw`\btoo many messages\b(?! on the server)`, String.raw`\bslow down\b`,
    ],
    not: [String.raw`\bconnections?\b.{0,20}\blimit`],
  },
  toomanyconn: {
    any: [String.raw`\bhas exceeded the maximum number of connections\b`, String.raw`\bmax(?:imum)? messages? per connection\b`, String.raw`\bexceeding outbound thread limit\b`, String.raw`\bfrequency limited\b`, 
      String.raw`\btoo many (?:connections|concurrent|smtp sessions|sessions|errors from your ip|simultaneous)`, String.raw`\bconnection (?:rate )?limit (?:exceeded|reached)`,
      String.raw`\bmax(?:imum)? connection`, String.raw`\btoo many recipients\b`, String.raw`\bthrottling failure\b`, String.raw`\bexceeds per-domain connection limit`,
      String.raw`\btrop de connexions\b`, String.raw`\bnumerous attempts to deliver\b`, String.raw`\bmax emails per hour\b`, String.raw`\bconnection count\b`,
    ],
  },
  blocked: {
    any: [String.raw`\bpbl\b`, String.raw`\byour ip address (?:\(\S+\) )?has been (?:blocked|blacklisted)\b`, String.raw`\bdynamically[- ]assigned\b`, String.raw`\bmessages from .{1,60} weren't sent\b`, String.raw`\btraffic not accepted from this ip\b`, String.raw`\(dyn:t\d\)`, String.raw`:blocked\)`, String.raw`\bip=\S+ - a problem occurred\b`, String.raw`\bconnections will not be accepted from\b`, String.raw`\bno smtp service\b`, String.raw`\bip temporarily blacklisted\b`, String.raw`\brecipient temporarily unavailable\b`, String.raw`\bremote protocol error\b`, String.raw`\brefused to talk to me\b`, String.raw`\bservice not available, closing transmission channel\b`, String.raw`\bmy name was rejected\b`, String.raw`\bservice refused, please try later\b`, 
      String.raw`\bblocked using\b`, String.raw`\b(?:black|block|deny|spam|ban)[- ]?list(?:ed)?\b`, String.raw`\b(?:rbl|dnsbl|rbls|dnsbls|spamhaus|spamcop|sorbs|barracudacentral|abuseat|cbl|senderscore|uceprotect|psbl)\b`,
      String.raw`\bclient host .{0,80}(?:blocked|rejected|refused)`, String.raw`\b(?:your|sender|sending|the|client|connecting|remote) ip(?: address)? .{0,80}(?:blocked|rejected|banned|blacklisted|listed|refused|not allowed)`,
      String.raw`\bbanned sending ip\b`, String.raw`\bdynamic ip`, String.raw`\bdynamic/zombied`, String.raw`\bhelo command rejected`, String.raw`\bconnection (?:refused|dropped|reset|was dropped)\b`,
      String.raw`\bnot currently accepting mail from your ip`, String.raw`\bpart of their network is on our block list`, String.raw`\baccess denied, (?:banned sender|bad helo|rejected by recipient|please try again later)`,
      String.raw`\bcustomer block list\b`, String.raw`\byou are not allowed to connect\b`, String.raw`\bgo away\b`, String.raw`\btoo many spams from your ip`, String.raw`\bmail from .{1,80} refused\b`,
      String.raw`\brejecting open proxy`, String.raw`\bsmtp server of your isp\b`, String.raw`\bip not in whitelist\b`, String.raw`\btry again later, closing connection`,
      String.raw`\bunusual rate of (?:unsolicited )?mail`, String.raw`\bsaid: 550 blocked\b`, String.raw`\b(?:was|is|been) blocked by\b`, String.raw`\bblocked - see http`, String.raw`\brefused - see http`,
      String.raw`\bbad sender ip address\b`, String.raw`\bsender ip address rejected\b`, String.raw`\bconfirm this mail server\b`, 
      String.raw`\bhosts with dynamic ip\b`, String.raw`\binvalid ip for sending mail\b`, String.raw`\bno access from mail server\b`, String.raw`\bserver access forbidden by your ip`,
      String.raw`\bremotehost looks suspiciously like spammer`, String.raw`\bcurrently sending spam\b`, String.raw`\byou are sending spam\b`, String.raw`\btemporary blacklisted\b`,
      String.raw`\byour server requires confirmation`, String.raw`\btoo many unwanted messages have been sent from`, String.raw`\bip .{1,60} is blocked\b`, String.raw`\bon our block ?list\b`,
      String.raw`\bmail server at .{1,60} is blocked`, String.raw`\bserver ip .{1,60} listed as abusive`, String.raw`\byour access ip .{0,60}has been rejected`, String.raw`\besmtp not accepting connections`,
      String.raw`\bdenied by (?:the )?(?:rbl|ip policy)`, String.raw`\bblocked by (?:rbl|spamhaus|ip|policy)`, String.raw`\bclient (?:host|ip) (?:\S+ )?blocked\b`,
      String.raw`\bsmtp error from remote mail server after initial connection`, String.raw`\bgr[ae]y ?list(?:ed|ing)?\b`, String.raw`\bip(?: address)? (?:has been |is )?(?:blocked|banned|blacklisted)\b`,
      // Issue 11 additions: Outlook.com's documented block codes (S3140/S3150 IP on a block list,
      // SC-001…SC-004 sender reputation), "listed in/at" a DNSBL without naming it.
      String.raw`\bs31[45]0\b`, String.raw`\bsc-00[1-4]\b`, String.raw`\b(?:ip|host|address) .{0,40}\blisted (?:in|at|on)\b`,
      // Gmail's "421 4.7.0 Try again later, closing connection" (its SMTP error reference: the
      // sending server is deferred at the connection) as sending services export it, cut after
      // "later" (Brevo, SendGrid): a 4.7.0 that says nothing but "try again later" defers the
      // sending server for now, not a security check of the sender.
      String.raw`^(?:4\d\d[ -])?4\.7\.0 (?:please )?try again later\.?$`,
    ],
    // A delivery agent on the receiving host (LMTP socket, local delivery program) refusing the
    // connection is that host's own fault: systemerror, not a block of the sender.
    not: [String.raw`\b(?:timeout|timed out)\b`, String.raw`\bconnect to \S*(?:lmtp|socket|private/)`, String.raw`\b(?:local delivery (?:program|agent)|delivery agent|lmtpd?|dovecot-lda|deliver) could not connect\b`, String.raw`\bcould not connect to (?:the )?(?:delivery agent|lmtpd?|local delivery)`],
  },
  virusdetected: {
    any: [String.raw`\bemail rejected due to security policies\b`, 
      String.raw`\bvirus\b`, String.raw`\bmalware\b`, String.raw`\binfected\b`, String.raw`\bpotentially executable attachment`, String.raw`\btrojan\b`,
      String.raw`\bused by recent viruses\b`, String.raw`\bmalicious (?:url|content|attachment|code)\b`,
    ],
  },
  policyviolation: {
    any: [String.raw`\bcontent restrictions?\b`, String.raw`\bpolicy rejection\b`, String.raw`\banti-spoofing policy\b`, String.raw`\bcontent examination policy\b`, String.raw`\bhost network,? not allowed\b`, String.raw`\bhost network not allowed\b`, String.raw`\bprotocol violation\b`, String.raw`\bcontent presents a potential\b`, 
      String.raw`\bpolicy (?:reasons|violation|restrictions?)\b`, String.raw`\bdenied by policy\b`, String.raw`\blocal policy\b`, String.raw`\borganizational settings\b`,
      String.raw`\borganization(?:al)? policy\b`, String.raw`\billegal attachment\b`, String.raw`\bmembers-only list\b`, String.raw`\bclosed mailing list\b`,
      String.raw`\bnot subscribed to this group\b`, String.raw`\bcontent presents a potential security issue`, String.raw`\bhas a policy that prohibited\b`, String.raw`\bmass mailer\b`,
      String.raw`\bimages or other attachments\b`, String.raw`\bheader error\b`, String.raw`\bheader are not accepted\b`, String.raw`\bmessages with multiple addresses\b`,
      String.raw`\bmessage given low priority\b`, String.raw`\brecipient is not accepting mail with\b`, String.raw`\bemail rejected due to security policies\b`,
      String.raw`\bsolving a captcha\b`, String.raw`\bsame message-id\b`, String.raw`\bblocked attachment\b`, String.raw`\battachment (?:type )?(?:not allowed|is not permitted|blocked)\b`,
      String.raw`\bprohibited (?:attachment|file|content)\b`, String.raw`\bmessage (?:was )?rejected by (?:organization|transport) (?:policy|rule)`, String.raw`\btransport rule\b`,
    ],
    not: [String.raw`\bsmtp protocol violation\b`, ],
  },
  systemerror: {
    any: [String.raw`\bseveral matches found in domino directory\b`, String.raw`\bautomatic homedir creat`, String.raw`\bldap (?:attribute|lookup)\b`, String.raw`\bon ldap server\b`, String.raw`\binto ldap server\b`, String.raw`\btoo many results returned but needs to be unique\b`, String.raw`\berror while executing qmail-forward\b`, String.raw`\bbad interpreter: no such file or directory\b`, String.raw`\bdelivery to (?:file|pipe) forbidden\b`, String.raw`\blocal delivery failed\b`, String.raw`\blmtp error after\b`, String.raw`\bmessage failed to be replicated\b`, String.raw`\bpfa agent busy\b`, String.raw`\bsuspiciousremoteservererror\b`, String.raw`\bsystem incorrectly configured\b`, String.raw`\bmisconfigured forwarding address\b`, String.raw`\bunable to process (?:connection|command|an email)\b`, String.raw`\bmessage ended early\b`, String.raw`\bldap server\b`, String.raw`\binsufficient permission\b`, 
      String.raw`\baliasing/forwarding loop broken`, String.raw`\bcan't create user output file`, String.raw`\bcould not load drd`, String.raw`\binternal (?:server )?error\b`,
      String.raw`\binterrupted system call`, String.raw`\bencountered an error while being processed`, String.raw`\bwould create a mail loop`, String.raw`\blocal configuration error`,
      String.raw`\blocal error in processing`, String.raw`\bloop was found in the mail exchanger`, String.raw`\bloops back to myself`, String.raw`\bmail system configuration error`,
      String.raw`\bqueue file write error`, String.raw`\bno mdb\b`, String.raw`\bremote server is misconfigured`, String.raw`\bserver configuration error`,
      String.raw`\bservice (?:is )?(?:currently |temporarily )?unavailable\b`, String.raw`\bsystem config error`, String.raw`\btemporary (?:local|system) problem`,
      String.raw`\btimeout waiting for input`, String.raw`\btransaction failed\b`, String.raw`\bunable to connect .{0,30}daemon`, String.raw`\bserver busy\b`,
      String.raw`\bsystem (?:error|failure|problem)\b`, 
      // Exchange Online's proxy "451 4.7.0 Temporary server error. Please try again later. PRX4": the
      // server's own trouble; without these words a bare 4.7.0 would read as a security refusal.
      // Not after "dns"/"name": a resolver's server failure is the network's.
      String.raw`(?<!\b(?:dns|name) )\b(?:temporary )?server (?:error|problem)\b`, String.raw`\btemporarily rejected this message\b`, String.raw`\bmultiple destination domains per transaction`,
      String.raw`\bdomain policy size per transaction exceeded`, 
      // the receiving host's own delivery agent unreachable (Postfix to Cyrus/Dovecot LMTP)
      String.raw`\bconnect to \S*(?:lmtp|socket|private/)\S*: connection refused`, String.raw`\bcould not connect to (?:the )?(?:delivery agent|lmtpd?|local delivery)`,
      String.raw`\blocal delivery (?:program|agent) could not connect\b`,
    ],
  },
  networkerror: {
    any: [String.raw`\btemporary failure in mx lookup\b`, String.raw`\balthough i'm listed as a best-preference mx or a for that host`, String.raw`\bdns query failed\b`, String.raw`\bincorrect hostname used for inbounds\b`, String.raw`\bwasn't able to establish an smtp connection`, String.raw`\bnetwork error on destination`, 
      String.raw`\bcould not connect and send the mail`, String.raw`\bdns records for the destination computer could not be found`, String.raw`\bhop count exceeded`,
      String.raw`\bhost is unreachable`, String.raw`\bnetwork is unreachable`, String.raw`\bhost name lookup failure`, String.raw`\bhost not found, try again`, String.raw`\bmail forwarding loop\b`,
      String.raw`\bmalformed (?:or unexpected )?name server reply`, String.raw`\bforwarding loop count exceeded`, String.raw`\bmessage looping\b`, String.raw`\brouting loop\b`,
      String.raw`\bno route to host\b`, String.raw`\btoo many hops\b`, String.raw`\bunable to resolve route`, String.raw`\bexceeded \d+ hops\b`,
      String.raw`\bmail loop\b`, String.raw`\bdns (?:lookup )?(?:failure|error|timeout|servfail)\b`, String.raw`\btemporary dns\b`, String.raw`\bservfail\b`, String.raw`\bname server (?:failure|timeout)`,
      String.raw`\blost connection\b`, String.raw`\bconnection closed\b`, String.raw`\bbroken pipe\b`,
    ],
  },
  systemfull: {
    any: [String.raw`\bmailbox unavailable \(not enough free space\)`, String.raw`\binsufficient system resources\b`, String.raw`\binsufficient (?:system |disk )?(?:storage|space)\b`, String.raw`\bmail system full\b`, String.raw`\binsufficient system storage`, String.raw`\bsystem (?:storage|disk) (?:is )?full`, String.raw`\bserver (?:storage|disk) (?:is )?full`],
  },
  expired: {
    any: [String.raw`\byour message was not delivered within\b`, String.raw`\bno action is required on your part\b`, String.raw`\bdelay reason:`, String.raw`\b(?:has been|was) frozen\b`, String.raw`\bsocket error\b`, String.raw`\benvelope expired\b`, String.raw`\bdelivery failed \d+ attempts\b`, String.raw`\bhost not reachable\b`, 
      String.raw`\b(?:delivery|message|queue) (?:time )?expired\b`, String.raw`\bretry time(?:out)? (?:exceeded|not reached)`, String.raw`\bgiving up on\b`, String.raw`\bgave up\b`,
      String.raw`\b(?:could not|couldn't|can ?not|unable to) (?:be )?deliver(?:ed)?\b.{0,60}\b(?:for|within|after|in) (?:more than |the last )?\d+ (?:days?|hours?|minutes?)`,
      String.raw`\bin the queue too long`, String.raw`\btoo long in (?:the )?queue`, String.raw`\bmessage timed out`, String.raw`\btimed out\b`, String.raw`\btimeout\b`,
      String.raw`\bhas been delayed\b`, String.raw`\bdelivery attempts will continue`, String.raw`\bhave been failing for a long time`, String.raw`\bit has not been collected after`,
      String.raw`\bexpired after sitting in queue`, String.raw`\bunable to deliver message after multiple retries`, String.raw`\bnot reachable within the allowed queue period`,
      String.raw`\bserver did not respond\b`, String.raw`\bno answer from host\b`, String.raw`\bcould not find a gateway for\b`, String.raw`\bfailed to deliver to domain\b`,
      String.raw`\bexpired, (?:cannot connect|connection refused)`, String.raw`\bmaximum (?:queue|delivery) (?:time|lifetime)`, String.raw`\bunable to deliver in \d+`,
    ],
  },
  failedstarttls: {
    any: [String.raw`\btls/sslv3 connection required\b`, String.raw`\bthis route requires (?:encryption|tls|high-strength ciphers)`, String.raw`\b(?:does not|doesn't) support (?:tls|starttls)\b`, 
      String.raw`\bstarttls\b`, String.raw`\btls (?:is )?required\b`, String.raw`\btls (?:handshake|negotiation) failed`, String.raw`\bmta-sts\b`, String.raw`\bcertificate-expired\b`,
      String.raw`\brequiretls\b`, String.raw`\bmust issue a starttls`, String.raw`\bencryption (?:is )?required\b`, String.raw`\btls/ssl for smtp\b`, String.raw`\bdane\b`,
    ],
  },
  securityerror: {
    any: [String.raw`\bcould not retrieve credentials\b`, String.raw`\bincorrect authentication data\b`, String.raw`\bsubmitter failed to authenticate\b`, String.raw`\bturn on smtp authentication\b`, 
      String.raw`\bauthentication (?:is )?(?:required|credentials invalid|failed|failure|turned on)\b`, String.raw`\bverification failure\b`, String.raw`\bunauthenticated senders not allowed`,
      String.raw`\bnot subscribed to ses\b`, String.raw`\bnot authorized to perform ses:`, String.raw`\bexecutable files are not allowed in compressed files`,
      String.raw`\bsorry, you don't authenticate\b`, String.raw`\bnot authorized to send mail, authentication is required`, String.raw`\bis a dead domain\b`,
      String.raw`\btoo many login attempts`, String.raw`\bapplication-specific password required`, String.raw`\busername and password not accepted`, String.raw`\bplease log in (?:with|through) your web browser`,
      String.raw`\bauthentification (?:invalide|requise)\b`, String.raw`\bno identity changes permitted`, String.raw`\bclient was not authenticated\b`, String.raw`\bauthentication mechanism is too weak`,
    ],
  },
  suppressed: {
    any: [String.raw`\bhas suppressed sending to this address\b`, String.raw`\bnot delivering to (?:a )?previously (?:bounced|unsubscribed)`, String.raw`\bnot delivering to a user who marked your messages as spam`, String.raw`\bsuppressed due to (?:system|customer) policy\b`, 
      String.raw`\bsuppression list\b`, String.raw`\b(?:address|recipient|email) (?:is |was )?suppressed\b`, String.raw`\bon (?:the|our|your|an?) (?:account-level |global |account )?suppression`,
      String.raw`\bsuppressed (?:address|recipient|due to)\b`, String.raw`\bpreviously (?:hard[- ])?bounced\b`, String.raw`\bunsubscribed address\b`,
    ],
  },
  mailererror: {
    any: [
      String.raw`\|\| exit `, String.raw`\bprocmail\b`, String.raw`\bmaildrop\b`, String.raw`\bcommand (?:failed|died with status)\b`, String.raw`\bcommand output:`,
      String.raw`\bmailer error\b`, String.raw`\bpipe to \|`, String.raw`\bchild process of \S+ transport returned\b`, String.raw`^x-unix;`, String.raw`\bexit status \d+`, String.raw`\blocal delivery (?:program|agent) (?:failed|error)`,
    ],
  },
  syntaxerror: {
    any: [String.raw`\bangle-brackets nested too deep\b`, String.raw`\bexpected word or "<"`, String.raw`\bdomain missing in source-routed address\b`, String.raw`\bmalformed address:`, String.raw`\bsend hello first\b`, String.raw`\bmalformed address: .{1,120} may not follow\b`, 
      String.raw`\bbad sequence of commands\b`, String.raw`\b(?:unrecognized|unknown|unimplemented) command\b`, String.raw`\bcommand (?:unrecognized|not (?:implemented|recognized))`,
      String.raw`\bsyntax error\b(?!: empty email address)`, String.raw`\bsmtp protocol violation\b`, String.raw`\b(?:ehlo|helo)/(?:ehlo|helo) first\b`, String.raw`\bno data after bdat\b`,
    ],
  },
  vacation: {
    any: [String.raw`\bafwezig\b`, String.raw`\bautomatisch antwoord\b`, String.raw`\bresposta automática\b`, String.raw`\bfrånvarande\b`, String.raw`\bautoodpowiedź\b`, String.raw`автоответ`, String.raw`в отпуске`, String.raw`자동 응답`, String.raw`\bestou (?:de férias|ausente)\b`, 
      String.raw`\bout of (?:the )?office\b`, String.raw`\bautomatic reply\b`, String.raw`\bauto(?:matic)?[- ]?(?:reply|response|responder)\b`, String.raw`\bautoreply\b`,
      String.raw`\bi(?:'m| am) (?:currently |now )?(?:away|out of|on (?:annual |parental |sick )?(?:vacation|leave|holiday|holidays))\b`, String.raw`\bon vacation\b`,
      String.raw`\bi will be (?:back|traveling|travelling|out)\b`, String.raw`\b(?:limited|no) access to (?:my )?e-?mail\b`, String.raw`\bwill (?:respond|reply) (?:on|upon|after) my return`,
      String.raw`\babwesenheit`, String.raw`\bnicht im b(?:ü|ue)ro\b`, String.raw`\bich bin (?:bis|vom|derzeit|zurzeit|momentan|im urlaub)\b`, String.raw`\burlaub\b`,
      String.raw`\bje suis (?:absente?|en (?:vacances|congés?))\b`, String.raw`\bréponse automatique\b`, String.raw`\babsent(?:e)? du bureau\b`,
      String.raw`\bfuera de la oficina\b`, String.raw`\bestoy de vacaciones\b`, String.raw`\brespuesta automática\b`, String.raw`\bfuori ufficio\b`, String.raw`\brisposta automatica\b`,
      '自動返信', '自動応答', '休暇', '不在', 'お休み', '自动回复', '休假',
    ],
  },
};

/**
 * "No such recipient" answers that providers only give from their directory lookup at RCPT time
 * (Yahoo "dd This user doesn't have a … account", Microsoft "mailbox unavailable" / EOP "Access
 * denied" / RESOLVER.ADR.RecipientNotFound, Exchange 2003, Orange "Adresse destinataire
 * invalide", Gmail "the address couldn't be found", Lotus Domino directory). They name a dead
 * address even when the report does not say at which SMTP step it was refused.
 */
export const DIRECTORY_MISS = new RegExp([
  String.raw`\bdd this user doesn't have an? .{1,60} account`, String.raw`\brequested action not taken: mailbox unavailable \((?:s\d|-?\d)`,
  String.raw`\b5\.4\.1 .{0,80}recipient address rejected: access denied`, String.raw`\bresolver\.adr\.recipient ?not ?found`,
  String.raw`\brecipient not found by smtp address lookup`, String.raw`\bthe recipient name is not recognized`, String.raw`\badresse destinataire invalide`,
  String.raw`\baddress couldn't be found\b`, String.raw`\bnot listed in (?:the )?(?:domino directory|public name & address book)`,
  String.raw`\binvalid final delivery userid`, String.raw`\bno se encuentra en el directorio de domino`, String.raw`\bnon répertorié dans l'annuaire domino`, 'domino ディレクトリには見つかりません', String.raw`\brequested mail action aborted, mailbox not found`, String.raw`\bplease check if (?:the )?address is correct`, String.raw`\bno valid recipients for this mm\b`,
].join('|'));

export type CompiledRule = { readonly any: RegExp; readonly not: RegExp | null };

function compile(rule: TextRule): CompiledRule {
  return {
    any: new RegExp(rule.any.map((s) => `(?:${s})`).join('|')),
    not: rule.not && rule.not.length ? new RegExp(rule.not.map((s) => `(?:${s})`).join('|')) : null,
  };
}

const COMPILED = new Map<Reason, CompiledRule>(
  (Object.entries(TEXT_RULES) as [Reason, TextRule][]).map(([reason, rule]) => [reason, compile(rule)]),
);

/**
 * The same words spelt another way: underscores and hyphens between words as spaces
 * ("User_Unknown", "no-such-user"), a word written apart ("mail box", "e mail"), tokens written
 * together as error names are ("UserUnknown", "NoSuchUser", "MAILBOX_NOT_FOUND"), quotes and angle
 * brackets around addresses. Tables are written for the plain spelling; this gives every
 * phrase its variants without listing them.
 */
export function loosenDiagnostic(text: string): string {
  return text
    .replace(/[_]+/g, ' ')
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/["<>]+/g, ' ')
    .replace(/\b(e mail|mail box)\b/g, (m: string) => m.replace(' ', ''))
    .replace(GLUED, (_m, a: string, b: string) => `${a} ${b}`)
    .replace(/\bnosuch\b/g, 'no such').replace(/\b(not|does) ?(found|not|exist)\b/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

// Error names as some servers and ESP APIs write them: UserUnknown, NoSuchUser, MailboxNotFound…
const GLUED = /\b(nosuch|unknown|invalid|user|mailbox|recipient|address|account)(user|mailbox|recipient|address|account|unknown|notfound|doesnotexist|invalid|disabled|unavailable)\b/g;

let lastText = '';
let lastLoose = '';

function loose(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLoose = loosenDiagnostic(text);
  }
  return lastLoose;
}

/** True when the normalised text reads as `reason` (and not as one of its look-alikes). */
export function textSays(reason: Reason, text: string): boolean {
  if (!text) return false;
  const rule = COMPILED.get(reason);
  if (!rule) return false;
  if (rule.any.test(text)) return !(rule.not && rule.not.test(text));
  const l = loose(text);
  if (l === text || !rule.any.test(l)) return false;
  return !(rule.not && (rule.not.test(text) || rule.not.test(l)));
}

/** The first pattern of `reason` that matched (for evidence and tests), or null. */
export function matchedPhrase(reason: Reason, text: string): string | null {
  const rule = COMPILED.get(reason);
  if (!rule) return null;
  const m = rule.any.exec(text);
  return m ? m[0] : null;
}

// SMTP multi-line replies repeat the code on every line ("550-5.1.1 The email account …\n
// 550-5.1.1 double-checking …"); removing the repeats lets phrases that wrap lines match.
const CONTINUATION = /\n[ \t]*[245]\d\d[ -](?:#?[245]\.\d{1,3}\.\d{1,3}[ \t]+)?/g;

/** Lower case, one line, single spaces, no repeated SMTP prefixes, plain quotes. */
export function normalizeDiagnostic(raw: string): string {
  if (!raw) return '';
  let s = raw.length > 4000 ? raw.slice(0, 4000) : raw;
  if (s.includes('\n')) s = s.replace(CONTINUATION, ' ');
  return s.toLowerCase().replace(/[\u2018\u2019\u201b`´]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();
}
