import { ResourceHealthCheck } from '@slipway/plugin-gitops-node';
import { readString } from './readField';
import {
  describeConditionWithType,
  findCondition,
  readConditions,
  trueCondition,
} from './statusConditions';
import { supportsKind } from './supportsKind';

/**
 * `CustomResourceDefinition` health: `Terminating: True` is Progressing;
 * `NamesAccepted: False` (names clash with another CRD) and
 * `NonStructuralSchema: True` are Degraded; `Established: True` is Healthy;
 * `Established: False` with reason `Installing` or no condition yet is
 * Progressing, any other reason Degraded.
 */
export const customResourceDefinitionHealth: ResourceHealthCheck = {
  supports: supportsKind(['apiextensions.k8s.io'], 'CustomResourceDefinition'),
  assess(object) {
    const conditions = readConditions(object);
    const terminating = trueCondition(conditions, 'Terminating');
    if (terminating) {
      return {
        status: 'Progressing',
        message: describeConditionWithType(terminating),
      };
    }
    const names = findCondition(conditions, 'NamesAccepted');
    if (names?.status === 'False') {
      return { status: 'Degraded', message: describeConditionWithType(names) };
    }
    const nonStructural = trueCondition(conditions, 'NonStructuralSchema');
    if (nonStructural) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(nonStructural),
      };
    }
    const established = findCondition(conditions, 'Established');
    if (established?.status === 'True') {
      const plural = readString(object, 'spec.names.plural');
      const group = readString(object, 'spec.group');
      return {
        status: 'Healthy',
        message:
          plural && group ? `The API serves ${plural}.${group}` : 'Established',
      };
    }
    if (
      established?.status === 'False' &&
      established.reason !== 'Installing'
    ) {
      return {
        status: 'Degraded',
        message: describeConditionWithType(established),
      };
    }
    return {
      status: 'Progressing',
      message: established
        ? describeConditionWithType(established)
        : 'Waiting for the API server to establish the CRD',
    };
  },
};
