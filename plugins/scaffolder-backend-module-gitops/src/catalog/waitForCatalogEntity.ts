import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { EntityName, stringifyEntityName } from './parseEntityRef';
import { PluginApiClient, responseError } from '../clients/PluginApiClient';

/** How long to wait for the catalog, and how often to look. */
export interface CatalogWait {
  timeoutMs: number;
  intervalMs: number;
}

/**
 * Waits until the catalog serves an entity. A template registers its new
 * entity only moments before it deploys it, and the catalog ingests
 * registrations in the background, so the deploy must not run before then.
 * The entity is read as the initiator, so an entity they may not see counts
 * as missing, just as in the Deployments tab.
 */
export async function waitForCatalogEntity(options: {
  client: PluginApiClient;
  entity: EntityName;
  onBehalfOf: BackstageCredentials;
  wait: CatalogWait;
  signal?: AbortSignal;
  /** Called once, when the entity is not there at the first look. */
  onWaiting?: () => void;
}): Promise<void> {
  const { client, entity, onBehalfOf, wait, signal } = options;
  const deadline = Date.now() + wait.timeoutMs;
  const path = `/entities/by-name/${[entity.kind, entity.namespace, entity.name]
    .map(encodeURIComponent)
    .join('/')}`;
  for (let attempt = 0; ; attempt++) {
    const response = await client.request({
      pluginId: 'catalog',
      path,
      onBehalfOf,
      signal,
    });
    if (response.ok) {
      // Drained rather than cancelled: the entity is small, and a cancelled
      // body can keep a mocked or pooled connection waiting.
      await response.text();
      return;
    }
    if (response.status !== 404) {
      throw await responseError(
        response,
        `Could not read ${stringifyEntityName(entity)} from the catalog`,
      );
    }
    await response.text();
    if (attempt === 0) {
      options.onWaiting?.();
    }
    if (Date.now() + wait.intervalMs > deadline) {
      throw new ServiceUnavailableError(
        `${stringifyEntityName(
          entity,
        )} did not appear in the catalog within ${Math.round(
          wait.timeoutMs / 1000,
        )} s; check that its catalog-info.yaml was registered and has no errors (the catalog's location status shows them), then retry the task`,
      );
    }
    await sleep(wait.intervalMs, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
