/**
 * git's stderr without the lines the remote sent (`remote: …`). A server
 * may write anything there — an internal service's reply body included —
 * so none of it reaches a message that users read.
 */
export function withoutRemoteText(stderr: string): string {
  return stderr
    .split('\n')
    .filter(line => !/^\s*remote:/i.test(line))
    .join('\n')
    .trim();
}

const UNREACHABLE_CAUSES: Array<[RegExp, string]> = [
  [
    /could not resolve host|name or service not known/i,
    'its host name does not resolve',
  ],
  [/connection refused/i, 'the connection was refused'],
  [/failed to connect|couldn't connect/i, 'no connection could be made'],
  [/timed out/i, 'the connection timed out'],
  [/SSL|certificate/i, 'its TLS certificate was not accepted'],
  [/returned error: 5\d\d/i, 'the server answered with an error (HTTP 5xx)'],
  [/network is unreachable|no route to host/i, 'the network is unreachable'],
];

/** Why a remote could not be reached, in a few fixed words. */
export function unreachableCause(stderr: string): string | undefined {
  const text = withoutRemoteText(stderr);
  return UNREACHABLE_CAUSES.find(([pattern]) => pattern.test(text))?.[1];
}
