import { KubernetesObject } from '@slipway/plugin-gitops-node';
import { ResourceIdentity } from '../diff/resourceIdentity';
import { isFoundational, sortForApply } from './applyOrder';
import { ApplyRun } from './ApplyRun';
import { ClusterClients } from './ClusterClients';
import { TrackedOwner } from './trackingLabels';

export interface ApplyOptions {
  /** Let the API server check everything and store nothing (`dryRun=All`). */
  dryRun?: boolean;
  /** Take over fields another field manager owns. Never implied. */
  force?: boolean;
  /** For namespaced objects that name none; default the cluster context's. */
  namespace?: string;
  /** Stamp the tracking labels and annotations on every object. */
  tracking?: { application: string; environment: string };
  /**
   * The live objects as a watch last reported them. When given, an object's
   * state before its apply is taken from here rather than read from the
   * cluster first, which halves the requests of a sync; the API server's
   * 201 still tells a creation, so only `unchanged` against `configured`
   * rests on the watch being current.
   */
  before?: readonly KubernetesObject[];
  /**
   * Which application's tracking labels an object carries in the cluster,
   * as far as a watch knows (label values), for objects not in `before`.
   * With `tracking`, an object another application or environment owns is
   * never applied: Slipway does not adopt another application's objects.
   */
  ownerOf?: (identity: ResourceIdentity) => TrackedOwner | undefined;
}

export type ApplyAction =
  | 'created'
  | 'configured'
  | 'unchanged'
  | 'failed'
  | 'skipped';

export interface AppliedObject {
  /** `apps/Deployment payments/api`. */
  id: string;
  identity: ResourceIdentity;
  action: ApplyAction;
  /** Why it failed or was skipped; the API server's own message when it refused. */
  error?: string;
  /**
   * The kind of failure: the API server's reason (`Conflict`, `Invalid`,
   * `Forbidden`…), or `OwnedElsewhere` for another application's object.
   */
  reason?: string;
  /** What a dry run could not check, e.g. objects in a namespace it only pretended to create. */
  note?: string;
  /** The live object after the apply (in a dry run, as it would be). */
  result?: KubernetesObject;
}

/** How long a kind a CustomResourceDefinition just introduced may take to be served. */
const NEW_KIND_WAIT_MS = 10_000;
const NEW_KIND_POLL_MS = 200;

/**
 * Applies desired objects to a cluster with server-side apply as one field
 * manager, in dependency order. Every object gets its own result; a failed
 * Namespace or CustomResourceDefinition stops the rest, because what
 * follows lives in it. A cluster that cannot be reached stops everything
 * and throws a {@link ClusterRequestError}.
 */
export class ClusterApplier {
  constructor(
    private readonly clients: ClusterClients,
    private readonly timing: { newKindWaitMs: number; pollMs: number } = {
      newKindWaitMs: NEW_KIND_WAIT_MS,
      pollMs: NEW_KIND_POLL_MS,
    },
  ) {}

  async apply(
    cluster: string,
    objects: readonly KubernetesObject[],
    options: ApplyOptions = {},
  ): Promise<AppliedObject[]> {
    const client = await this.clients.get(cluster);
    const run = new ApplyRun(client, options, this.timing);
    const results: AppliedObject[] = [];
    let stoppedBy: string | undefined;
    for (const object of sortForApply(objects)) {
      if (stoppedBy) {
        results.push({
          ...run.describe(object),
          action: 'skipped',
          error: `not applied because ${stoppedBy} failed`,
        });
        continue;
      }
      const result = await run.applyOne(object);
      results.push(result);
      if (result.action === 'failed' && isFoundational(object)) {
        stoppedBy = result.id;
      }
    }
    return results;
  }
}
