/**
 * A cheap pass over the raw bytes before postal-mime sees them: in a multipart message, the
 * returned original message (message/rfc822) keeps only its header block and binary
 * attachments keep no body. Nothing is decoded here — part bodies are only dropped, and the
 * MIME structure postal-mime parses stays intact. Bounce reports often carry the whole
 * original campaign (images, PDFs) back; reading it costs time and memory and says nothing.
 */

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
    return part.slice(0, inner.end) + nl + nl;
  }
  if (/^(?:image|audio|video|font|application)\//.test(type) && !/^application\/(?:json|x-json)/.test(type)) {
    return head + nl + nl;
  }
  if (type.startsWith('multipart/')) return slimMultipart(part, head, bodyStart, ct, depth + 1);
  return part;
}

function slimMultipart(text: string, head: string, bodyStart: number, contentType: string, depth: number): string {
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
  void head;
  return out.join('');
}

/** The message with returned-message bodies and binary attachments dropped (same bytes otherwise). */
export function slimMessage(raw: Uint8Array): Uint8Array {
  // small messages cost more to rewrite than to parse
  if (raw.length < 32 * 1024) return raw;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('latin1');
  const { end, bodyStart } = headerEnd(text, 0);
  const ct = unfoldedHeader(text.slice(0, end), 'Content-Type');
  if (!/^\s*multipart\//i.test(ct)) return raw;
  const slim = slimMultipart(text, text.slice(0, end), bodyStart, ct, 0);
  return slim.length < text.length ? Buffer.from(slim, 'latin1') : raw;
}
