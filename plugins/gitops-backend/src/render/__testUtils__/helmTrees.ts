/**
 * Config repositories with Helm charts, for comparing Slipway's rendering
 * with `helm template` and `kubectl kustomize --enable-helm`: chart folders
 * to render as charts, and kustomizations that inflate them.
 */
export interface HelmTree {
  name: string;
  files: Record<string, string>;
  /** Chart folders, rendered as `helm template <chart name> <folder>`. */
  charts: string[];
  /** Folders with a kustomization, rendered by kustomize with Helm. */
  overlays: string[];
  /** Every render of the tree fails, in the real tools as in Slipway. */
  failing?: boolean;
}

/** A library chart the web chart depends on, as charts often do. */
function commonChart(prefix: string): Record<string, string> {
  return {
    [`${prefix}/Chart.yaml`]:
      'apiVersion: v2\nname: common\ntype: library\nversion: 2.1.0\ndescription: Shared helpers\n',
    [`${prefix}/templates/_labels.tpl`]: `{{/* Standard labels. */}}
{{- define "common.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 }}
{{- end -}}

{{- define "common.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}
`,
  };
}

/** A small subchart, vendored in the web chart's charts/. */
function redisChart(prefix: string): Record<string, string> {
  return {
    [`${prefix}/Chart.yaml`]:
      'apiVersion: v2\nname: redis\nversion: 1.4.2\nappVersion: "7.2"\n',
    [`${prefix}/values.yaml`]:
      'image: redis:7.2\nport: 6379\npersistence:\n  enabled: false\n  size: 1Gi\nauth:\n  password: ""\n',
    [`${prefix}/templates/statefulset.yaml`]: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .Release.Name }}-redis
  labels:
    app: redis
    env: {{ .Values.global.environment | default "none" | quote }}
spec:
  serviceName: {{ .Release.Name }}-redis
  replicas: 1
  selector:
    matchLabels:
      app: redis
  template:
    metadata:
      labels:
        app: redis
    spec:
      containers:
      - name: redis
        image: {{ .Values.image }}
        ports:
        - containerPort: {{ .Values.port }}
        {{- if .Values.auth.password }}
        env:
        - name: REDIS_PASSWORD
          valueFrom:
            secretKeyRef:
              name: {{ .Release.Name }}-redis
              key: password
        {{- end }}
  {{- if .Values.persistence.enabled }}
  volumeClaimTemplates:
  - metadata:
      name: data
    spec:
      accessModes: [ReadWriteOnce]
      resources:
        requests:
          storage: {{ .Values.persistence.size }}
  {{- end }}
`,
    [`${prefix}/templates/secret.yaml`]: `{{- if .Values.auth.password }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Release.Name }}-redis
type: Opaque
data:
  password: {{ .Values.auth.password | b64enc | quote }}
{{- end }}
`,
    [`${prefix}/templates/service.yaml`]: `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-redis
spec:
  clusterIP: None
  selector:
    app: redis
  ports:
  - port: {{ .Values.port }}
`,
  };
}

/**
 * A web application chart in the style of `helm create`, with what real
 * charts use: helpers in _helpers.tpl and a library chart (`include`),
 * `tpl`, `range` over maps and lists, `required`, `toYaml | nindent`,
 * conditions on values and on Capabilities, `.Files`, `lookup`, a hook, a
 * test, NOTES.txt, a CRD in crds/, a vendored subchart with a condition and
 * global values, a values schema, and a .helmignore.
 */
function webChart(prefix: string, name = 'web'): Record<string, string> {
  return {
    [`${prefix}/Chart.yaml`]: `apiVersion: v2
name: ${name}
description: A web application
type: application
version: 0.3.1
appVersion: "1.16.0"
kubeVersion: ">=1.20.0-0"
dependencies:
- name: common
  version: 2.1.0
- name: redis
  version: 1.4.2
  condition: redis.enabled
`,
    [`${prefix}/.helmignore`]: '# Editor files\n*.swp\n*.bak\nnotes/\n',
    [`${prefix}/notes/design.md`]: '# Not part of the chart\n',
    [`${prefix}/templates/deployment.yaml.bak`]: 'not: rendered\n',
    [`${prefix}/values.yaml`]: `replicaCount: 1
image:
  repository: ghcr.io/acme/web
  tag: ""
  pullPolicy: IfNotPresent
imagePullSecrets: []
nameOverride: ""
fullnameOverride: ""
serviceAccount:
  create: true
  annotations: {}
  name: ""
podAnnotations:
  checksum/rendered-by: "{{ .Release.Name }}-{{ .Chart.Version }}"
service:
  type: ClusterIP
  port: 80
ingress:
  enabled: false
  className: nginx
  hosts:
  - host: web.example.com
    paths:
    - path: /
      pathType: Prefix
  tls: []
resources:
  limits:
    memory: 128Mi
  requests:
    cpu: 100m
    memory: 64Mi
autoscaling:
  enabled: false
  minReplicas: 1
  maxReplicas: 5
  targetCPUUtilizationPercentage: 80
env:
  LOG_LEVEL: info
  FEATURE_FLAGS: "a,b"
extraArgs: []
config:
  greeting: "Hello from {{ .Release.Namespace }}"
migrations:
  enabled: true
global:
  environment: base
redis:
  enabled: true
`,
    [`${prefix}/values.schema.json`]: JSON.stringify(
      {
        $schema: 'https://json-schema.org/draft-07/schema#',
        type: 'object',
        required: ['image', 'replicaCount'],
        properties: {
          replicaCount: { type: 'integer', minimum: 0 },
          image: {
            type: 'object',
            required: ['repository'],
            properties: { repository: { type: 'string' } },
          },
        },
      },
      null,
      2,
    ),
    [`${prefix}/files/app.properties`]:
      'server.port=8080\nserver.shutdown=graceful\n',
    [`${prefix}/templates/_helpers.tpl`]: `{{/*
Expand the name of the chart.
*/}}
{{- define "web.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
A fully qualified app name, as helm create writes it.
*/}}
{{- define "web.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "web.labels" -}}
{{ include "common.labels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{- define "web.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "web.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}
`,
    [`${prefix}/templates/deployment.yaml`]: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "common.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        {{- range $key, $value := .Values.podAnnotations }}
        {{ $key }}: {{ tpl $value $ | quote }}
        {{- end }}
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
      labels:
        {{- include "common.selectorLabels" . | nindent 8 }}
    spec:
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      serviceAccountName: {{ include "web.serviceAccountName" . }}
      containers:
      - name: {{ .Chart.Name }}
        image: "{{ required "image.repository is required" .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        imagePullPolicy: {{ .Values.image.pullPolicy }}
        {{- with .Values.extraArgs }}
        args:
        {{- range . }}
        - {{ . | quote }}
        {{- end }}
        {{- end }}
        env:
        {{- range $name, $value := .Values.env }}
        - name: {{ $name }}
          value: {{ $value | quote }}
        {{- end }}
        {{- if .Values.redis.enabled }}
        - name: REDIS_URL
          value: "redis://{{ .Release.Name }}-redis:6379"
        {{- end }}
        ports:
        - name: http
          containerPort: 8080
          protocol: TCP
        resources:
          {{- toYaml .Values.resources | nindent 10 }}
        volumeMounts:
        - name: config
          mountPath: /etc/web
      volumes:
      - name: config
        configMap:
          name: {{ include "web.fullname" . }}
`,
    [`${prefix}/templates/configmap.yaml`]: `{{- $existing := lookup "v1" "ConfigMap" .Release.Namespace (include "web.fullname" .) }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
  annotations:
    existed-before: {{ not (empty $existing) | quote }}
data:
  greeting: {{ tpl .Values.config.greeting . | quote }}
  app.properties: |-
    {{- .Files.Get "files/app.properties" | nindent 4 }}
  {{- range $index, $host := .Values.ingress.hosts }}
  host-{{ $index }}: {{ $host.host }}
  {{- end }}
`,
    [`${prefix}/templates/service.yaml`]: `apiVersion: v1
kind: Service
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
  - port: {{ .Values.service.port }}
    targetPort: http
    protocol: TCP
    name: http
  selector:
    {{- include "common.selectorLabels" . | nindent 4 }}
`,
    [`${prefix}/templates/serviceaccount.yaml`]: `{{- if .Values.serviceAccount.create -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "web.serviceAccountName" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
  {{- with .Values.serviceAccount.annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
`,
    [`${prefix}/templates/ingress.yaml`]: `{{- if .Values.ingress.enabled -}}
{{- $fullName := include "web.fullname" . -}}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ $fullName }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  ingressClassName: {{ .Values.ingress.className }}
  {{- if .Values.ingress.tls }}
  tls:
    {{- range .Values.ingress.tls }}
    - hosts:
        {{- range .hosts }}
        - {{ . | quote }}
        {{- end }}
      secretName: {{ .secretName }}
    {{- end }}
  {{- end }}
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ .host | quote }}
      http:
        paths:
          {{- range .paths }}
          - path: {{ .path }}
            pathType: {{ .pathType }}
            backend:
              service:
                name: {{ $fullName }}
                port:
                  number: {{ $.Values.service.port }}
          {{- end }}
    {{- end }}
{{- end }}
`,
    [`${prefix}/templates/hpa.yaml`]: `{{- if .Values.autoscaling.enabled }}
{{- if .Capabilities.APIVersions.Has "autoscaling/v2" }}
apiVersion: autoscaling/v2
{{- else }}
apiVersion: autoscaling/v2beta2
{{- end }}
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "web.fullname" . }}
  labels:
    {{- include "web.labels" . | nindent 4 }}
    kube-minor: {{ .Capabilities.KubeVersion.Minor | quote }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "web.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
  metrics:
  - type: Resource
    resource:
      name: cpu
      target:
        type: Utilization
        averageUtilization: {{ .Values.autoscaling.targetCPUUtilizationPercentage }}
{{- end }}
`,
    [`${prefix}/templates/migrations-job.yaml`]: `{{- if .Values.migrations.enabled }}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "web.fullname" . }}-migrate
  annotations:
    "helm.sh/hook": pre-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
    "helm.sh/hook-delete-policy": before-hook-creation
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        args: ["migrate"]
{{- end }}
`,
    [`${prefix}/templates/NOTES.txt`]: `1. Get the application URL:
  kubectl --namespace {{ .Release.Namespace }} port-forward svc/{{ include "web.fullname" . }} 8080:{{ .Values.service.port }}
`,
    [`${prefix}/templates/tests/test-connection.yaml`]: `apiVersion: v1
kind: Pod
metadata:
  name: "{{ include "web.fullname" . }}-test-connection"
  labels:
    {{- include "web.labels" . | nindent 4 }}
  annotations:
    "helm.sh/hook": test
spec:
  containers:
  - name: wget
    image: busybox
    command: ['wget']
    args: ['{{ include "web.fullname" . }}:{{ .Values.service.port }}']
  restartPolicy: Never
`,
    [`${prefix}/crds/crontab.yaml`]: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              cronSpec:
                type: string
`,
    ...commonChart(`${prefix}/charts/common`),
    ...redisChart(`${prefix}/charts/redis`),
  };
}

const envValues: Record<string, string> = {
  dev: `replicaCount: 1
image:
  tag: dev-1234
env:
  LOG_LEVEL: debug
extraArgs: ["--verbose"]
global:
  environment: dev
redis:
  enabled: false
`,
  staging: `replicaCount: 2
image:
  tag: "1.16.1"
ingress:
  enabled: true
  hosts:
  - host: staging.web.example.com
    paths:
    - path: /
      pathType: Prefix
global:
  environment: staging
redis:
  auth:
    password: not-a-real-password
`,
  production: `image:
  tag: "1.16.0"
autoscaling:
  enabled: true
  minReplicas: 3
ingress:
  enabled: true
  tls:
  - hosts: [web.example.com]
    secretName: web-tls
serviceAccount:
  annotations:
    iam.example.com/role: web
global:
  environment: production
redis:
  persistence:
    enabled: true
    size: 10Gi
migrations:
  enabled: false
`,
};

/**
 * The usual layout: the chart vendored under base/charts/, and an overlay
 * per environment that inflates it with its own values (the overlay is a
 * chart wrapper) and patches the result as kustomize does.
 */
function wrapperTree(): HelmTree {
  const files: Record<string, string> = { ...webChart('base/charts/web') };
  files['envs/dev/kustomization.yaml'] = `helmGlobals:
  chartHome: ../../base/charts
helmCharts:
- name: web
  releaseName: web
  namespace: web-dev
  valuesFile: values.yaml
namespace: web-dev
commonLabels:
  environment: dev
`;
  files['envs/staging/kustomization.yaml'] = `helmGlobals:
  chartHome: ../../base/charts
helmCharts:
- name: web
  releaseName: web-staging
  namespace: web-staging
  valuesFile: values.yaml
  additionalValuesFiles:
  - extra-values.yaml
  skipTests: true
  includeCRDs: true
namespace: web-staging
images:
- name: ghcr.io/acme/web
  newTag: 1.16.1-hotfix
patches:
- target:
    kind: Deployment
  patch: |-
    - op: add
      path: /spec/template/spec/terminationGracePeriodSeconds
      value: 45
`;
  files['envs/staging/extra-values.yaml'] =
    'podAnnotations:\n  team: "{{ .Release.Namespace }}-team"\nenv:\n  EXTRA: "1"\n';
  files['envs/production/kustomization.yaml'] = `helmGlobals:
  chartHome: ../../base/charts
helmCharts:
- name: web
  releaseName: web
  namespace: web-production
  valuesFile: values.yaml
  valuesInline:
    replicaCount: 4
    env:
      LOG_LEVEL: warn
  valuesMerge: override
  includeCRDs: true
  skipHooks: true
  apiVersions:
  - monitoring.coreos.com/v1
  kubeVersion: "1.31.0"
namespace: web-production
namePrefix: prod-
sortOptions:
  order: fifo
`;
  for (const env of ['dev', 'staging', 'production']) {
    files[`envs/${env}/values.yaml`] = envValues[env];
  }
  return {
    name: 'chart-wrapper-overlays',
    files,
    charts: ['base/charts/web'],
    overlays: ['envs/dev', 'envs/staging', 'envs/production'],
  };
}

/**
 * helmCharts in a base, with the chart in the default chart home
 * (charts/ beside the kustomization) and one pinned to a repository and a
 * version, vendored where kustomize pulls it to; overlays add resources,
 * a generated ConfigMap and patches over the inflated chart.
 */
function baseTree(): HelmTree {
  const files: Record<string, string> = {
    ...webChart('base/charts/web'),
    ...webChart('base/charts/web-0.3.1/web'),
    ...redisChart('base/charts/cache'),
  };
  files['base/charts/cache/Chart.yaml'] =
    'apiVersion: v2\nname: cache\nversion: 1.4.2\n';
  files['base/charts/cache/values.yaml'] +=
    'global:\n  environment: standalone\n';
  files['base/kustomization.yaml'] = `resources:
- namespace.yaml
helmCharts:
- name: web
  releaseName: shop
  valuesInline:
    image:
      tag: "2.0.0"
    redis:
      enabled: false
  valuesMerge: merge
- name: cache
  releaseName: shop-cache
  valuesInline:
    global:
      environment: shared
    image: redis:7.4
  valuesMerge: replace
configMapGenerator:
- name: shop-settings
  literals:
  - MODE=base
`;
  files['base/namespace.yaml'] =
    'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  files['pinned/kustomization.yaml'] = `helmCharts:
- name: web
  repo: https://charts.example.com
  version: 0.3.1
  releaseName: pinned
  namespace: pinned
  valuesFile: values.yaml
helmGlobals:
  chartHome: ../base/charts
`;
  files['pinned/values.yaml'] = 'replicaCount: 3\nredis:\n  enabled: false\n';
  files['envs/prod/kustomization.yaml'] = `resources:
- ../../base
namespace: shop
commonAnnotations:
  owner: team-shop
configMapGenerator:
- name: shop-settings
  behavior: merge
  literals:
  - MODE=prod
patches:
- patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: shop-web
    spec:
      replicas: 6
`;
  return {
    name: 'chart-in-base',
    files,
    charts: ['base/charts/cache'],
    overlays: ['base', 'pinned', 'envs/prod'],
  };
}

/**
 * Charts rendered as folders, and renders that fail in both tools: a
 * template that dereferences a missing value, a `required` value left out, a
 * template that does not parse, values that are not YAML, a dependency that
 * is not vendored.
 */
function failingTree(): HelmTree {
  const files: Record<string, string> = {
    ...webChart('charts/nil-pointer'),
    ...webChart('charts/required'),
    ...webChart('charts/parse-error'),
    ...webChart('charts/bad-values'),
    ...webChart('charts/missing-dependency'),
  };
  files['charts/nil-pointer/Chart.yaml'] = files[
    'charts/nil-pointer/Chart.yaml'
  ].replace('name: web', 'name: nil-pointer');
  files['charts/nil-pointer/templates/broken.yaml'] =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\ndata:\n  key: {{ .Values.database.host }}\n';
  files['charts/required/Chart.yaml'] = files[
    'charts/required/Chart.yaml'
  ].replace('name: web', 'name: required');
  files['charts/required/values.yaml'] = files[
    'charts/required/values.yaml'
  ].replace('repository: ghcr.io/acme/web', 'repository: ""');
  files['charts/required/values.schema.json'] = '{}';
  files['charts/parse-error/Chart.yaml'] = files[
    'charts/parse-error/Chart.yaml'
  ].replace('name: web', 'name: parse-error');
  files['charts/parse-error/templates/broken.yaml'] =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name\n';
  files['charts/bad-values/Chart.yaml'] = files[
    'charts/bad-values/Chart.yaml'
  ].replace('name: web', 'name: bad-values');
  files['charts/bad-values/values.yaml'] = 'image:\n  tag: [unclosed\n';
  files['charts/missing-dependency/Chart.yaml'] = files[
    'charts/missing-dependency/Chart.yaml'
  ].replace('name: web', 'name: missing-dependency');
  for (const name of Object.keys(files)) {
    if (name.startsWith('charts/missing-dependency/charts/redis/')) {
      delete files[name];
    }
  }
  files['envs/bad-values/kustomization.yaml'] = `helmCharts:
- name: web
  releaseName: web
  valuesFile: values.yaml
helmGlobals:
  chartHome: ../../base/charts
`;
  files['envs/bad-values/values.yaml'] = 'replicaCount: 2\n  image: [x\n';
  Object.assign(files, webChart('base/charts/web'));
  return {
    name: 'failing',
    files,
    charts: [
      'charts/nil-pointer',
      'charts/required',
      'charts/parse-error',
      'charts/bad-values',
      'charts/missing-dependency',
    ],
    overlays: ['envs/bad-values'],
    failing: true,
  };
}

/** Every tree, each chart also rendered as a folder. */
export function helmTrees(): HelmTree[] {
  const wrapper = wrapperTree();
  const base = baseTree();
  return [
    wrapper,
    { ...base, charts: [...base.charts, 'base/charts/web'] },
    failingTree(),
  ];
}
