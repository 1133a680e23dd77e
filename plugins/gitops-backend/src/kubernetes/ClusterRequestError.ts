import { CustomErrorBase } from '@backstage/errors';

/** The Status object a Kubernetes API server answers a failed call with. */
export interface KubernetesStatus {
  code: number;
  /** `NotFound`, `Conflict`, `Invalid`, `RequestEntityTooLarge`… */
  reason: string;
  message: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

/**
 * A call to a cluster failed. It names the cluster and its URL, never its
 * credentials; `status` is the API server's answer when there was one, and
 * `unreachable` says the cluster could not be asked at all (connection
 * refused, timeout, 502–504), which no other object of the same sync can
 * get past.
 */
export class ClusterRequestError extends CustomErrorBase {
  readonly cluster: string;
  readonly url: string;
  readonly status?: KubernetesStatus;
  readonly unreachable: boolean;

  constructor(options: {
    message: string;
    cluster: string;
    url: string;
    status?: KubernetesStatus;
    unreachable: boolean;
  }) {
    super(options.message);
    this.cluster = options.cluster;
    this.url = options.url;
    this.status = options.status;
    this.unreachable = options.unreachable;
  }
}
