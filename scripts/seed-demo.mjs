#!/usr/bin/env node
/*
 * Creates the demo's config repositories as real Git repositories under
 * .demo/repos (a base and dev/staging/production overlays, with a few commits
 * of deploy and promote history each), and the catalog file that points the
 * demo services at them. Existing demo data is kept unless --reset is given,
 * so the demo's own deploys survive a restart; --dir <folder> seeds elsewhere.
 * --cluster-prefix <prefix> starts the names of what the demo puts in a
 * cluster with <prefix>: the namespaces its overlays declare, and the Argo CD
 * Applications and Flux objects its catalog names (the end-to-end tests use
 * it, so they can share a cluster with other work without touching its
 * objects).
 *
 * Uses only Node's standard library and the git CLI.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirFlag = process.argv.indexOf('--dir');
// The end-to-end tests seed their own copy (--dir .demo-e2e) so a test run
// never resets the demo someone uses by hand.
const demoDir = path.resolve(
  root,
  dirFlag >= 0 ? process.argv[dirFlag + 1] : '.demo',
);
const reposDir = path.join(demoDir, 'repos');
const prefixFlag = process.argv.indexOf('--cluster-prefix');
const clusterPrefix = prefixFlag >= 0 ? process.argv[prefixFlag + 1] : '';
if (!/^([a-z0-9][-a-z0-9]*)?$/.test(clusterPrefix)) {
  throw new Error(
    `--cluster-prefix "${clusterPrefix}" is not lowercase letters, digits and dashes`,
  );
}
const catalogFile = path.join(demoDir, 'catalog', 'demo-services.yaml');
const exampleDir = path.join(root, 'examples', 'demo');
const templateDir = path.join(exampleDir, 'config-repo-template');
const definition = JSON.parse(
  fs.readFileSync(path.join(exampleDir, 'services.json'), 'utf8'),
);

const reset = process.argv.includes('--reset');
if (reset) {
  fs.rmSync(demoDir, { recursive: true, force: true });
}

const author = {
  GIT_AUTHOR_NAME: 'Slipway Demo',
  GIT_AUTHOR_EMAIL: 'demo@slipway.dev',
  GIT_COMMITTER_NAME: 'Slipway Demo',
  GIT_COMMITTER_EMAIL: 'demo@slipway.dev',
};

function git(cwd, args, env = {}) {
  return execFileSync('git', args, {
    cwd,
    env: { ...process.env, ...author, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
    .toString()
    .trim();
}

function renderTemplate(text, values) {
  return text.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in values)) {
      throw new Error(`Template placeholder {{${key}}} has no value`);
    }
    return String(values[key]);
  });
}

function copyTemplate(targetDir, values) {
  for (const entry of fs.readdirSync(templateDir, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const source = path.join(entry.parentPath ?? entry.path, entry.name);
    const relative = path.relative(templateDir, source);
    const target = path.join(targetDir, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(
      target,
      renderTemplate(fs.readFileSync(source, 'utf8'), values),
    );
  }
}

function setOverlayVersion(appDir, environment, version) {
  const file = path.join(appDir, 'envs', environment, 'kustomization.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const updated = text.replace(/newTag: "[^"]*"/, `newTag: "${version}"`);
  if (updated === text) {
    throw new Error(`No newTag to change in ${path.relative(root, file)}`);
  }
  fs.writeFileSync(file, updated);
}

/**
 * Prefixes the namespace each overlay declares (`<name>-<environment>`, in
 * its kustomization.yaml and namespace.yaml) with --cluster-prefix.
 */
function prefixNamespaces(appDir, service) {
  if (!clusterPrefix) return;
  const envsDir = path.join(appDir, 'envs');
  for (const environment of fs.readdirSync(envsDir)) {
    const namespace = `${service.name}-${environment}`;
    const pattern = new RegExp(
      `(^[ \\t]*(?:namespace|name): )${namespace}$`,
      'gm',
    );
    for (const file of ['kustomization.yaml', 'namespace.yaml']) {
      const target = path.join(envsDir, environment, file);
      const text = fs.readFileSync(target, 'utf8');
      const updated = text.replace(pattern, `$1${clusterPrefix}${namespace}`);
      if (updated === text) {
        throw new Error(
          `No namespace ${namespace} to prefix in ${path.relative(
            root,
            target,
          )}`,
        );
      }
      fs.writeFileSync(target, updated);
    }
  }
}

function seedRepository(service) {
  const bare = path.join(reposDir, `${service.name}-config.git`);
  if (fs.existsSync(bare)) {
    return { bare, created: false };
  }
  const work = fs.mkdtempSync(
    path.join(os.tmpdir(), `slipway-seed-${service.name}-`),
  );
  try {
    git(work, ['init', '--quiet', '--initial-branch=main']);
    const appDir = path.join(work, service.configPath);
    copyTemplate(appDir, {
      name: service.name,
      port: service.port,
      version: definition.initialVersion[service.name],
    });
    prefixNamespaces(appDir, service);
    // Spread the history over the last days so the demo's history looks lived-in.
    const steps = 1 + service.history.length;
    let when = Date.now() - steps * 6 * 3600_000;
    const dated = () => {
      when += 6 * 3600_000;
      const date = new Date(when).toISOString();
      return { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    };
    git(work, ['add', '-A']);
    git(
      work,
      ['commit', '--quiet', '-m', `Add ${service.name} manifests`],
      dated(),
    );
    for (const step of service.history) {
      setOverlayVersion(appDir, step.environment, step.version);
      git(work, ['commit', '--quiet', '-am', step.message], dated());
    }
    fs.mkdirSync(reposDir, { recursive: true });
    git(reposDir, ['clone', '--quiet', '--bare', work, bare]);
    return { bare, created: true };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function catalogDocuments(repos) {
  const { system } = definition;
  const docs = [
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: System',
      'metadata:',
      `  name: ${system.name}`,
      `  description: ${JSON.stringify(system.description)}`,
      'spec:',
      `  owner: ${system.owner}`,
    ].join('\n'),
  ];
  for (const service of definition.services) {
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: ${service.name}`,
        `  description: ${JSON.stringify(service.description)}`,
        '  annotations:',
        `    slipway.dev/config-repo: ${JSON.stringify(
          pathToFileURL(repos[service.name]).href,
        )}`,
        `    slipway.dev/config-path: ${JSON.stringify(service.configPath)}`,
        '    slipway.dev/config-branch: main',
        `    slipway.dev/image: ghcr.io/slipway-demo/${service.name}`,
        // The Argo CD Application and Flux Kustomization that serve an
        // environment whose engine is argocd or flux (start.sh --pull-model
        // creates them under these names); environments on Slipway's own
        // engine ignore them. By name, because the controllers read the
        // repositories over HTTP while the catalog names them by file:// URL.
        `    slipway.dev/argocd-app: ${JSON.stringify(
          `${clusterPrefix}${service.name}-{environment}`,
        )}`,
        `    slipway.dev/flux-kustomization: ${JSON.stringify(
          `flux-system/${clusterPrefix}${service.name}-{environment}`,
        )}`,
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: ${service.owner}`,
        `  system: ${system.name}`,
      ].join('\n'),
    );
  }
  return `# Written by scripts/seed-demo.mjs; do not edit.\n${docs.join(
    '\n---\n',
  )}\n`;
}

const repos = {};
for (const service of definition.services) {
  const { bare, created } = seedRepository(service);
  repos[service.name] = bare;
  console.log(
    `${created ? 'created' : 'kept   '} ${path.relative(root, bare)}`,
  );
}
fs.mkdirSync(path.dirname(catalogFile), { recursive: true });
fs.writeFileSync(catalogFile, catalogDocuments(repos));
console.log(`wrote   ${path.relative(root, catalogFile)}`);
