import { LoggerService } from '@backstage/backend-plugin-api';
import { ReplicaRegistry } from '../database/ReplicaRegistry';
import { ownerOfKey } from './ownerOfKey';

/** Options of {@link ReplicaMembership.start}. */
export interface ReplicaMembershipOptions {
  registry: ReplicaRegistry;
  /** This replica's id: unique per running backend process. */
  replicaId: string;
  /** How often this replica announces itself and reads the others (ms). */
  heartbeatMs: number;
  /** A replica silent this long is dead (ms); three heartbeats by default. */
  staleAfterMs?: number;
  logger: LoggerService;
  now?: () => Date;
}

/**
 * This replica's place among the backend replicas that share the engine's
 * work. Each announces itself on the database with a heartbeat and reads
 * which others are alive; an application belongs to exactly one live
 * replica ({@link ownerOfKey}), so the replicas split the passes, the
 * watch-triggered compares and the automated syncs between them without a
 * coordinator. When one dies, its heartbeat goes stale and the others take
 * its applications over at their next refresh; when one joins, it takes
 * its share from the others the same way.
 */
export class ReplicaMembership {
  private live: readonly string[];
  private timer?: NodeJS.Timeout;
  private readonly staleAfterMs: number;
  private readonly now: () => Date;

  /** Announces this replica, reads the others, and keeps doing so. */
  static async start(
    options: ReplicaMembershipOptions,
  ): Promise<ReplicaMembership> {
    const membership = new ReplicaMembership(options);
    await membership.refresh();
    membership.timer = setInterval(
      () => membership.refresh().catch(() => {}),
      options.heartbeatMs,
    );
    membership.timer.unref();
    return membership;
  }

  private constructor(private readonly options: ReplicaMembershipOptions) {
    this.staleAfterMs = options.staleAfterMs ?? 3 * options.heartbeatMs;
    this.now = options.now ?? (() => new Date());
    this.live = [options.replicaId];
  }

  get replicaId(): string {
    return this.options.replicaId;
  }

  /** The live replicas as last read, this one included, sorted. */
  get replicas(): readonly string[] {
    return this.live;
  }

  /** Whether this replica is the one that reconciles `entityRef`. */
  owns(entityRef: string): boolean {
    return ownerOfKey(entityRef, this.live) === this.options.replicaId;
  }

  /**
   * Heartbeat, then the live set. When the database cannot be reached the
   * last set is kept: replicas keep their shares rather than all claiming
   * everything (the engine's per-environment claim still stops two syncs).
   */
  async refresh(): Promise<void> {
    const { registry, replicaId, logger } = this.options;
    const now = this.now();
    try {
      await registry.heartbeat(replicaId, now);
      const found = await registry.live(
        new Date(now.getTime() - this.staleAfterMs),
      );
      const live = found.includes(replicaId)
        ? found
        : [...found, replicaId].sort();
      if (live.join('\0') !== this.live.join('\0')) {
        logger.info(
          `Sync engine replicas: ${live.length} live (${live.join(
            ', ',
          )}); this replica is ${replicaId}`,
        );
      }
      this.live = live;
    } catch (error) {
      logger.warn(
        `Could not refresh the sync engine's replica membership; keeping the last known ${this.live.length} replicas: ${error}`,
      );
    }
  }

  /** Stops the heartbeat and leaves, so the others take over at once. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.options.registry.leave(this.options.replicaId).catch(() => {});
  }
}
