import { readContainerImages } from './readContainerImages';
import { setContainerImages } from './setContainerImages';

const FILE = 'envs/dev/deployment.yaml';
const DIGEST = `sha256:${'c'.repeat(64)}`;

const manifests = `# Payments in dev
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          image: ghcr.io/acme/payments:v1   # same image, runs migrations
      containers:
        - name: app
          image: "ghcr.io/acme/payments:v1"
          ports: [{containerPort: 8080}]
        - name: sidecar
          image: envoyproxy/envoy:v1.30.1

---
# nightly job
apiVersion: batch/v1
kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: report
            image: 'ghcr.io/acme/payments@${DIGEST}'
          - name: other
            image: registry.local:5000/acme/payments:v1
`;

describe('setContainerImages', () => {
  it('rewrites every container of the image in every document, and nothing else', () => {
    expect(
      setContainerImages(manifests, FILE, {
        image: 'ghcr.io/acme/payments',
        tag: 'v2',
      }),
    ).toBe(
      manifests
        .replace(
          'image: ghcr.io/acme/payments:v1   #',
          'image: ghcr.io/acme/payments:v2   #',
        )
        .replace(
          'image: "ghcr.io/acme/payments:v1"',
          'image: "ghcr.io/acme/payments:v2"',
        )
        .replace(
          `image: 'ghcr.io/acme/payments@${DIGEST}'`,
          "image: 'ghcr.io/acme/payments:v2'",
        ),
    );
  });

  it('sets a digest, and handles a registry with a port', () => {
    const digest = `sha256:${'d'.repeat(64)}`;
    expect(
      setContainerImages(manifests, FILE, {
        image: 'registry.local:5000/acme/payments',
        digest,
      }),
    ).toBe(
      manifests.replace(
        'image: registry.local:5000/acme/payments:v1',
        `image: registry.local:5000/acme/payments@${digest}`,
      ),
    );
  });

  it('fails when no container uses the image', () => {
    expect(() =>
      setContainerImages(manifests, FILE, {
        image: 'ghcr.io/acme/missing',
        tag: 'v2',
      }),
    ).toThrow(`${FILE}: no container uses the image ghcr.io/acme/missing`);
  });

  it('names the file and line of malformed YAML', () => {
    expect(() =>
      setContainerImages('a: 1\n---\nkind: x\n  bad: [\n', FILE, {
        image: 'x',
        tag: 'v1',
      }),
    ).toThrow(/^envs\/dev\/deployment\.yaml:\d+: is not valid YAML/);
  });
});

describe('readContainerImages', () => {
  it('lists container images with their parts, line and document', () => {
    expect(
      readContainerImages(manifests, FILE, 'ghcr.io/acme/payments'),
    ).toEqual([
      {
        reference: 'ghcr.io/acme/payments:v1',
        repository: 'ghcr.io/acme/payments',
        tag: 'v1',
        container: 'migrate',
        line: 11,
        document: 1,
      },
      {
        reference: 'ghcr.io/acme/payments:v1',
        repository: 'ghcr.io/acme/payments',
        tag: 'v1',
        container: 'app',
        line: 14,
        document: 1,
      },
      {
        reference: `ghcr.io/acme/payments@${DIGEST}`,
        repository: 'ghcr.io/acme/payments',
        digest: DIGEST,
        container: 'report',
        line: 30,
        document: 2,
      },
    ]);
    expect(readContainerImages(manifests, FILE).map(i => i.container)).toEqual([
      'migrate',
      'app',
      'sidecar',
      'report',
      'other',
    ]);
  });
});
