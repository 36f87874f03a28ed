/**
 * A Postfix-style delivery status notification (550 5.1.1) for `rcpt`, the one small bounce
 * message the mail, bounce and cleanup tests build their containers from. With `returned`, the
 * report also carries the returned message's headers, followed by `returned.body`.
 */
export function postfixDsn(rcpt: string, returned?: { readonly body: string }): string {
  return [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
    'To: sender@example.com',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    'MIME-Version: 1.0',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    `<${rcpt}>: host mx.example.org[192.0.2.1] said: 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown (in reply to RCPT TO command)`,
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.net',
    '',
    `Final-Recipient: rfc822; ${rcpt}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`,
    '',
    ...(returned
      ? ['--B', 'Content-Type: text/rfc822-headers', '', 'From: sender@example.com', `To: ${rcpt}`, 'Subject: our newsletter', '', returned.body]
      : []),
    '--B--',
    '',
  ].join('\n');
}
