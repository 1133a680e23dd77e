import { stringify } from 'yaml';

/** One generated config repository and the overlays to render in it. */
export interface KustomizeTree {
  name: string;
  files: Record<string, string>;
  overlays: string[];
}

/** A small seeded generator (mulberry32), so a failing tree can be regenerated. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T =>
      items[Math.floor(next() * items.length)],
    int: (min: number, max: number) =>
      min + Math.floor(next() * (max - min + 1)),
    shuffle: <T>(items: T[]): T[] => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy;
    },
  };
}

type Random = ReturnType<typeof random>;

const yaml = (value: unknown) => stringify(value, { lineWidth: 0 });
const docs = (...values: unknown[]) => values.map(yaml).join('---\n');

const envs = ['dev', 'staging', 'production'] as const;
const teams = ['payments', 'checkout', 'search', 'identity', 'ledger'];

function deployment(r: Random, name: string, image: string) {
  const containers: object[] = [
    {
      name,
      image: `${image}:1.0.0`,
      ports: [{ name: 'http', containerPort: 8080 }],
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        {
          name: 'DB_HOST',
          valueFrom: {
            configMapKeyRef: { name: `${name}-config`, key: 'DB_HOST' },
          },
        },
        { name: 'DB_HOST_COPY', value: 'placeholder' },
      ],
      envFrom: [
        { configMapRef: { name: `${name}-config` } },
        { secretRef: { name: `${name}-secret` } },
      ],
      resources: { requests: { cpu: '100m', memory: '64Mi' } },
      volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
    },
  ];
  if (r.chance(0.5)) {
    containers.push({
      name: 'proxy',
      image: 'envoyproxy/envoy:v1.29.0',
      args: ['--config-path', '/etc/envoy/envoy.yaml'],
    });
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          serviceAccountName: name,
          containers,
          volumes: [
            { name: 'config', configMap: { name: `${name}-config` } },
            { name: 'tls', secret: { secretName: `${name}-secret` } },
          ],
        },
      },
    },
  };
}

function baseFiles(r: Random, name: string, image: string) {
  const files: Record<string, string> = {};
  const resources = ['deployment.yaml', 'service.yaml', 'serviceaccount.yaml'];
  files['base/deployment.yaml'] = yaml(deployment(r, name, image));
  files['base/service.yaml'] = yaml({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: {
      selector: { app: name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  });
  files['base/serviceaccount.yaml'] = yaml({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name },
  });
  if (r.chance(0.7)) {
    resources.push('rbac.yaml');
    const subjectNamespace = r.chance(0.3) ? { namespace: 'default' } : {};
    const objects: object[] = [
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name: `${name}-reader` },
        rules: [
          {
            apiGroups: [''],
            resources: ['configmaps'],
            verbs: ['get', 'list'],
          },
        ],
      },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: `${name}-reader` },
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'Role',
          name: `${name}-reader`,
        },
        subjects: [{ kind: 'ServiceAccount', name, ...subjectNamespace }],
      },
    ];
    if (r.chance(0.4)) {
      objects.push(
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: `${name}-nodes` },
          rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get'] }],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRoleBinding',
          metadata: { name: `${name}-nodes` },
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'ClusterRole',
            name: `${name}-nodes`,
          },
          subjects: [{ kind: 'ServiceAccount', name, namespace: 'default' }],
        },
      );
    }
    files['base/rbac.yaml'] = docs(...objects);
  }
  if (r.chance(0.5)) {
    resources.push('hpa.yaml');
    files['base/hpa.yaml'] = yaml({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 1,
        maxReplicas: 5,
      },
    });
  }
  if (r.chance(0.4)) {
    resources.push('ingress.yaml');
    files['base/ingress.yaml'] = yaml({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name,
        annotations: { 'kubernetes.io/ingress.class': 'nginx' },
      },
      spec: {
        rules: [
          {
            host: `${name}.example.com`,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { service: { name, port: { number: 80 } } },
                },
              ],
            },
          },
        ],
        tls: [{ hosts: [`${name}.example.com`], secretName: `${name}-secret` }],
      },
    });
  }
  const kustomization: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: r.shuffle(resources),
  };
  if (r.chance(0.5)) {
    kustomization.commonLabels = { 'app.kubernetes.io/name': name };
  } else {
    kustomization.labels = [
      {
        pairs: { 'app.kubernetes.io/name': name },
        includeSelectors: r.chance(0.5),
        ...(r.chance(0.3) ? { includeTemplates: true } : {}),
      },
    ];
  }
  const literals = ['DB_HOST=db.internal', 'CACHE_TTL=30', `SERVICE=${name}`];
  const configMap: Record<string, unknown> = {
    name: `${name}-config`,
    literals: r.shuffle(literals),
  };
  if (r.chance(0.5)) {
    configMap.files = ['config/app.properties'];
    files[
      'base/config/app.properties'
    ] = `server.port=8080\nfeature.flags=${r.pick(['a,b', 'b', 'a,c,d'])}\n`;
  }
  kustomization.configMapGenerator = [configMap];
  const secret: Record<string, unknown> = {
    name: `${name}-secret`,
    literals: ['API_TOKEN=not-a-real-token'],
  };
  if (r.chance(0.6)) {
    // Long enough that its base64 form is longer than one line of 76.
    secret.files = ['secrets/tls.crt'];
    files[
      'base/secrets/tls.crt'
    ] = `-----BEGIN CERTIFICATE-----\n${'MIIBszCCAVmgAwIBAgIUb'.repeat(
      r.int(3, 8),
    )}\n-----END CERTIFICATE-----\n`;
  }
  if (r.chance(0.3)) {
    secret.type = 'kubernetes.io/tls';
    secret.literals = ['tls.key=not-a-key', 'tls.crt=not-a-cert'];
    delete secret.files;
  }
  kustomization.secretGenerator = [secret];
  if (r.chance(0.3)) {
    kustomization.generatorOptions = {
      labels: { 'generated-by': 'kustomize' },
      ...(r.chance(0.3) ? { disableNameSuffixHash: true } : {}),
    };
  }
  if (r.chance(0.3)) {
    kustomization.commonAnnotations = { owner: `team-${name}` };
  }
  files['base/kustomization.yaml'] = yaml(kustomization);
  return files;
}

function workerFiles(name: string, image: string) {
  const worker = `${name}-worker`;
  return {
    'worker/kustomization.yaml': yaml({
      resources: ['worker.yaml', 'cronjob.yaml'],
      commonLabels: { component: 'worker' },
    }),
    'worker/worker.yaml': yaml({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: worker },
      spec: {
        selector: { matchLabels: { app: worker } },
        template: {
          metadata: { labels: { app: worker } },
          spec: {
            serviceAccountName: name,
            containers: [
              {
                name: 'worker',
                image: `${image}:1.0.0`,
                args: ['work'],
                envFrom: [{ configMapRef: { name: `${name}-config` } }],
              },
            ],
          },
        },
      },
    }),
    'worker/cronjob.yaml': yaml({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: `${name}-cleanup` },
      spec: {
        schedule: '0 3 * * *',
        jobTemplate: {
          spec: {
            template: {
              spec: {
                restartPolicy: 'OnFailure',
                containers: [
                  {
                    name: 'cleanup',
                    image: `${image}:1.0.0`,
                    args: ['cleanup'],
                  },
                ],
              },
            },
          },
        },
      },
    }),
  };
}

function componentFiles(name: string) {
  return {
    'components/monitoring/kustomization.yaml': yaml({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      resources: ['podmonitor.yaml'],
      patches: [
        {
          target: { kind: 'Deployment', labelSelector: `app=${name}` },
          patch: yaml([
            {
              op: 'add',
              path: '/spec/template/metadata/annotations',
              value: {
                'prometheus.io/scrape': 'true',
                'prometheus.io/port': '8080',
              },
            },
          ]),
        },
      ],
      configMapGenerator: [
        { name: `${name}-config`, behavior: 'merge', literals: ['METRICS=on'] },
      ],
    }),
    'components/monitoring/podmonitor.yaml': yaml({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: { name },
      spec: {
        selector: { matchLabels: { app: name } },
        podMetricsEndpoints: [{ port: 'http' }],
      },
    }),
    'components/debug/kustomization.yaml': yaml({
      apiVersion: 'kustomize.config.k8s.io/v1alpha1',
      kind: 'Component',
      patches: [
        {
          patch: yaml({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name },
            spec: {
              template: {
                spec: {
                  containers: [
                    { name, env: [{ name: 'LOG_LEVEL', value: 'debug' }] },
                  ],
                },
              },
            },
          }),
        },
      ],
    }),
  };
}

function overlayFiles(
  r: Random,
  name: string,
  image: string,
  env: (typeof envs)[number],
  hasWorker: boolean,
) {
  const dir = `envs/${env}`;
  const files: Record<string, string> = {};
  const resources = ['../../base'];
  if (hasWorker && r.chance(0.8)) {
    resources.push('../../worker');
  }
  const k: Record<string, unknown> = { resources };
  if (r.chance(0.7)) {
    k.namespace = `${name}-${env}`;
    if (r.chance(0.5)) {
      resources.push('namespace.yaml');
      files[`${dir}/namespace.yaml`] = yaml({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: `${name}-${env}` },
      });
    }
  }
  if (r.chance(0.4)) {
    k.namePrefix = `${env}-`;
  }
  if (r.chance(0.2)) {
    k.nameSuffix = `-${r.pick(['v1', 'blue', 'eu'])}`;
  }
  const tag = `1.${r.int(0, 9)}.${r.int(0, 20)}`;
  const imageEdit = r.pick([
    { name: image, newTag: tag },
    { name: image, newName: `mirror.example.com/${name}`, newTag: tag },
    { name: image, digest: `sha256:${'ab12'.repeat(16)}` },
  ]);
  k.images = r.chance(0.3)
    ? [imageEdit, { name: 'envoyproxy/envoy', newTag: 'v1.30.1' }]
    : [imageEdit];
  if (r.chance(0.6)) {
    k.replicas = [{ name, count: envs.indexOf(env) + r.int(1, 3) }];
  }
  if (r.chance(0.6)) {
    const behavior = r.pick(['merge', 'merge', 'replace']);
    k.configMapGenerator = [
      {
        name: `${name}-config`,
        behavior,
        literals:
          behavior === 'merge'
            ? [
                `LOG_LEVEL=${env === 'production' ? 'warn' : 'debug'}`,
                `ENV=${env}`,
              ]
            : ['DB_HOST=db.production.internal', `ENV=${env}`],
      },
    ];
    if (r.chance(0.4)) {
      files[`${dir}/app.env`] = `REGION=${r.pick([
        'eu-west-1',
        'us-east-1',
      ])}\nFEATURE_X=true\n`;
      (k.configMapGenerator as object[]).push({
        name: `${name}-env`,
        envs: ['app.env'],
      });
    }
  }
  if (r.chance(0.3)) {
    k.secretGenerator = [
      {
        name: `${name}-secret`,
        behavior: 'merge',
        literals: [`ENV_TOKEN=${env}-token`],
      },
    ];
  }
  if (r.chance(0.2)) {
    k.generatorOptions = { disableNameSuffixHash: true };
  }
  const patches: object[] = [];
  if (r.chance(0.7)) {
    patches.push({
      patch: yaml({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name,
                  resources: {
                    limits: {
                      memory: env === 'production' ? '512Mi' : '256Mi',
                    },
                  },
                  env: [{ name: 'ENVIRONMENT', value: env }],
                },
                ...(r.chance(0.3)
                  ? [{ name: 'log-shipper', image: 'fluent/fluent-bit:3.0' }]
                  : []),
              ],
            },
          },
        },
      }),
    });
  }
  if (r.chance(0.5)) {
    files[`${dir}/deployment-patch.yaml`] = yaml({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, annotations: { 'slipway.dev/environment': env } },
      spec: { template: { spec: { terminationGracePeriodSeconds: 45 } } },
    });
    if (r.chance(0.5)) {
      patches.push({ path: 'deployment-patch.yaml' });
    } else {
      k.patchesStrategicMerge = ['deployment-patch.yaml'];
    }
  }
  if (r.chance(0.5)) {
    const annotate = {
      op: 'add',
      path: '/metadata/annotations',
      value: { tier: 'backend' },
    };
    patches.push(
      r.pick([
        {
          target: { kind: 'Deployment', name },
          patch: yaml([
            {
              op: 'replace',
              path: '/spec/template/spec/containers/0/ports/0/containerPort',
              value: 9090,
            },
            annotate,
          ]),
        },
        {
          // A regular expression: the worker Deployment matches too.
          target: {
            group: 'apps',
            version: 'v1',
            kind: 'Deployment',
            name: `${name}.*`,
          },
          patch: yaml([annotate]),
        },
        {
          target: { kind: 'Deployment', labelSelector: `app=${name}` },
          patch: yaml([annotate]),
        },
      ]),
    );
  }
  if (r.chance(0.3)) {
    files[`${dir}/service-ops.yaml`] = yaml([
      { op: 'add', path: '/spec/type', value: 'ClusterIP' },
      { op: 'add', path: '/spec/sessionAffinity', value: 'None' },
    ]);
    k.patchesJson6902 = [
      {
        target: { version: 'v1', kind: 'Service', name },
        path: 'service-ops.yaml',
      },
    ];
  }
  if (r.chance(0.2)) {
    patches.push({
      target: { kind: 'Service' },
      patch: yaml([
        { op: 'add', path: '/metadata/labels/exposed', value: 'true' },
      ]),
      options: { allowNameChange: false },
    });
  }
  if (patches.length) {
    k.patches = patches;
  }
  if (r.chance(0.5)) {
    k.commonAnnotations = {
      'slipway.dev/environment': env,
      team: r.pick(teams),
    };
  }
  if (r.chance(0.5)) {
    k.labels = [
      { pairs: { environment: env }, includeSelectors: false },
      ...(r.chance(0.3)
        ? [
            {
              pairs: { 'cost-center': 'cc-42' },
              fields: [
                {
                  kind: 'Deployment',
                  path: 'spec/template/metadata/labels',
                  create: true,
                },
              ],
            },
          ]
        : []),
    ];
  } else if (r.chance(0.3)) {
    k.commonLabels = { environment: env };
  }
  const components: string[] = [];
  if (r.chance(0.4)) {
    components.push('../../components/monitoring');
  }
  if (env === 'dev' && r.chance(0.5)) {
    components.push('../../components/debug');
  }
  if (components.length) {
    k.components = components;
  }
  if (r.chance(0.3)) {
    k.replacements = [
      {
        source: {
          kind: 'ConfigMap',
          name: `${name}-config`,
          fieldPath: 'data.DB_HOST',
        },
        targets: [
          {
            select: { kind: 'Deployment', name },
            fieldPaths: [
              `spec.template.spec.containers.[name=${name}].env.[name=DB_HOST_COPY].value`,
            ],
          },
        ],
      },
    ];
  }
  if (r.chance(0.15)) {
    k.sortOptions = r.pick([
      { order: 'fifo' },
      {
        order: 'legacy',
        legacySortOptions: {
          orderFirst: ['Namespace', 'ServiceAccount'],
          orderLast: ['Ingress'],
        },
      },
    ]);
  }
  if (r.chance(0.1)) {
    k.buildMetadata = [r.pick(['originAnnotations', 'managedByLabel'])];
  }
  files[`${dir}/kustomization.yaml`] = yaml(k);
  return files;
}

/**
 * Realistic config repositories: a base (Deployment, Service,
 * ServiceAccount, RBAC, HPA, Ingress, generated ConfigMap and Secret), an
 * optional second base, components, and dev/staging/production overlays
 * that set images, namespace, prefixes, labels, annotations, replicas,
 * merge or replace generators, and patch with strategic-merge and JSON
 * patches selected by name, regex and label.
 */
export function generateKustomizeTrees(
  count: number,
  seed = 1,
): KustomizeTree[] {
  const trees: KustomizeTree[] = [];
  for (let i = 0; i < count; i++) {
    const r = random(seed * 100_003 + i);
    const name = `${r.pick(teams)}-${r.pick(['api', 'web', 'svc'])}`;
    const image = `registry.example.com/${r.pick(teams)}/${name}`;
    const hasWorker = r.chance(0.4);
    const files: Record<string, string> = {
      ...baseFiles(r, name, image),
      ...(hasWorker ? workerFiles(name, image) : {}),
      ...componentFiles(name),
    };
    for (const env of envs) {
      Object.assign(files, overlayFiles(r, name, image, env, hasWorker));
    }
    trees.push({
      name: `tree-${seed}-${i}-${name}`,
      files,
      overlays: envs.map(env => `envs/${env}`),
    });
  }
  return trees;
}
