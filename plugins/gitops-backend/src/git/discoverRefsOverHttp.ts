import {
  DELIM_PKT,
  encodePktLine,
  FLUSH_PKT,
  pktText,
  readPktLines,
} from './pktLine';
import {
  parseInfoRefs,
  parseLsRefs,
  RemoteRefs,
} from './parseRefAdvertisement';

/**
 * What a smart-HTTP Git server said when asked for its refs in process.
 * `fallback` means "let git ask": the server is not one this client speaks
 * to with confidence (dumb HTTP, a redirect, an unexpected status), or the
 * request never got an answer (git may reach it through a proxy or CA that
 * only git is configured with, and words its failure the way users know).
 */
export type HttpRefDiscovery =
  | { outcome: 'refs'; refs: RemoteRefs; protocol: 0 | 2 }
  | { outcome: 'denied'; status: number }
  | { outcome: 'not-found' }
  | { outcome: 'fallback'; reason: string };

/** Larger advertisements are left to git, which bounds its own output. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const AGENT = 'git/slipway';

/**
 * Asks a smart-HTTP Git server for the refs that start with `prefixes`, the
 * way `git ls-remote` does, without a process: `GET info/refs` and, when the
 * server speaks protocol v2, one `ls-refs` command. Node's fetch keeps the
 * connection alive between calls, so a pass over a thousand repositories on
 * one host costs requests, not processes and TLS handshakes.
 */
export async function discoverRefsOverHttp(options: {
  /** The repository URL, without credentials. */
  url: string;
  /** Credential headers; never logged or returned. */
  headers: Record<string, string>;
  prefixes: string[];
  timeoutMs: number;
  /**
   * The host answered `ls-refs` before: send it straight away, one request
   * instead of two (protocol v2 over HTTP is stateless). Should it not
   * answer now, the capabilities are asked first, as the first time.
   */
  speaksV2?: boolean;
}): Promise<HttpRefDiscovery> {
  const base = new URL(options.url);
  if (base.search || base.hash) {
    return { outcome: 'fallback', reason: 'URL has a query or fragment' };
  }
  base.pathname = base.pathname.replace(/\/+$/, '');
  const signal = AbortSignal.timeout(options.timeoutMs);
  const common = {
    ...options.headers,
    'Git-Protocol': 'version=2',
    'User-Agent': AGENT,
  };
  const listRefs = async (objectFormat?: string) => {
    const command = [
      encodePktLine('command=ls-refs\n'),
      encodePktLine(`agent=${AGENT}\n`),
      ...(objectFormat
        ? [encodePktLine(`object-format=${objectFormat}\n`)]
        : []),
      DELIM_PKT,
      encodePktLine('symrefs\n'),
      ...options.prefixes.map(prefix =>
        encodePktLine(`ref-prefix ${prefix}\n`),
      ),
      FLUSH_PKT,
    ].join('');
    return request(
      `${base}/git-upload-pack`,
      {
        method: 'POST',
        headers: {
          ...common,
          'Content-Type': 'application/x-git-upload-pack-request',
          Accept: 'application/x-git-upload-pack-result',
        },
        body: command,
        signal,
      },
      'application/x-git-upload-pack-result',
    );
  };
  try {
    if (options.speaksV2) {
      const direct = await listRefs();
      if (direct.outcome === 'denied' || direct.outcome === 'not-found') {
        return direct;
      }
      if (direct.outcome === 'body') {
        const refs = tryParse(() => parseLsRefs(direct.body));
        if (refs) {
          return { outcome: 'refs', refs, protocol: 2 };
        }
      }
    }
    const advertised = await request(
      `${base}/info/refs?service=git-upload-pack`,
      { method: 'GET', headers: common, signal },
      'application/x-git-upload-pack-advertisement',
    );
    if (advertised.outcome !== 'body') {
      return advertised;
    }
    const info = parseInfoRefs(advertised.body);
    if (info.version === 0) {
      return { outcome: 'refs', refs: info.refs, protocol: 0 };
    }
    const capabilities = v2Capabilities(advertised.body);
    if (!capabilities.has('ls-refs')) {
      return { outcome: 'fallback', reason: 'no ls-refs capability' };
    }
    const listed = await listRefs(capabilities.get('object-format'));
    if (listed.outcome !== 'body') {
      return listed;
    }
    return { outcome: 'refs', refs: parseLsRefs(listed.body), protocol: 2 };
  } catch (error) {
    return {
      outcome: 'fallback',
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

/** A sha1 ls-refs sent to a sha256 repository gets an error, not refs. */
function tryParse<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch {
    return undefined;
  }
}

async function request(
  url: string,
  init: RequestInit,
  expectedType: string,
): Promise<
  | { outcome: 'body'; body: Buffer }
  | Exclude<HttpRefDiscovery, { outcome: 'refs' }>
> {
  // Redirects are git's to follow, under its own rules for credentials.
  const response = await fetch(url, { ...init, redirect: 'manual' });
  try {
    if (response.status === 401 || response.status === 403) {
      return { outcome: 'denied', status: response.status };
    }
    if (response.status === 404) {
      return { outcome: 'not-found' };
    }
    if (response.status !== 200) {
      return { outcome: 'fallback', reason: `HTTP ${response.status}` };
    }
    const type = response.headers.get('content-type') ?? '';
    if (!type.startsWith(expectedType)) {
      return { outcome: 'fallback', reason: `content type "${type}"` };
    }
    const body = await readLimited(response);
    return body
      ? { outcome: 'body', body }
      : { outcome: 'fallback', reason: 'answer too large' };
  } finally {
    // An unread body would hold the connection instead of returning it.
    await response.body?.cancel().catch(() => {});
  }
}

async function readLimited(response: Response): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      return undefined;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/** `key[=value]` lines after `version 2`, up to the flush. */
function v2Capabilities(body: Buffer): Map<string, string> {
  const capabilities = new Map<string, string>();
  let started = false;
  for (const line of readPktLines(body)) {
    if (line.type !== 'data') {
      if (started) break;
      continue;
    }
    const text = pktText(line.payload);
    if (!started) {
      started = text === 'version 2';
      continue;
    }
    const equals = text.indexOf('=');
    capabilities.set(
      equals < 0 ? text : text.slice(0, equals),
      equals < 0 ? '' : text.slice(equals + 1),
    );
  }
  return capabilities;
}
