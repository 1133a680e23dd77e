import { condition, liveObject } from './__testUtils__/liveObject';
import { apiServiceHealth } from './apiServiceHealth';
import { customResourceDefinitionHealth } from './customResourceDefinitionHealth';
import { podDisruptionBudgetHealth } from './podDisruptionBudgetHealth';

const crd = (status?: Record<string, unknown>) =>
  liveObject('apiextensions.k8s.io/v1', 'CustomResourceDefinition', {
    spec: { group: 'example.com', names: { plural: 'databases' } },
    status,
  });
const pdb = (status?: Record<string, unknown>) =>
  liveObject('policy/v1', 'PodDisruptionBudget', { status });
const apiService = (status?: Record<string, unknown>) =>
  liveObject('apiregistration.k8s.io/v1', 'APIService', { status });

const counts = (
  currentHealthy: number,
  desiredHealthy: number,
  expectedPods: number,
  disruptionsAllowed: number,
) => ({
  observedGeneration: 3,
  currentHealthy,
  desiredHealthy,
  expectedPods,
  disruptionsAllowed,
});

describe('customResourceDefinitionHealth', () => {
  it.each([
    [
      'no status yet',
      crd(),
      {
        status: 'Progressing',
        message: 'Waiting for the API server to establish the CRD',
      },
    ],
    [
      'established',
      crd({
        conditions: [
          condition('NamesAccepted', 'True', 'NoConflicts'),
          condition('Established', 'True', 'InitialNamesAccepted'),
        ],
      }),
      { status: 'Healthy', message: 'The API serves databases.example.com' },
    ],
    [
      'installing',
      crd({
        conditions: [
          condition('NamesAccepted', 'True', 'NoConflicts'),
          condition(
            'Established',
            'False',
            'Installing',
            'the initial names have been accepted',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Established: Installing: the initial names have been accepted',
      },
    ],
    [
      'names in conflict',
      crd({
        conditions: [
          condition(
            'NamesAccepted',
            'False',
            'MultipleNamesNotAllowed',
            '"db" is already in use',
          ),
          condition('Established', 'False', 'NotAccepted'),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'NamesAccepted: MultipleNamesNotAllowed: "db" is already in use',
      },
    ],
    [
      'a non-structural schema',
      crd({
        conditions: [
          condition('Established', 'True'),
          condition(
            'NonStructuralSchema',
            'True',
            'Violations',
            'spec.versions[0].schema.openAPIV3Schema.type: Required value',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'NonStructuralSchema: Violations: spec.versions[0].schema.openAPIV3Schema.type: Required value',
      },
    ],
    [
      'terminating',
      crd({
        conditions: [
          condition('Established', 'True'),
          condition(
            'Terminating',
            'True',
            'InstanceDeletionInProgress',
            'CustomResource deletion is in progress',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Terminating: InstanceDeletionInProgress: CustomResource deletion is in progress',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(customResourceDefinitionHealth.assess(object)).toEqual(expected);
  });
});

describe('podDisruptionBudgetHealth', () => {
  it.each([
    [
      'no status yet',
      pdb(),
      {
        status: 'Progressing',
        message: 'Waiting for the disruption controller to compute the budget',
      },
    ],
    [
      'an older generation',
      pdb({
        ...counts(3, 2, 3, 1),
        observedGeneration: 2,
        conditions: [condition('DisruptionAllowed', 'True', 'SufficientPods')],
      }),
      {
        status: 'Progressing',
        message:
          'Waiting for the controller to observe generation 3 (observed 2)',
      },
    ],
    [
      'disruptions allowed',
      pdb({
        ...counts(3, 2, 3, 1),
        conditions: [condition('DisruptionAllowed', 'True', 'SufficientPods')],
      }),
      {
        status: 'Healthy',
        message: '1 disruption allowed: 3 healthy, 2 required',
      },
    ],
    [
      'fewer healthy pods than required',
      pdb({
        ...counts(1, 2, 3, 0),
        conditions: [
          condition('DisruptionAllowed', 'False', 'InsufficientPods'),
        ],
      }),
      {
        status: 'Progressing',
        message:
          '1 of the 2 pods the budget requires are healthy; no disruption allowed',
      },
    ],
    [
      'no disruption by design (maxUnavailable: 0)',
      pdb({
        ...counts(3, 3, 3, 0),
        conditions: [
          condition('DisruptionAllowed', 'False', 'InsufficientPods'),
        ],
      }),
      {
        status: 'Healthy',
        message:
          'No disruption allowed by design: all 3 of 3 pods must stay healthy',
      },
    ],
    [
      'a budget that selects no pods',
      pdb({
        ...counts(0, 0, 0, 0),
        conditions: [
          condition('DisruptionAllowed', 'False', 'InsufficientPods'),
        ],
      }),
      { status: 'Healthy', message: 'The budget selects no pods' },
    ],
    [
      'a budget the controller cannot compute',
      pdb({
        ...counts(0, 0, 0, 0),
        conditions: [
          condition(
            'DisruptionAllowed',
            'False',
            'SyncFailed',
            'found no controllers for pod "worker-x"',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'DisruptionAllowed: SyncFailed: found no controllers for pod "worker-x"',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(podDisruptionBudgetHealth.assess(object)).toEqual(expected);
  });
});

describe('apiServiceHealth', () => {
  it.each([
    [
      'not processed yet',
      apiService(),
      { status: 'Progressing', message: 'Waiting to be processed' },
    ],
    [
      'available',
      apiService({
        conditions: [
          condition('Available', 'True', 'Passed', 'all checks passed'),
        ],
      }),
      { status: 'Healthy', message: 'Available: Passed: all checks passed' },
    ],
    [
      'waiting for its Service’s endpoints',
      apiService({
        conditions: [
          condition(
            'Available',
            'False',
            'MissingEndpoints',
            'endpoints for service/metrics-server in "kube-system" have no addresses',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Available: MissingEndpoints: endpoints for service/metrics-server in "kube-system" have no addresses',
      },
    ],
    [
      'failing discovery',
      apiService({
        conditions: [
          condition(
            'Available',
            'False',
            'FailedDiscoveryCheck',
            'failing or missing response from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Available: FailedDiscoveryCheck: failing or missing response from https://10.96.0.12:443/apis/metrics.k8s.io/v1beta1',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(apiServiceHealth.assess(object)).toEqual(expected);
  });
});
