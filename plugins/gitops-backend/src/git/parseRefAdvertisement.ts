import { PktLine, pktText, readPktLines } from './pktLine';

/**
 * Refs a remote named, and where its symbolic refs point (`HEAD` →
 * `refs/heads/main`).
 */
export interface RemoteRefs {
  refs: Map<string, string>;
  symrefs: Map<string, string>;
}

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * Reads the answer to `GET …/info/refs?service=git-upload-pack`. A server
 * speaking protocol v2 answers with its capabilities only (`version 2`):
 * its refs must then be asked with `ls-refs`. A v0/v1 server lists every
 * ref, the first line carrying the capabilities after a NUL (among them
 * `symref=HEAD:refs/heads/main`).
 */
export function parseInfoRefs(
  body: Buffer,
): { version: 2 } | { version: 0; refs: RemoteRefs } {
  const lines = withoutServiceHeader(readPktLines(body));
  const first = lines[0];
  if (first?.type === 'data' && pktText(first.payload) === 'version 2') {
    return { version: 2 };
  }
  if (first?.type === 'data' && /^version 1$/.test(pktText(first.payload))) {
    lines.shift();
  }
  const refs: RemoteRefs = { refs: new Map(), symrefs: new Map() };
  let isFirst = true;
  for (const line of lines) {
    if (line.type === 'flush') {
      break;
    }
    if (line.type !== 'data') {
      throw new Error('unexpected delimiter in the ref advertisement');
    }
    let text = pktText(line.payload);
    if (isFirst) {
      isFirst = false;
      const nul = text.indexOf('\0');
      if (nul >= 0) {
        for (const capability of text.slice(nul + 1).split(' ')) {
          const symref = /^symref=([^:]+):(.+)$/.exec(capability);
          if (symref) {
            refs.symrefs.set(symref[1], symref[2]);
          }
        }
        text = text.slice(0, nul);
      }
    }
    const [id, name] = splitRefLine(text);
    // An empty repository advertises `capabilities^{}` with a zero id.
    if (name !== 'capabilities^{}') {
      refs.refs.set(name, id);
    }
  }
  return { version: 0, refs };
}

/**
 * Reads the answer to a protocol v2 `ls-refs` command with `symrefs`:
 * `<id> <name>[ symref-target:<target>]` lines up to a flush.
 */
export function parseLsRefs(body: Buffer): RemoteRefs {
  const refs: RemoteRefs = { refs: new Map(), symrefs: new Map() };
  for (const line of readPktLines(body)) {
    if (line.type === 'flush' || line.type === 'response-end') {
      break;
    }
    if (line.type !== 'data') {
      throw new Error('unexpected delimiter in the ls-refs answer');
    }
    const [id, rest] = splitRefLine(pktText(line.payload));
    const [name, ...attributes] = rest.split(' ');
    for (const attribute of attributes) {
      if (attribute.startsWith('symref-target:')) {
        refs.symrefs.set(name, attribute.slice('symref-target:'.length));
      }
    }
    refs.refs.set(name, id);
  }
  return refs;
}

/** `# service=git-upload-pack` and its flush come first over HTTP (v0). */
function withoutServiceHeader(lines: PktLine[]): PktLine[] {
  const first = lines[0];
  if (
    first?.type === 'data' &&
    pktText(first.payload).startsWith('# service=')
  ) {
    return lines[1]?.type === 'flush' ? lines.slice(2) : lines.slice(1);
  }
  return lines;
}

function splitRefLine(text: string): [string, string] {
  const space = text.indexOf(' ');
  const id = space > 0 ? text.slice(0, space) : '';
  const name = space > 0 ? text.slice(space + 1) : '';
  if (!OBJECT_ID.test(id) || name === '') {
    throw new Error(`malformed ref line "${text.slice(0, 120)}"`);
  }
  return [id, name];
}
