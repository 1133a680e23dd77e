import { KubeConfig, User } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { ClusterDefinition } from './ClusterDefinition';

/**
 * The clusters of a kubeconfig file, one per context (named after the
 * context). A kubeconfig user can make client-node run a program, through
 * an `exec` credential plugin or an auth provider's `cmd-path`; the portal
 * must opt in to that, because whoever writes the file would otherwise run
 * code inside the backend.
 */
export function readKubeconfig(
  file: string,
  options: { allowExec: boolean },
): ClusterDefinition[] {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (error) {
    throw new InputError(
      `Cannot read the kubeconfig gitops.kubeconfig points at: ${
        (error as Error).message
      }`,
    );
  }
  return kc.getContexts().map(context => {
    const source = `context "${context.name}" of the kubeconfig in gitops.kubeconfig`;
    const cluster = kc.getCluster(context.cluster);
    if (!cluster) {
      throw new InputError(
        `The ${source} names cluster "${context.cluster}", which the file does not define`,
      );
    }
    const user = kc.getUser(context.user);
    if (!user) {
      throw new InputError(
        `The ${source} names user "${context.user}", which the file does not define`,
      );
    }
    const command = commandOf(user);
    if (command && !options.allowExec) {
      throw new InputError(
        `The ${source} authenticates by running a program (${command}); Slipway runs kubeconfig credential programs only when gitops.allowKubeconfigExec is true`,
      );
    }
    return {
      name: context.name,
      url: cluster.server,
      source,
      cluster: { ...cluster, name: context.name },
      user: { ...user, name: context.name },
      namespace: context.namespace,
    };
  });
}

/** What a kubeconfig user would make client-node run, if anything. */
function commandOf(user: User): string | undefined {
  if (user.exec) {
    return `exec: ${String(user.exec.command ?? 'a credential plugin')}`;
  }
  const commandPath = user.authProvider?.config?.['cmd-path'];
  if (commandPath) {
    return `auth-provider ${String(user.authProvider.name)} cmd-path: ${String(
      commandPath,
    )}`;
  }
  return undefined;
}
