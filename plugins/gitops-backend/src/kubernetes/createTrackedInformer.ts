import {
  Informer,
  KubernetesListObject,
  KubernetesObject as ClientObject,
  makeInformer,
  ObjectCache,
} from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { apiGroupOf } from '../health/apiGroupOf';
import { ClusterClient } from './ClusterClient';
import { TrackingTarget, trackingSelector } from './trackingLabels';

/**
 * An informer (list, then watch, with a local cache) on one kind of an
 * application's objects in an environment, in one namespace or all. It is
 * returned unstarted; the caller adds handlers, calls `start()` and must
 * `stop()` it. The engine uses these to see drift and rollouts without
 * polling.
 */
export async function createTrackedInformer(
  client: ClusterClient,
  type: { apiVersion: string; kind: string },
  target: TrackingTarget,
  namespace?: string,
): Promise<Informer<ClientObject> & ObjectCache<ClientObject>> {
  const resource = await client.discovery.resourceFor(
    type.apiVersion,
    type.kind,
  );
  if (!resource) {
    throw new InputError(
      `Cluster "${client.name}" does not serve kind ${type.kind} in group ${
        apiGroupOf(type.apiVersion) || '"" (core)'
      } (apiVersion ${type.apiVersion})`,
    );
  }
  const selector = trackingSelector(target);
  const root = type.apiVersion.includes('/') ? '/apis' : '/api';
  const scope =
    resource.namespaced && namespace
      ? `/namespaces/${encodeURIComponent(namespace)}`
      : '';
  const path = `${root}/${type.apiVersion}${scope}/${resource.plural}`;
  const list = () =>
    client.objects.list(
      type.apiVersion,
      type.kind,
      resource.namespaced ? namespace : undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      selector,
    ) as Promise<KubernetesListObject<ClientObject>>;
  return makeInformer(client.kubeConfig, path, list, selector);
}
