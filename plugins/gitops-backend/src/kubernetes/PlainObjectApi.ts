import {
  ApiException,
  Configuration,
  HttpMethod,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  RequestContext,
  ResponseContext,
  V1APIResource,
  KubernetesObject as ClientObject,
} from '@kubernetes/client-node';
import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ResourceDiscovery } from './ResourceDiscovery';
import { isConnectionReset } from './isConnectionReset';
import { FIELD_MANAGER } from './trackingLabels';
import { toClusterRequestError } from './toClusterRequestError';

/**
 * Whether a request has the same effect sent twice: a read, a deletion, or
 * a server-side apply (which declares the whole intent). Creates and other
 * patches (an Argo CD sync is a merge patch with a resourceVersion
 * precondition) are not repeated: the first may have arrived.
 */
function isRepeatable(request: RequestContext): boolean {
  const method = request.getHttpMethod();
  return (
    method === HttpMethod.GET ||
    method === HttpMethod.HEAD ||
    method === HttpMethod.DELETE ||
    (method === HttpMethod.PATCH &&
      request.getHeaders()['Content-Type'] === PatchStrategy.ServerSideApply)
  );
}

/** The cluster an API talks to, for its error messages. */
export interface ClusterIdentity {
  name: string;
  url: string;
  token?: string;
}

/**
 * client-node's generic object API, changed in three ways Slipway needs.
 * Answers stay plain JSON: the stock API turns built-in kinds into model
 * classes, which drop fields the model does not know and turn timestamps
 * into `Date`s, so live objects would not compare with Git's. Resource
 * lookups go through this cluster's shared {@link ResourceDiscovery}.
 * And every failure becomes a {@link ClusterRequestError} that names the
 * cluster.
 */
export class PlainObjectApi extends KubernetesObjectApi {
  readonly discovery: ResourceDiscovery;
  /** Answers the server gave with 201 Created; see {@link wasCreated}. */
  private readonly createdAnswers = new WeakSet<object>();
  private cluster: ClusterIdentity = { name: 'unknown', url: '' };

  /** Use {@link PlainObjectApi.create}; client-node calls this one. */
  constructor(configuration: Configuration) {
    super(configuration);
    this.discovery = new ResourceDiscovery(path => this.getJson(path));
  }

  static create(kc: KubeConfig, cluster: ClusterIdentity): PlainObjectApi {
    const api = kc.makeApiClient(PlainObjectApi);
    api.setDefaultNamespace(kc);
    api.cluster = cluster;
    return api;
  }

  /** The namespace of the kubeconfig context, or `default`. */
  get namespace(): string {
    return this.defaultNamespace;
  }

  /** A GET of any API path, answered as parsed JSON. */
  async getJson(path: string): Promise<unknown> {
    const context = this.configuration.baseServer.makeRequestContext(
      path,
      HttpMethod.GET,
    );
    context.setHeaderParam('Accept', 'application/json');
    return this.requestPromise(context);
  }

  /**
   * Server-side apply as {@link FIELD_MANAGER}. The body is sent as the
   * manifest was written (JSON is YAML), not through client-node's models,
   * which would drop fields they do not know.
   */
  async apply(
    object: KubernetesObject,
    options: { dryRun?: boolean; force?: boolean } = {},
  ): Promise<KubernetesObject> {
    const path = await this.specUriPath(
      structuredClone(object) as ClientObject,
      'patch',
    );
    const context = this.configuration.baseServer.makeRequestContext(
      path,
      HttpMethod.PATCH,
    );
    context.setHeaderParam('Accept', 'application/json');
    context.setHeaderParam('Content-Type', PatchStrategy.ServerSideApply);
    context.setQueryParam('fieldManager', FIELD_MANAGER);
    if (options.dryRun) {
      context.setQueryParam('dryRun', 'All');
    }
    // Taking fields over from another manager is never a default.
    if (options.force) {
      context.setQueryParam('force', 'true');
    }
    context.setBody(JSON.stringify(object));
    return this.requestPromise(context);
  }

  /**
   * Whether an answer of this API came with 201 Created, which is how the
   * API server tells that a server-side apply created the object, so a sync
   * need not read every object before applying it to know.
   */
  wasCreated(answer: object): boolean {
    return this.createdAnswers.has(answer);
  }

  protected override async resource(
    apiVersion: string,
    kind: string,
  ): Promise<V1APIResource | undefined> {
    const served = await this.discovery.resourceFor(apiVersion, kind);
    return served
      ? {
          name: served.plural,
          singularName: '',
          kind: served.kind,
          namespaced: served.namespaced,
          verbs: served.verbs,
        }
      : undefined;
  }

  protected override async requestPromise<T extends ClientObject>(
    requestContext: RequestContext,
    type?: string,
    options?: Configuration,
  ): Promise<T> {
    try {
      return await super.requestPromise<T>(requestContext, type, options);
    } catch (error) {
      // Go's HTTP client, which kubectl, Argo CD and Flux use, sends a
      // request again on a new connection when a pooled one turns out to
      // have been closed; a request that is safe to repeat is sent once
      // more here too, instead of failing a sync over a closed socket.
      if (isConnectionReset(error) && isRepeatable(requestContext)) {
        try {
          return await super.requestPromise<T>(requestContext, type, options);
        } catch (again) {
          throw toClusterRequestError(again, this.cluster);
        }
      }
      throw toClusterRequestError(error, this.cluster);
    }
  }

  protected override async processResponse<T extends ClientObject>(
    response: ResponseContext,
  ): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      const answer = JSON.parse(text) as T;
      if (response.httpStatusCode === 201 && typeof answer === 'object') {
        this.createdAnswers.add(answer);
      }
      return answer;
    }
    throw new ApiException(
      response.httpStatusCode,
      'Unsuccessful HTTP Request',
      text,
      {},
    );
  }
}
