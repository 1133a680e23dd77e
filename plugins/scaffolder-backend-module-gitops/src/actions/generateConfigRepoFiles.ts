import { stringify } from 'yaml';
import { overlayNamespace } from './overlayNamespace';

/**
 * What a new application's config repository declares.
 *
 * @public
 */
export interface ConfigRepoSpec {
  /** Kubernetes name of the application; also its Deployment and Service name. */
  name: string;
  /** Folder of the application in the repository, `.` for the root. */
  configPath: string;
  /** Image repository, without tag. */
  image: string;
  /** The version every environment starts at. */
  tag: string;
  /** Container port the service listens on. */
  port: number;
  /** Overlay folder per environment relative to `configPath`, in pipeline order. */
  environments: Array<{
    name: string;
    overlayPath: string;
    protected: boolean;
    /**
     * Whether the overlay pins `tag`. An unpinned overlay names the image but
     * no version, so the first deploy to it is a recorded change of its own.
     */
    pinned: boolean;
  }>;
  /** Host name for an Ingress; no Ingress when absent. */
  ingressHost?: string;
  /** Owners (e.g. `@acme/platform`) who must review changes to protected overlays. */
  codeOwners?: string;
}

const KUSTOMIZATION_HEADER = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

/**
 * The files of a new config repository: a base (Deployment with probes and
 * resource limits, Service, optional Ingress) and one Kustomize overlay per
 * environment that names the image (and pins its tag unless the environment
 * waits for its first deploy), and a CODEOWNERS file guarding the protected
 * overlays. Paths are relative to the repository root.
 *
 * @public
 */
export function generateConfigRepoFiles(
  spec: ConfigRepoSpec,
): Record<string, string> {
  const labels = { 'app.kubernetes.io/name': spec.name };
  const prefix = spec.configPath === '.' ? '' : `${spec.configPath}/`;
  const files: Record<string, string> = {};

  const baseResources = ['deployment.yaml', 'service.yaml'];
  if (spec.ingressHost) {
    baseResources.push('ingress.yaml');
  }
  files[`${prefix}base/kustomization.yaml`] = stringify({
    ...KUSTOMIZATION_HEADER,
    labels: [{ pairs: labels, includeSelectors: true }],
    resources: baseResources,
  });
  files[`${prefix}base/deployment.yaml`] = stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: spec.name } },
      template: {
        metadata: { labels: { app: spec.name } },
        spec: {
          containers: [
            {
              name: spec.name,
              image: `${spec.image}:${spec.tag}`,
              ports: [{ name: 'http', containerPort: spec.port }],
              readinessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                periodSeconds: 5,
              },
              livenessProbe: {
                httpGet: { path: '/healthz', port: 'http' },
                initialDelaySeconds: 10,
              },
              resources: {
                requests: { cpu: '50m', memory: '64Mi' },
                limits: { memory: '256Mi' },
              },
            },
          ],
        },
      },
    },
  });
  files[`${prefix}base/service.yaml`] = stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: spec.name },
    spec: {
      selector: { app: spec.name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  });
  if (spec.ingressHost) {
    files[`${prefix}base/ingress.yaml`] = stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: spec.name },
      spec: {
        rules: [
          {
            host: spec.ingressHost,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: {
                    service: { name: spec.name, port: { name: 'http' } },
                  },
                },
              ],
            },
          },
        ],
      },
    });
  }

  for (const env of spec.environments) {
    const toBase = env.overlayPath
      .split('/')
      .filter(Boolean)
      .map(() => '..')
      .join('/');
    const namespace = overlayNamespace(spec.name, env.name);
    // The namespace is declared in Git like everything else, so the first
    // sync creates it (Kubernetes refuses objects in a missing namespace).
    files[`${prefix}${env.overlayPath}/namespace.yaml`] = stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    files[`${prefix}${env.overlayPath}/kustomization.yaml`] = stringify({
      ...KUSTOMIZATION_HEADER,
      namespace,
      resources: ['namespace.yaml', `${toBase}/base`],
      images: [
        env.pinned
          ? { name: spec.image, newTag: spec.tag }
          : { name: spec.image },
      ],
    });
  }

  const guarded = spec.environments.filter(env => env.protected);
  if (spec.codeOwners && guarded.length > 0) {
    files.CODEOWNERS = [
      '# Changes to protected environments need a review by their owners.',
      ...guarded.map(env => `/${prefix}${env.overlayPath}/ ${spec.codeOwners}`),
      '',
    ].join('\n');
  }
  return files;
}
