/**
 * Which MTA or provider wrote a bounce, from its headers and the wording of its report.
 * The ids are lowercase and stable: they are stored with every record and shown in the review.
 */

export interface Signals {
  /** Lower-cased header name -> values, bounce message only. */
  headers: ReadonlyMap<string, readonly string[]>;
  from: string;
  subject: string;
  /** The report text (original message cut off). */
  report: string;
  /** Delivery-status part present. */
  hasDsn: boolean;
  reportingMta: string;
}

interface Rule { id: string; test: (s: Signals, h: (n: string) => string) => boolean }

const RULES: Rule[] = [
  { id: 'amazonworkmail', test: (s, h) => /Amazon WorkMail/i.test(h('x-mailer')) || /\bWorkMail\b/.test(s.report) },
  { id: 'amazonses', test: (s, h) => h('x-ses-outgoing') !== '' || /amazonses\.com/i.test(s.from) || /amazonses\.com|\bSES\b.*Amazon/i.test(s.reportingMta) || /^X-SES-/im.test(h('x-ses-receipt') ? 'X-SES-' : '') },
  { id: 'sendgrid', test: (s) => /sendgrid\.(?:net|com)/i.test(s.from) },
  // Google Groups' own "you can't post to this group" notice (not a DSN about a group address)
  { id: 'googlegroups', test: (s, h) => !s.hasDsn && /googlemail\.com|google\.com/i.test(s.from) && /googlegroups\.com/i.test(h('x-failed-recipients')) },
  { id: 'gmail', test: (s, h) => /mailer-daemon@(?:googlemail|gmail|google)\.com/i.test(s.from) || (/^mx\.google\.com$|google\.com$/i.test(s.reportingMta)) || h('x-gm-message-state') !== '' && /Delivery Status Notification|Delivery to the following recipient/i.test(s.subject + s.report) },
  { id: 'office365', test: (s, h) => /outlook\.com|office365|protection\.outlook/i.test(s.reportingMta) || /Microsoft Exchange Online|Office 365|outlook\.com/i.test(s.report) && h('x-ms-exchange-message-is-ndr') !== '' },
  { id: 'outlook', test: (s) => (/[@.](?:hotmail|outlook|live|msn)\./i.test(s.from) && /postmaster|mailer-daemon/i.test(s.from)) || /\bhotmail\b|\.outlook\.com\b/i.test(s.reportingMta) },
  { id: 'exchange2007', test: (s, h) => /Microsoft Exchange Server 20(?:07|10|13|16|19)|Diagnostic information for administrators/i.test(s.report) || h('x-ms-exchange-message-is-ndr') !== '' || /^[a-z]{2}-[A-Z]{2}$/.test(h('content-language')) && /Undeliverable|Unzustellbar|Non remis|Onbestelbaar/i.test(s.subject) },
  { id: 'exchange2003', test: (s, h) => /did not reach the following recipient|MSEXCH:/i.test(s.report) || /Microsoft Exchange|Produced By Microsoft Exchange/i.test(h('x-mimeole') + h('x-mailer')) },
  { id: 'yahoo', test: (s, h) => /yahoo/i.test(s.from) || h('x-ymailisg') !== '' || /Sorry, we were unable to deliver your message to the following address/i.test(s.report) },
  { id: 'aol', test: (s) => /@aol\.(?:com|jp)/i.test(s.from) },
  { id: 'mailru', test: (s) => /@(?:corp\.)?mail\.ru\b/i.test(s.from) || /mail\.ru/i.test(s.reportingMta) },
  { id: 'yandex', test: (s) => /yandex/i.test(s.from + s.reportingMta) },
  { id: 'zoho', test: (s, h) => h('x-zohomail') !== '' || /zoho/i.test(s.from) },
  { id: 'gmx', test: (s) => /@(?:gmx|web)\.(?:net|de|com)/i.test(s.from) },
  { id: 'einsundeins', test: (s) => /@(?:1and1|online)\.|1&1|kundenserver\.de/i.test(s.from + s.report.slice(0, 400)) },
  { id: 'verizon', test: (s) => /verizon|vzwpix|vtext\.com/i.test(s.from) },
  { id: 'ezweb', test: (s) => /ezweb\.ne\.jp|au\.com/i.test(s.from) },
  { id: 'kddi', test: (s) => /kddi|dion\.ne\.jp/i.test(s.from + s.reportingMta) },
  { id: 'biglobe', test: (s) => /biglobe/i.test(s.from) },
  { id: 'facebook', test: (s) => /facebook/i.test(s.from) },
  { id: 'domino', test: (s, h) => /Lotus Domino|Domino/i.test(h('x-mailer')) || /Lotus Notes/i.test(h('x-mailer')) },
  { id: 'notes', test: (s) => /Lotus Notes|Notes Mail/i.test(s.report) },
  { id: 'mcafee', test: (s, h) => h('x-nai-header') !== '' || /McAfee/i.test(s.report) },
  { id: 'barracuda', test: (s, h) => /Barracuda/i.test(s.report + s.reportingMta + h('x-barracuda-connect')) },
  { id: 'trendmicro', test: (s, h) => /InterScan|Trend Micro/i.test(s.report + h('x-mailer')) },
  { id: 'messagelabs', test: (s) => /messagelabs/i.test(s.from + s.reportingMta) },
  { id: 'mimecast', test: (s) => /mimecast/i.test(s.from + s.reportingMta) },
  { id: 'mxlogic', test: (s, h) => /MXLogic/i.test(s.report) || h('x-mx-bounce') !== '' || h('x-mxl-hash') !== '' },
  { id: 'surfcontrol', test: (s, h) => /SurfControl/i.test(h('x-mailer') + s.report) },
  { id: 'imailserver', test: (s, h) => /IMail|SMTP32/i.test(h('x-mailer')) },
  { id: 'mailfoundry', test: (s) => /MailFoundry/i.test(s.report) },
  { id: 'mailmarshal', test: (s) => /MailMarshal/i.test(s.report) },
  { id: 'activehunter', test: (s) => /ActiveHunter/i.test(s.report + s.from) },
  { id: 'mfilter', test: (s) => /m-FILTER/i.test(s.report) },
  { id: 'fml', test: (s, h) => /fml/i.test(h('x-mlserver')) },
  { id: 'apachejames', test: (s) => /Apache James/i.test(s.report) },
  { id: 'powermta', test: (s, h) => /PowerMTA/i.test(h('x-mailer') + s.report) },
  { id: 'messagingserver', test: (s, h) => /Messaging Server|Sun Java|Oracle Communications/i.test(h('content-type') + s.report + h('received')) || /^This report relates to a message you sent/im.test(s.report) },
  { id: 'dragonfly', test: (s) => /DragonFly Mail Agent/i.test(s.report) },
  { id: 'opensmtpd', test: (s) => /This is the MAILER-DAEMON, please DO NOT REPLY|OpenSMTPD/i.test(s.report) },
  { id: 'courier', test: (s) => /Courier mail server|courier-mta/i.test(s.report + s.from) },
  { id: 'qmail', test: (s) => /qmail-send program|This is the qmail|\(#\d\.\d\.\d\)/i.test(s.report) },
  { id: 'exim', test: (s, h) => /Exim/i.test(h('received')) && (/This message was created automatically by mail delivery software/i.test(s.report) || h('x-failed-recipients') !== '') || /This message was created automatically by mail delivery software/i.test(s.report) },
  { id: 'postfix', test: (s, h) => h('x-postfix-queue-id') !== '' || /This is the mail system at host|The mail system|Postfix/i.test(s.report) },
  { id: 'sendmail', test: (s) => /The following addresses had permanent fatal errors|Transcript of session follows|\bsendmail\b/i.test(s.report) },
  { id: 'amavis', test: (s) => /amavis/i.test(s.report) },
];

export function detectProvider(s: Signals): string {
  const cache = new Map<string, string>();
  const h = (n: string): string => {
    let v = cache.get(n);
    if (v === undefined) { v = (s.headers.get(n) ?? []).join('\n'); cache.set(n, v); }
    return v;
  };
  for (const r of RULES) {
    try {
      if (r.test(s, h)) return r.id;
    } catch {
      // a rule that trips on odd input is a rule that did not match
    }
  }
  return s.hasDsn ? 'rfc3464' : 'generic';
}
