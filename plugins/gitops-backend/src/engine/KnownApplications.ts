import { GitOpsApplication } from '../applications';
import { applicationLabelValue } from '../kubernetes';

/**
 * The applications the engine has seen (every pass's catalog, and any one
 * reconciled on its own since), found by entity ref or by the tracking label
 * a watch event carries, with the branch head last read for each. An
 * application the catalog dropped stays known: nothing asks for it again.
 */
export class KnownApplications {
  private readonly byEntityRef = new Map<string, GitOpsApplication>();
  private readonly byLabel = new Map<string, GitOpsApplication>();
  private readonly heads = new Map<string, string>();

  /** Keeps the latest version of each application. */
  remember(applications: readonly GitOpsApplication[]): void {
    for (const application of applications) {
      this.byEntityRef.set(application.entityRef, application);
      this.byLabel.set(
        applicationLabelValue(application.entityRef),
        application,
      );
    }
  }

  all(): GitOpsApplication[] {
    return [...this.byEntityRef.values()];
  }

  get(entityRef: string): GitOpsApplication | undefined {
    return this.byEntityRef.get(entityRef);
  }

  /** The application whose objects carry this tracking label value. */
  withLabel(label: string): GitOpsApplication | undefined {
    return this.byLabel.get(label);
  }

  /** The tracked branch's head as last read, if it was read. */
  headOf(entityRef: string): string | undefined {
    return this.heads.get(entityRef);
  }

  rememberHead(entityRef: string, revision: string): void {
    this.heads.set(entityRef, revision);
  }
}
