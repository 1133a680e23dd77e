import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';

/** Integrations that are object stores, not Git hosts. */
const OBJECT_STORES = new Set(['awsS3', 'azureBlobStorage', 'googleGcs']);

const SCP_LIKE = /^[^@\s/]+@([^:/\s]+):(?!\/\/)/;

/**
 * Which Git repositories Slipway may talk to. A config-repo annotation is
 * written by whoever may edit a catalog entity, and the engine fetches it
 * on every pass with the portal's network position: without a limit, any
 * internal HTTP service would be one annotation away. So only the hosts of
 * configured integrations (`integrations:`), of `gitops.git.credentials`
 * and of `gitops.git.allowedHosts` are reached, and `file://` only where
 * `gitops.git.allowFileUrls` says so (the demo, tests).
 *
 * @public
 */
export class RepositoryUrlPolicy {
  private readonly hosts: string[];
  private readonly allowFileUrls: boolean;

  static fromConfig(config: Config): RepositoryUrlPolicy {
    const integrations = ScmIntegrations.fromConfig(config)
      .list()
      .filter(integration => !OBJECT_STORES.has(integration.type))
      // Every Git integration's config names its host; the interface only
      // promises the title, which is the host for all of them.
      .map(
        integration =>
          (integration as { config?: { host?: string } }).config?.host ??
          integration.title,
      );
    const credentialed = (
      config.getOptionalConfigArray('gitops.git.credentials') ?? []
    ).map(entry => entry.getString('host'));
    const allowed =
      config.getOptionalStringArray('gitops.git.allowedHosts') ?? [];
    allowed.forEach((host, index) => {
      if (!/^(\*\.)?[A-Za-z0-9.-]+(:\d+)?$/.test(host)) {
        throw new Error(
          `gitops.git.allowedHosts[${index}] must be a host name, optionally with a port or a leading "*.", got "${host}"`,
        );
      }
    });
    return new RepositoryUrlPolicy({
      hosts: [...integrations, ...credentialed, ...allowed],
      allowFileUrls:
        config.getOptionalBoolean('gitops.git.allowFileUrls') ?? false,
    });
  }

  constructor(options: { hosts: string[]; allowFileUrls?: boolean }) {
    this.hosts = [...new Set(options.hosts.map(host => host.toLowerCase()))];
    this.allowFileUrls = options.allowFileUrls ?? false;
  }

  /** Throws an `InputError` saying why Slipway will not reach this URL. */
  check(url: string): void {
    if (/^file:/i.test(url)) {
      if (!this.allowFileUrls) {
        throw new InputError(
          `${url} is a file:// repository, which this portal does not allow (gitops.git.allowFileUrls is off)`,
        );
      }
      return;
    }
    const host = hostOf(url);
    if (host === undefined) {
      throw new InputError(`${url} names no Git host`);
    }
    if (!this.hosts.some(allowed => matches(allowed, host))) {
      throw new InputError(
        `Git host ${host} of ${url} is not allowed: Slipway reaches only the hosts of configured integrations and gitops.git.allowedHosts (${
          this.hosts.join(', ') || 'none configured'
        })`,
      );
    }
  }
}

/** `host[:port]`, lowercase, of an http(s), ssh, git or scp-like URL. */
function hostOf(url: string): string | undefined {
  const scp = SCP_LIKE.exec(url);
  if (scp) {
    return scp[1].toLowerCase();
  }
  try {
    const host = new URL(url).host.toLowerCase();
    return host || undefined;
  } catch {
    return undefined;
  }
}

/** An entry without a port allows every port of its host; `*.` its subdomains. */
function matches(allowed: string, host: string): boolean {
  const [allowedName, allowedPort] = allowed.split(':');
  const [name, port] = host.split(':');
  if (allowedPort !== undefined && allowedPort !== port) {
    return false;
  }
  return allowedName.startsWith('*.')
    ? name.endsWith(allowedName.slice(1))
    : allowedName === name;
}
