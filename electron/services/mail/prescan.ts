/**
 * A cheap pass over the raw bytes before postal-mime sees them: in a multipart message, the
 * returned original message (message/rfc822) keeps only its header block and binary
 * attachments keep no body. Nothing is decoded here — part bodies are only dropped, and the
 * MIME structure postal-mime parses stays intact. Bounce reports often carry the whole
 * original campaign (images, PDFs) back; reading it costs time and memory and says nothing.
 */

import { isMarker } from './text.js';

const MAX_DEPTH = 8;

function unfoldedHeader(head: string, name: string): string {
  const re = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im');
  const m = re.exec(head);
  return m ? (m[1] ?? '').replace(/\r?\n[ \t]+/g, ' ') : '';
}

function boundaryOf(contentType: string): string {
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType);
  return (m?.[1] ?? m?.[2] ?? '').trim();
}

function headerEnd(text: string, from: number): { end: number; bodyStart: number } {
  const m = /\r?\n\r?\n/g;
  m.lastIndex = from;
  const hit = m.exec(text);
  return hit ? { end: hit.index, bodyStart: hit.index + hit[0].length } : { end: text.length, bodyStart: text.length };
}

function slimPart(part: string, depth: number): string {
  const { end, bodyStart } = headerEnd(part, 0);
  if (bodyStart >= part.length) return part;
  const head = part.slice(0, end);
  const ct = unfoldedHeader(head, 'Content-Type').toLowerCase();
  const cte = unfoldedHeader(head, 'Content-Transfer-Encoding').toLowerCase();
  const type = /^\s*([\w.+-]+\/[\w.+-]+)/.exec(ct)?.[1] ?? 'text/plain';
  const nl = /\r\n/.test(head) ? '\r\n' : '\n';
  if ((type === 'message/rfc822' || type === 'message/global') && !/base64|quoted-printable/.test(cte)) {
    // keep the returned message's header block: its To/From/Message-ID are evidence
    const inner = headerEnd(part, bodyStart);
    return part.slice(0, bodyStart) + keepHeaders(part.slice(bodyStart, inner.end), nl) + nl + nl;
  }
  if (type === 'text/rfc822-headers' || type === 'text/rfc822-header' || type === 'message/rfc822-headers') {
    return part.slice(0, bodyStart) + keepHeaders(part.slice(bodyStart), nl) + nl;
  }
  if (/^(?:image|audio|video|font|application)\//.test(type) && !/^application\/(?:json|x-json)/.test(type)) {
    return head + nl + nl;
  }
  if (type.startsWith('multipart/')) return slimMultipart(part, bodyStart, ct, depth + 1);
  return part;
}

function slimMultipart(text: string, bodyStart: number, contentType: string, depth: number): string {
  const boundary = boundaryOf(contentType);
  if (!boundary || depth > MAX_DEPTH) return text;
  const delim = `--${boundary}`;
  const body = text.slice(bodyStart);
  const out: string[] = [text.slice(0, bodyStart)];
  let pos = 0;
  let first = true;
  for (;;) {
    let at = body.indexOf(delim, pos);
    // a delimiter only counts at a line start
    while (at > 0 && body[at - 1] !== '\n') at = body.indexOf(delim, at + 1);
    if (at < 0) {
      out.push(first ? body.slice(pos) : slimPart(body.slice(pos), depth));
      break;
    }
    const chunk = body.slice(pos, at);
    out.push(first ? chunk : slimPart(chunk, depth));
    first = false;
    const lineEnd = body.indexOf('\n', at);
    const delimLine = lineEnd < 0 ? body.slice(at) : body.slice(at, lineEnd + 1);
    out.push(delimLine);
    if (delimLine.startsWith(`${delim}--`)) {
      out.push(body.slice(at + delimLine.length));
      break;
    }
    if (lineEnd < 0) break;
    pos = lineEnd + 1;
  }
  return out.join('');
}

/** Header fields of a returned message that the reader uses; Received chains and signatures are not. */
const KEEP = /^(?:From|To|Cc|Subject|Date|Message-I[dD]|Return-Path|Reply-To|Sender|Content-Type|MIME-Version|X-Failed-Recipients|Delivered-To|X-Original-To):/i;

function keepHeaders(block: string, nl: string): string {
  const out: string[] = [];
  let keeping = false;
  for (const line of block.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) { if (keeping) out.push(line); continue; }
    keeping = KEEP.test(line);
    if (keeping) out.push(line);
  }
  return out.join(nl);
}

/**
 * A single-part text report (qmail, Exim, Sendmail v5…) that quotes the original message after a
 * marker line: the report, the marker and the quoted header block stay, the quoted body goes.
 * Only for 7bit/8bit bodies, where lines are bytes.
 */
function slimInline(text: string, bodyStart: number, cte: string): string {
  if (/base64/i.test(cte)) return text;
  const body = text.slice(bodyStart);
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!isMarker(lines[i] ?? '')) continue;
    let j = i + 1;
    while (j < lines.length && (lines[j] ?? '').trim() === '') j++;
    while (j < lines.length && (lines[j] ?? '').trim() !== '' && j < i + 200) j++;
    if (j >= lines.length - 1) return text;
    return text.slice(0, bodyStart) + lines.slice(0, j).join('\n') + '\n';
  }
  return text;
}

/**
 * Bounce header fields nothing reads: signatures and authentication stamps. They are a fifth of
 * a typical bounce's header lines, and postal-mime decodes and unfolds every one.
 */
const UNUSED_FIELD = /^(?:DKIM-Signature|X-Google-DKIM-Signature|DomainKey-Signature|ARC-[A-Za-z-]+|Authentication-Results|X-Received|Received-SPF):/i;

function dropUnusedFields(head: string): string {
  if (!/^(?:DKIM|X-Google-DKIM|DomainKey|ARC-|Authentication-Results|X-Received|Received-SPF)/im.test(head)) return head;
  const lines = head.split('\n');
  const out: string[] = [];
  let dropping = false;
  for (const line of lines) {
    if (line.length && (line[0] === ' ' || line[0] === '\t')) { if (!dropping) out.push(line); continue; }
    dropping = UNUSED_FIELD.test(line);
    if (!dropping) out.push(line);
  }
  return out.join('\n');
}

/** The message with returned-message bodies, binary attachments and unused header fields dropped (same bytes otherwise). */
export function slimMessage(raw: Uint8Array): Uint8Array {
  if (raw.length < 1024) return raw;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const { end, bodyStart } = headerEnd(text, 0);
  const head = text.slice(0, end);
  const ct = unfoldedHeader(head, 'Content-Type');
  const slim = /^\s*multipart\//i.test(ct)
    ? slimMultipart(text, bodyStart, ct, 0)
    : /^\s*(?:text\/plain|$)/i.test(ct) ? slimInline(text, bodyStart, unfoldedHeader(head, 'Content-Transfer-Encoding')) : text;
  const slimHead = dropUnusedFields(head);
  const out = slimHead.length < head.length ? slimHead + slim.slice(end) : slim;
  return out.length < text.length ? Buffer.from(out, 'latin1') : raw;
}
