/**
 * Git's pkt-line framing (gitprotocol-common): four hex digits give the
 * length of the line including themselves; `0000` ends a section (flush),
 * `0001` separates a command's capabilities from its arguments (delim), and
 * `0002` ends a response (response-end).
 */

/** One unit of a pkt-line stream. */
export type PktLine =
  | { type: 'data'; payload: Buffer }
  | { type: 'flush' }
  | { type: 'delim' }
  | { type: 'response-end' };

/** Largest pkt-line git accepts (LARGE_PACKET_MAX). */
const MAX_PKT_LENGTH = 65520;

export const FLUSH_PKT = '0000';
export const DELIM_PKT = '0001';

/** Frames one line of text (its newline included by the caller). */
export function encodePktLine(text: string): string {
  const length = Buffer.byteLength(text, 'utf8') + 4;
  if (length > MAX_PKT_LENGTH) {
    throw new Error(`pkt-line of ${length} bytes exceeds ${MAX_PKT_LENGTH}`);
  }
  return length.toString(16).padStart(4, '0') + text;
}

/**
 * Splits a whole response into its pkt-lines. Throws when the framing is
 * broken (a length that is not hex, too short, or runs past the end), since
 * what follows a broken frame cannot be trusted.
 */
export function readPktLines(body: Buffer): PktLine[] {
  const lines: PktLine[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (offset + 4 > body.length) {
      throw new Error(`truncated pkt-line length at byte ${offset}`);
    }
    const header = body.toString('latin1', offset, offset + 4);
    if (!/^[0-9a-f]{4}$/i.test(header)) {
      throw new Error(`invalid pkt-line length "${header}" at byte ${offset}`);
    }
    const length = parseInt(header, 16);
    if (length === 0) {
      lines.push({ type: 'flush' });
    } else if (length === 1) {
      lines.push({ type: 'delim' });
    } else if (length === 2) {
      lines.push({ type: 'response-end' });
    } else if (length < 4) {
      throw new Error(`invalid pkt-line length ${length} at byte ${offset}`);
    } else {
      if (offset + length > body.length) {
        throw new Error(`pkt-line at byte ${offset} runs past the end`);
      }
      lines.push({
        type: 'data',
        payload: body.subarray(offset + 4, offset + length),
      });
      offset += length;
      continue;
    }
    offset += 4;
  }
  return lines;
}

/** A data line's text without its trailing newline. */
export function pktText(payload: Buffer): string {
  const text = payload.toString('utf8');
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}
