import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { analysisPhaseHealth } from './analysisRunHealth';
import { supportsKind } from './supportsKind';

/**
 * Argo Rollouts `Experiment` health from its `AnalysisPhase`: Pending and
 * Running are Progressing, Successful is Healthy, Failed and Error are
 * Degraded, Inconclusive is Suspended.
 */
export const experimentHealth: ResourceHealthCheck = {
  supports: supportsKind(['argoproj.io'], 'Experiment'),
  assess(object) {
    return analysisPhaseHealth(object, 'Experiment');
  },
};
