import { isDeepStrictEqual } from 'node:util';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { apiGroupOf } from '../health/apiGroupOf';
import {
  formatIdentity,
  identityOf,
  ResourceIdentity,
} from '../diff/resourceIdentity';
import { ClusterClient } from './ClusterClient';
import type {
  AppliedObject,
  ApplyAction,
  ApplyOptions,
} from './ClusterApplier';
import { ClusterRequestError } from './ClusterRequestError';
import { redactSecretValues } from './redactSecretValues';
import { ServedResource } from './ResourceDiscovery';
import {
  applicationLabelValue,
  TrackedOwner,
  trackedOwnerOf,
  withTracking,
} from './trackingLabels';

/** The state of one apply call: what it created so far, for dry runs. */
export class ApplyRun {
  /** Namespaces a dry run pretended to create. */
  private readonly dryNamespaces = new Set<string>();
  /** `group/Kind` served by CustomResourceDefinitions applied in this call. */
  private readonly newKinds = new Set<string>();
  /** {@link ApplyOptions.before} by identity. */
  private readonly before?: Map<string, KubernetesObject>;

  constructor(
    private readonly client: ClusterClient,
    private readonly options: ApplyOptions,
    private readonly timing: { newKindWaitMs: number; pollMs: number },
  ) {
    if (options.before) {
      // Live objects carry their namespace exactly when they have one.
      this.before = new Map(
        options.before.map(object => [
          formatIdentity(identityOf(object)),
          object,
        ]),
      );
    }
  }

  /** The identity of an object before its scope is known. */
  describe(object: KubernetesObject): {
    id: string;
    identity: ResourceIdentity;
  } {
    const identity: ResourceIdentity = {
      group: apiGroupOf(object.apiVersion),
      kind: object.kind,
      namespace: object.metadata.namespace || this.options.namespace,
      name: object.metadata.name,
    };
    return { id: formatIdentity(identity), identity };
  }

  async applyOne(object: KubernetesObject): Promise<AppliedObject> {
    const group = apiGroupOf(object.apiVersion);
    const kindKey = `${group}/${object.kind}`;
    const resource = await this.resourceOf(object);
    if (!resource) {
      const described = this.describe(object);
      if (this.options.dryRun && this.newKinds.has(kindKey)) {
        return {
          ...described,
          action: 'created',
          note: 'not checked by the cluster: its CustomResourceDefinition is only created in this dry run',
        };
      }
      return {
        ...described,
        action: 'failed',
        error: `the cluster does not serve kind ${object.kind} in group ${
          group ? group : '"" (core)'
        } (apiVersion ${object.apiVersion})`,
      };
    }

    const body = this.bodyOf(object, resource);
    const identity: ResourceIdentity = {
      group,
      kind: object.kind,
      namespace: body.metadata.namespace,
      name: body.metadata.name,
    };
    const id = formatIdentity(identity);
    const namespace = body.metadata.namespace;
    if (this.options.dryRun && namespace && this.dryNamespaces.has(namespace)) {
      return {
        id,
        identity,
        action: 'created',
        note: `not checked by the cluster: namespace ${namespace} is only created in this dry run`,
      };
    }

    try {
      const live = this.before ? this.before.get(id) : await this.read(body);
      const foreign = this.foreignOwnerOf(identity, live);
      if (foreign) {
        return {
          id,
          identity,
          action: 'failed',
          reason: 'OwnedElsewhere',
          error: `it belongs to application ${foreign.application} in ${foreign.environment} (by its tracking labels); Slipway never takes over another application's objects`,
        };
      }
      const result = await this.client.objects.apply(body, {
        dryRun: this.options.dryRun,
        force: this.options.force,
      });
      const action = this.before
        ? actionFromAnswer(
            live,
            result,
            this.client.objects.wasCreated(result),
            this.options.dryRun,
          )
        : actionOf(live, result, this.options.dryRun);
      this.remember(body, action);
      return { id, identity, action, result };
    } catch (error) {
      if (!(error instanceof ClusterRequestError) || error.unreachable) {
        throw error;
      }
      const message = error.status?.message ?? error.message;
      return {
        id,
        identity,
        action: 'failed',
        reason: error.status?.reason,
        error: redactSecretValues(message, body),
      };
    }
  }

  /**
   * The application and environment, other than the one applying, whose
   * tracking labels the object carries in the cluster, if any.
   */
  private foreignOwnerOf(
    identity: ResourceIdentity,
    live: KubernetesObject | undefined,
  ): TrackedOwner | undefined {
    const { tracking } = this.options;
    if (!tracking) {
      return undefined;
    }
    const owner = live
      ? trackedOwnerOf(live)
      : this.options.ownerOf?.(identity);
    if (!owner) {
      return undefined;
    }
    const mine = {
      application: applicationLabelValue(tracking.application),
      environment: tracking.environment,
    };
    return owner.application === mine.application &&
      owner.environment === mine.environment
      ? undefined
      : owner;
  }

  /**
   * The served type of an object. A kind whose CustomResourceDefinition this
   * call just applied may take a moment to be served, so it is asked for
   * again until it is (or the wait is over).
   */
  private async resourceOf(
    object: KubernetesObject,
  ): Promise<ServedResource | undefined> {
    const discovery = this.client.discovery;
    let resource = await discovery.resourceFor(object.apiVersion, object.kind);
    const kindKey = `${apiGroupOf(object.apiVersion)}/${object.kind}`;
    if (resource || this.options.dryRun || !this.newKinds.has(kindKey)) {
      return resource;
    }
    const deadline = Date.now() + this.timing.newKindWaitMs;
    while (!resource && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, this.timing.pollMs));
      resource = await discovery.resourceFor(object.apiVersion, object.kind);
    }
    return resource;
  }

  /** The object as sent: tracked, and with its namespace settled. */
  private bodyOf(
    object: KubernetesObject,
    resource: ServedResource,
  ): KubernetesObject {
    const { tracking } = this.options;
    const body = tracking
      ? withTracking(object, tracking.application, tracking.environment)
      : structuredClone(object);
    if (resource.namespaced) {
      body.metadata.namespace =
        body.metadata.namespace ||
        this.options.namespace ||
        this.client.defaultNamespace;
    } else {
      // The server ignores it at best; the identity must not carry it.
      delete body.metadata.namespace;
    }
    return body;
  }

  private async read(
    body: KubernetesObject,
  ): Promise<KubernetesObject | undefined> {
    try {
      return (await this.client.objects.read({
        apiVersion: body.apiVersion,
        kind: body.kind,
        metadata: {
          name: body.metadata.name,
          namespace: body.metadata.namespace,
        },
      })) as KubernetesObject;
    } catch (error) {
      if (error instanceof ClusterRequestError && error.status?.code === 404) {
        return undefined;
      }
      throw error;
    }
  }

  private remember(body: KubernetesObject, action: ApplyAction) {
    if (body.kind === 'Namespace' && apiGroupOf(body.apiVersion) === '') {
      if (this.options.dryRun && action === 'created') {
        this.dryNamespaces.add(body.metadata.name);
      }
      return;
    }
    if (
      body.kind === 'CustomResourceDefinition' &&
      apiGroupOf(body.apiVersion) === 'apiextensions.k8s.io'
    ) {
      const spec = (body.spec ?? {}) as {
        group?: string;
        names?: { kind?: string };
      };
      if (spec.group && spec.names?.kind) {
        this.newKinds.add(`${spec.group}/${spec.names.kind}`);
      }
      if (!this.options.dryRun && action !== 'unchanged') {
        this.client.discovery.invalidate();
      }
    }
  }
}

/**
 * Created when nothing was there; unchanged when the resourceVersion did
 * not move, or when only what controllers write (status, managedFields
 * times) differs, because a controller may write status between the read
 * and the apply. A dry run never moves the resourceVersion, so there only
 * the content tells.
 */
function actionOf(
  live: KubernetesObject | undefined,
  result: KubernetesObject,
  dryRun = false,
): ApplyAction {
  if (!live) {
    return 'created';
  }
  if (
    !dryRun &&
    live.metadata.resourceVersion === result.metadata.resourceVersion
  ) {
    return 'unchanged';
  }
  return isDeepStrictEqual(userContentOf(live), userContentOf(result))
    ? 'unchanged'
    : 'configured';
}

/**
 * The action of an apply whose previous state came from a watch: the
 * server's 201 tells a creation; an object the watch did not know (it was
 * not tracked yet) was configured.
 */
function actionFromAnswer(
  live: KubernetesObject | undefined,
  result: KubernetesObject,
  created: boolean,
  dryRun = false,
): ApplyAction {
  if (created) {
    return 'created';
  }
  return live ? actionOf(live, result, dryRun) : 'configured';
}

function userContentOf(object: KubernetesObject): unknown {
  const { status: _status, ...rest } = object;
  const {
    managedFields: _managedFields,
    resourceVersion: _resourceVersion,
    generation: _generation,
    ...metadata
  } = object.metadata;
  return { ...rest, metadata };
}
