/**
 * A cheap pass over the raw bytes before postal-mime sees them: in a multipart message, the
 * returned original message (message/rfc822) keeps only its header block and binary
 * attachments keep no body. Nothing is decoded here — part bodies are only dropped, and the
 * MIME structure postal-mime parses stays intact. Bounce reports often carry the whole
 * original campaign (images, PDFs) back; reading it costs time and memory and says nothing.
 */

import { isMarker } from './text.js';

const MAX_DEPTH = 8;

const FIELD_RE = new Map<string, RegExp>();

function unfoldedHeader(head: string, name: string): string {
  let re = FIELD_RE.get(name);
  if (!re) { re = new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'im'); FIELD_RE.set(name, re); }
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

function slimPart(part: string, depth: number, relabel: boolean): string {
  const slim = slimPartBody(part, depth, relabel);
  return relabel ? asBase64(slim) : slim;
}

function slimPartBody(part: string, depth: number, relabelNested: boolean): string {
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
  if (type.startsWith('multipart/')) return slimMultipart(part, bodyStart, ct, depth + 1, relabelNested);
  return part;
}

function slimMultipart(text: string, bodyStart: number, contentType: string, depth: number, relabelParts = true): string {
  const boundary = boundaryOf(contentType);
  if (!boundary || depth > MAX_DEPTH) return text;
  const delim = `--${boundary}`;
  const body = text.slice(bodyStart);
  const out: string[] = [text.slice(0, bodyStart)];
  // Parts are re-encoded (see asBase64) only when every delimiter line here is one
  // postal-mime takes as a delimiter too: then its parts and ours are the same byte ranges.
  const relabel = relabelParts && exactDelimiters(body, delim);
  let pos = 0;
  let first = true;
  for (;;) {
    let at = body.indexOf(delim, pos);
    // a delimiter only counts at a line start
    while (at > 0 && body[at - 1] !== '\n') at = body.indexOf(delim, at + 1);
    if (at < 0) {
      out.push(first ? body.slice(pos) : slimPart(body.slice(pos), depth, relabel));
      break;
    }
    const chunk = body.slice(pos, at);
    // The preamble and the epilogue are the multipart's own body, which postal-mime keeps (each
    // line a piece of a Blob, ~5 µs apiece) and never reads; dropped where its parts are ours.
    out.push(first ? (relabel ? '' : chunk) : slimPart(chunk, depth, relabel));
    first = false;
    const lineEnd = body.indexOf('\n', at);
    const delimLine = lineEnd < 0 ? body.slice(at) : body.slice(at, lineEnd + 1);
    out.push(delimLine);
    if (delimLine.startsWith(`${delim}--`)) {
      if (!relabel) out.push(body.slice(at + delimLine.length));
      break;
    }
    if (lineEnd < 0) break;
    pos = lineEnd + 1;
  }
  return out.join('');
}

/** Whether every line starting with the delimiter is exactly it (or its closing form), as postal-mime requires. */
function exactDelimiters(body: string, delim: string): boolean {
  for (let at = body.indexOf(delim); at >= 0; at = body.indexOf(delim, at + 1)) {
    if (at > 0 && body[at - 1] !== '\n') continue;
    let i = at + delim.length;
    if (body.startsWith('--', i)) i += 2;
    while (body[i] === ' ' || body[i] === '\t') i++;
    if (i < body.length && body[i] !== '\r' && body[i] !== '\n') return false;
  }
  return true;
}

/**
 * A part postal-mime would pass through undecoded (7bit, 8bit, binary or no encoding named),
 * handed over as one base64 line of the very bytes postal-mime would have produced: each body
 * line without its trailing CR/LF, plus "\n" (what its pass-through decoder does). Why: that
 * decoder keeps every line and every "\n" as a separate Blob part, and Node's Blob copies and
 * reads back each part on its own — a third of the reader's time. A one-line base64 body is a
 * single part. Decoding stays postal-mime's; the part's type, charset and text are untouched.
 */
export function asBase64(part: string): string {
  // A part without header fields (Sendmail's first part): it keeps its default type and gains
  // the one field that says how its body is encoded.
  const firstNl = part.indexOf('\n');
  if (firstNl >= 0 && /^\r*$/.test(part.slice(0, firstNl))) {
    if (firstNl + 1 >= part.length) return part;
    const nl = firstNl > 0 ? '\r\n' : '\n';
    return 'Content-Transfer-Encoding: base64' + nl + nl + linesAsBase64(part.slice(firstNl + 1)) + nl;
  }
  const { end, bodyStart } = headerEnd(part, 0);
  if (bodyStart >= part.length) return part;
  const head = part.slice(0, end);
  // a header block that postal-mime would end earlier (a line of only CRs) or a part with none
  if (/^\r*\n|\n\r*(?:\n|$)/.test(head) || /^\r*$/.test(head)) return part;
  // a bare CR is inside a line for postal-mime but ends one for the patterns below
  if (/\r(?!\n)/.test(head)) return part;
  // containers hold their parts, which are handled one by one
  if (/multipart/i.test(head)) return part;
  const fields = head.match(/^Content-Transfer-Encoding[ \t]*:.*(?:\r?\n[ \t].*)*/gim);
  if (fields && (fields.length > 1 || /base64|quoted-printable/i.test(fields[0] ?? ''))) return part;
  const nl = head.includes('\r\n') ? '\r\n' : '\n';
  const kept = fields ? head.replace(/^Content-Transfer-Encoding[ \t]*:.*(?:\r?\n[ \t].*)*(?:\r?\n|$)/im, '') : head;
  const newHead = (kept.length && !kept.endsWith('\n') ? kept + nl : kept) + 'Content-Transfer-Encoding: base64';
  return newHead + part.slice(end, bodyStart) + linesAsBase64(part.slice(bodyStart)) + nl;
}

/** A body as postal-mime's pass-through decoder gives it, base64-encoded: per line, trailing CRs dropped, "\n" after it (the last line too). */
function linesAsBase64(body: string): string {
  let content = body;
  if (content.includes('\r')) content = content.replace(/\r+\n/g, '\n').replace(/\r+$/, '');
  if (!content.endsWith('\n')) content += '\n';
  return Buffer.from(content, 'latin1').toString('base64');
}

/** Header fields of a returned message that the reader uses; Received chains and signatures are not. */
const KEEP = /^(?:From|To|Cc|Subject|Date|Message-I[dD]|Return-Path|Reply-To|Sender|Content-Type|MIME-Version|X-Failed-Recipients|Delivered-To|X-Original-To|X-HmXmrOriginalRecipient):/i;

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
 * a typical bounce's header lines, and postal-mime decodes and unfolds every one. Received
 * fields are another third: the reader looks in them only for the MTAs detect.ts names by them
 * (RECEIVED_SAYS), so the others go too.
 */
const UNUSED_FIELD = /^(?:DKIM-Signature|X-Google-DKIM-Signature|DomainKey-Signature|ARC-[A-Za-z-]+|Authentication-Results|X-Received|Received-SPF):/i;
/** Wider than what detect.ts matches in a Received value (a fold can split its words). */
const RECEIVED_SAYS = /exim|messaging|sun|oracle/i;

function dropUnusedFields(head: string): string {
  if (!/^(?:DKIM|X-Google-DKIM|DomainKey|ARC-|Authentication-Results|X-Received|Received)/im.test(head)) return head;
  const lines = head.split('\n');
  const out: string[] = [];
  let field: string[] = [];
  let dropping = false;
  const flush = (): void => {
    if (!dropping && !(field.length && /^Received:/i.test(field[0]!) && !RECEIVED_SAYS.test(field.join('\n')))) out.push(...field);
    field = [];
  };
  for (const line of lines) {
    if (line.length && (line[0] === ' ' || line[0] === '\t')) { field.push(line); continue; }
    flush();
    dropping = UNUSED_FIELD.test(line);
    field.push(line);
  }
  flush();
  return out.join('\n');
}

/**
 * A message as some tools save it: blank or whitespace-only lines before the header block (saved
 * from webmail, old clients) and NUL bytes or spaces padding the end (fixed-size records, copies
 * off a disk image). Neither is part of the message; both hide it from a reader.
 */
export function trimPadding(raw: Uint8Array): Uint8Array {
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x0a) start = i + 1;
    else if (b !== 0x20 && b !== 0x09 && b !== 0x0d) break;
  }
  let end = raw.length;
  while (end > start && (raw[end - 1] === 0 || raw[end - 1] === 0x20 || raw[end - 1] === 0x1a)) end--;
  return start === 0 && end === raw.length ? raw : raw.subarray(start, end);
}

/** The message with returned-message bodies, binary attachments and unused header fields dropped (same bytes otherwise). */
export function slimMessage(raw: Uint8Array, opts: { relabel?: boolean } = {}): Uint8Array {
  const relabel = opts.relabel ?? true;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const { end, bodyStart } = headerEnd(text, 0);
  const head = text.slice(0, end);
  const ct = unfoldedHeader(head, 'Content-Type');
  const slim = /^\s*multipart\//i.test(ct)
    ? slimMultipart(text, bodyStart, ct, 0, relabel)
    : /^\s*(?:text\/plain|$)/i.test(ct) ? slimInline(text, bodyStart, unfoldedHeader(head, 'Content-Transfer-Encoding')) : text;
  const slimHead = dropUnusedFields(head);
  let out = slimHead.length < head.length ? slimHead + slim.slice(end) : slim;
  if (relabel && !/^\s*multipart\//i.test(ct)) out = asBase64(out);
  return out !== text ? Buffer.from(out, 'latin1') : raw;
}
