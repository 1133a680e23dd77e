#!/usr/bin/env node
/*
 * The pull-model part of the demo (./scripts/start.sh --pull-model): staging
 * applied by Argo CD, production by Flux, dev by Slipway's own engine.
 *
 *   node scripts/demo-pull-model.mjs [options] <git base URL> <app-config file>
 *
 * Prints, for kubectl apply, an Argo CD Application `<service>-staging` and a
 * Flux GitRepository `<service>` with a Kustomization `<service>-production`
 * per demo service, reading each service's config repository through
 * <git base URL> (scripts/gitops-controllers/git-http.mjs serving
 * .demo/repos, or <folder>/repos with --dir), at the path and branch the catalog gives it. Writes
 * <app-config file>: gitops.environments as in app-config.yaml (Backstage
 * replaces arrays, so all of them) with `engine: argocd` on staging and
 * `engine: flux` on production. The demo entities name these objects in
 * slipway.dev/argocd-app and slipway.dev/flux-kustomization
 * (scripts/seed-demo.mjs), since the catalog's repository URLs are file://;
 * the objects are named as those annotations say (so a seed with
 * --cluster-prefix gets prefixed ones; the GitRepository takes the
 * Kustomization's name without the environment).
 *
 * Options:
 *   --dir <folder>             the demo's data, as seed-demo.mjs --dir
 *                              (default .demo)
 *   --fetch-interval <d>       how often Flux fetches each repository (1m)
 *   --apply-interval <d>       how often Flux applies a Kustomization again
 *                              when Git did not change, undoing drift (1m)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Which environment each engine runs in the demo. */
const ENGINES = { staging: 'argocd', production: 'flux' };

const USAGE =
  'usage: node scripts/demo-pull-model.mjs [--dir <folder>] [--fetch-interval <duration>] [--apply-interval <duration>] <git base URL> <app-config file>';
const options = { dir: '.demo', fetchInterval: '1m', applyInterval: '1m' };
const positional = [];
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i];
  const option = {
    '--dir': 'dir',
    '--fetch-interval': 'fetchInterval',
    '--apply-interval': 'applyInterval',
  }[arg];
  if (option) {
    const value = process.argv[++i];
    if (!value) {
      console.error(`${arg} needs a value\n${USAGE}`);
      process.exit(2);
    }
    options[option] = value;
  } else if (arg.startsWith('--')) {
    console.error(`unknown option ${arg}\n${USAGE}`);
    process.exit(2);
  } else {
    positional.push(arg);
  }
}
const [gitBaseUrl, appConfigFile] = positional;
if (!gitBaseUrl || !appConfigFile || positional.length > 2) {
  console.error(USAGE);
  process.exit(2);
}
for (const name of ['fetchInterval', 'applyInterval']) {
  // Flux takes Go durations.
  if (!/^(\d+(ms|s|m|h))+$/.test(options[name])) {
    console.error(
      `${options[name]} is not a duration such as 30s or 1h\n${USAGE}`,
    );
    process.exit(2);
  }
}

const demoDir = path.resolve(root, options.dir);
const reposDir = path.join(demoDir, 'repos');
const catalogFile = path.join(demoDir, 'catalog', 'demo-services.yaml');

const appConfig = parse(
  fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
);
const environments = appConfig.gitops.environments;
const overlayPath = appConfig.gitops.overlayPath ?? 'envs/{environment}';
for (const name of Object.keys(ENGINES)) {
  if (!environments.some(env => env.name === name)) {
    throw new Error(`app-config.yaml has no gitops environment "${name}"`);
  }
}

/**
 * `template` (an slipway.dev/argocd-app or slipway.dev/flux-kustomization
 * value) for an environment, as namespace and name.
 */
function objectName(template, environment, defaultNamespace) {
  const filled = template.replace(/\{environment\}/g, environment);
  const [namespace, name] = filled.includes('/')
    ? filled.split('/')
    : [defaultNamespace, filled];
  return { name, namespace };
}

/** The demo's components with what their slipway.dev annotations say. */
function demoServices() {
  const services = [];
  for (const doc of parseAllDocuments(fs.readFileSync(catalogFile, 'utf8'))) {
    const entity = doc.toJS();
    if (entity?.kind !== 'Component') continue;
    const annotations = entity.metadata.annotations ?? {};
    const repoUrl = annotations['slipway.dev/config-repo'];
    const bare = fileURLToPath(repoUrl);
    const relative = path.relative(reposDir, bare);
    if (relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new Error(
        `${
          entity.metadata.name
        }'s config repo ${repoUrl} is not under ${path.relative(
          root,
          reposDir,
        )}`,
      );
    }
    const argocdApp =
      annotations['slipway.dev/argocd-app'] ??
      `${entity.metadata.name}-{environment}`;
    const fluxKustomization =
      annotations['slipway.dev/flux-kustomization'] ??
      `flux-system/${entity.metadata.name}-{environment}`;
    services.push({
      name: entity.metadata.name,
      bare,
      httpUrl: `${gitBaseUrl.replace(/\/$/, '')}/${relative
        .split(path.sep)
        .join('/')}`,
      configPath: annotations['slipway.dev/config-path'] ?? '.',
      branch: annotations['slipway.dev/config-branch'] ?? 'main',
      application: objectName(argocdApp, 'staging', 'argocd'),
      kustomization: objectName(fluxKustomization, 'production', 'flux-system'),
      gitRepository: objectName(
        fluxKustomization.replace(/-?\{environment\}/g, '') ||
          entity.metadata.name,
        'production',
        'flux-system',
      ),
    });
  }
  if (services.length === 0) {
    throw new Error(`${catalogFile} lists no components; run seed-demo.mjs`);
  }
  return services;
}

/** The environment's overlay folder inside the repository, without ./ */
function overlayOf(service, environment) {
  return path.posix.normalize(
    path.posix.join(
      service.configPath,
      overlayPath.replace(/\{environment\}/g, environment),
    ),
  );
}

/** The namespace the overlay's kustomization.yaml sets, if it sets one. */
function overlayNamespace(service, overlay) {
  for (const file of [
    'kustomization.yaml',
    'kustomization.yml',
    'Kustomization',
  ]) {
    let text;
    try {
      text = execFileSync(
        'git',
        [
          '--git-dir',
          service.bare,
          'show',
          `${service.branch}:${overlay}/${file}`,
        ],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      ).toString();
    } catch {
      continue;
    }
    const namespace = parse(text)?.namespace;
    return typeof namespace === 'string' && namespace ? namespace : undefined;
  }
  throw new Error(
    `${service.name}: no kustomization.yaml in ${overlay} on ${service.branch}`,
  );
}

const objects = [];
for (const service of demoServices()) {
  const staging = overlayOf(service, 'staging');
  objects.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: service.application,
    spec: {
      project: 'default',
      source: {
        repoURL: service.httpUrl,
        path: staging,
        targetRevision: service.branch,
      },
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace:
          overlayNamespace(service, staging) ?? `${service.name}-staging`,
      },
      syncPolicy: {
        automated: { prune: true },
        syncOptions: ['CreateNamespace=true'],
      },
    },
  });

  const production = overlayOf(service, 'production');
  const declared = overlayNamespace(service, production);
  const target = `${service.name}-production`;
  if (!declared) {
    // Flux applies namespaced objects into targetNamespace, which must exist.
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: target },
    });
  }
  objects.push({
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: service.gitRepository,
    spec: {
      url: service.httpUrl,
      ref: { branch: service.branch },
      interval: options.fetchInterval,
    },
  });
  objects.push({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: service.kustomization,
    spec: {
      // The GitRepository is in the Kustomization's namespace.
      sourceRef: { kind: 'GitRepository', name: service.gitRepository.name },
      path: `./${production}`,
      ...(declared ? {} : { targetNamespace: target }),
      prune: true,
      interval: options.applyInterval,
      // A failed apply is tried again this soon, whatever the interval.
      retryInterval: '1m',
      wait: true,
      timeout: '2m',
    },
  });
}

fs.writeFileSync(
  appConfigFile,
  `# Written by scripts/demo-pull-model.mjs for start.sh --pull-model; do not edit.\n${stringify(
    {
      gitops: {
        environments: environments.map(env =>
          ENGINES[env.name] ? { ...env, engine: ENGINES[env.name] } : env,
        ),
      },
    },
  )}`,
);
process.stdout.write(objects.map(object => stringify(object)).join('---\n'));
