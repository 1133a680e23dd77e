import { ApplicationEnvironment } from '@slipway/plugin-gitops-node';
import { GitOpsApplication } from '../applications';
import { EngineState } from './EngineState';
import { InventoryEntry } from './fluxKustomizationState';

/** One application in one environment served by Argo CD or Flux. */
export interface PullTarget {
  application: GitOpsApplication;
  environment: ApplicationEnvironment;
}

/** What an engine says of a target, or why it says nothing. */
export interface PullObservation {
  /** Absent when no object serves the target; `message` says why. */
  state?: EngineState;
  message?: string;
  /** Flux: what the Kustomization applied, so Slipway can read it live. */
  inventory?: InventoryEntry[];
}

/** The outcome of a sync the engine ran to the end. */
export interface PullSyncResult {
  /** The commit the engine applied. */
  revision?: string;
  message: string;
}

/**
 * An engine that applies in the cluster itself (the pull model): Slipway
 * finds the object that serves an environment, reads its verdicts and asks
 * it to act; it never applies to the cluster. Every method that changes
 * something changes only the engine's own object.
 */
export interface PullEngine {
  observe(target: PullTarget): Promise<PullObservation>;
  /** Asks the engine to fetch Git again now (as a Git webhook would). */
  refresh(target: PullTarget): Promise<void>;
  /** Asks the engine to sync now and waits for the outcome. */
  sync(
    target: PullTarget,
    options: { prune: boolean; actor: string },
  ): Promise<PullSyncResult>;
  /** Argo CD: stops the sync operation under way. */
  terminate(target: PullTarget): Promise<void>;
  /** Flux: sets or clears `spec.suspend`. */
  setSuspended(target: PullTarget, suspended: boolean): Promise<void>;
}
