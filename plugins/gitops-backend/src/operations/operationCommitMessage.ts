import { OperationKind } from '@slipway/plugin-gitops-common';

/** The trailer that ties a commit to the operation that wrote it. */
export const OPERATION_TRAILER = 'Slipway-Operation';

/** What a commit message says about a deploy, promote or rollback. */
export interface OperationCommitDescription {
  kind: Exclude<OperationKind, 'sync'>;
  /** The entity's name, e.g. `payments`. */
  application: string;
  entityRef: string;
  environment: string;
  sourceEnvironment?: string;
  fromVersion?: string;
  toVersion?: string;
  targetRevision?: string;
  actor: { entityRef: string; name: string };
  operationId: string;
}

/**
 * The commit message and trailers of an operation: the subject says what
 * changed where, the body old → new and who asked, and the trailers let the
 * history join a commit with its operation.
 */
export function operationCommitMessage(
  description: OperationCommitDescription,
): {
  message: string;
  trailers: Record<string, string>;
} {
  const { application, environment } = description;
  const from = description.fromVersion ?? 'none';
  const to = description.toVersion ?? 'none';
  let subject: string;
  switch (description.kind) {
    case 'deploy':
      subject = `Deploy ${application} ${to} to ${environment}`;
      break;
    case 'promote':
      subject = `Promote ${application} ${to} from ${description.sourceEnvironment} to ${environment}`;
      break;
    case 'rollback':
      subject = `Roll back ${application} in ${environment} to ${description.targetRevision?.slice(
        0,
        7,
      )}`;
      break;
    default:
      throw new Error(`No commit message for ${description.kind}`);
  }
  const lines = [
    subject,
    '',
    `${environment}: ${from} → ${to}`,
    ...(description.kind === 'rollback'
      ? [`The overlay is restored as it was at ${description.targetRevision}.`]
      : []),
    `Requested by ${description.actor.name} (${description.actor.entityRef}) through Slipway.`,
  ];
  return {
    message: lines.join('\n'),
    trailers: {
      [OPERATION_TRAILER]: description.operationId,
      'Slipway-Application': description.entityRef,
      'Slipway-Environment': environment,
    },
  };
}
