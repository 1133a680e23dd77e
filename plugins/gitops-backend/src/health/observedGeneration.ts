import { HealthAssessment } from '@slipway/plugin-gitops-node';
import { readNumber } from './readField';

/**
 * Progressing while the controller has not observed the object's current
 * generation (`status.observedGeneration` below `metadata.generation`), so a
 * status written for the previous spec is not taken for the new one.
 */
export function staleGeneration(object: unknown): HealthAssessment | undefined {
  const generation = readNumber(object, 'metadata.generation');
  const observed = readNumber(object, 'status.observedGeneration');
  if (
    generation !== undefined &&
    observed !== undefined &&
    observed < generation
  ) {
    return {
      status: 'Progressing',
      message: `Waiting for the controller to observe generation ${generation} (observed ${observed})`,
    };
  }
  return undefined;
}
