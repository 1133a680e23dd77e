import { RemoteRefs } from './parseRefAdvertisement';

/**
 * Reads `git ls-remote --symref` output: `<id>\t<ref>` lines, and
 * `ref: <target>\t<ref>` lines for symbolic refs.
 */
export function parseLsRemote(output: string): RemoteRefs {
  const refs: RemoteRefs = { refs: new Map(), symrefs: new Map() };
  for (const line of output.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) {
      continue;
    }
    const value = line.slice(0, tab);
    const name = line.slice(tab + 1);
    if (value.startsWith('ref: ')) {
      refs.symrefs.set(name, value.slice('ref: '.length));
    } else {
      refs.refs.set(name, value);
    }
  }
  return refs;
}
