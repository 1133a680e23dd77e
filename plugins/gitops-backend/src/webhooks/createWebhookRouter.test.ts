import { LifecycleService } from '@backstage/backend-plugin-api';
import { createHmac, randomUUID } from 'crypto';
import express from 'express';
import request from 'supertest';
import { captureLogger } from '../__testUtils__';
import { PushEvent } from './PushEvent';
import {
  WebhookRouterOptions,
  createWebhookRouter,
} from './createWebhookRouter';
import { ManualTimers } from './__fixtures__/ManualTimers';
import {
  GITHUB_AFTER,
  githubCommit,
  githubPing,
  githubPush,
  githubTagPush,
} from './__fixtures__/githubPayloads';
import { gitlabPush } from './__fixtures__/gitlabPayloads';

const SECRET = 'whsec-router-7c1e94b2';
const URL_PATH = '/api/gitops/webhooks/git';

function sign(body: string | Buffer, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

function setup(overrides: Partial<WebhookRouterOptions> = {}) {
  const { logger, lines } = captureLogger();
  const timers = new ManualTimers();
  const pushes: PushEvent[] = [];
  const app = express();
  app.use(
    '/api/gitops',
    createWebhookRouter({
      logger,
      secret: SECRET,
      onPush: push => {
        pushes.push(push);
      },
      timers,
      ...overrides,
    }),
  );
  // Stands in for the plugin's other routes, which parse JSON.
  app.use('/api/gitops', express.json());
  return { app, lines, timers, pushes };
}

function postGitHub(
  app: express.Express,
  event: string,
  payload: unknown,
  signature?: string,
  delivery: string = randomUUID(),
) {
  const body = JSON.stringify(payload);
  const req = request(app)
    .post(URL_PATH)
    .set('Content-Type', 'application/json')
    .set('X-GitHub-Event', event)
    .set('X-GitHub-Delivery', delivery);
  return req.set('X-Hub-Signature-256', signature ?? sign(body)).send(body);
}

function postGitLab(app: express.Express, payload: unknown, token = SECRET) {
  return request(app)
    .post(URL_PATH)
    .set('Content-Type', 'application/json')
    .set('X-Gitlab-Event', 'Push Hook')
    .set('X-Gitlab-Token', token)
    .send(JSON.stringify(payload));
}

describe('createWebhookRouter', () => {
  it('queues a signed GitHub push and answers 202 at once', async () => {
    const { app, timers, pushes } = setup();
    const res = await postGitHub(app, 'push', githubPush);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({
      accepted: true,
      reason:
        'Push to main of github.com/acme/payments-config queued for refresh',
    });
    expect(pushes).toEqual([]);
    timers.advance(500);
    expect(pushes).toEqual([
      expect.objectContaining({
        provider: 'github',
        branch: 'main',
        after: GITHUB_AFTER,
        complete: true,
      }),
    ]);
  });

  it('queues a GitLab push with the right token', async () => {
    const { app, timers, pushes } = setup();
    const res = await postGitLab(app, gitlabPush);
    expect(res.status).toBe(202);
    timers.advance(500);
    expect(pushes).toEqual([
      expect.objectContaining({ provider: 'gitlab', branch: 'main' }),
    ]);
  });

  it('hands onPush the union of a burst of pushes', async () => {
    const { app, timers, pushes } = setup();
    const second = {
      ...githubPush,
      after: 'c'.repeat(40),
      commits: [
        githubCommit('c'.repeat(40), {
          modified: ['apps/orders/envs/dev/kustomization.yaml'],
        }),
      ],
    };
    expect((await postGitHub(app, 'push', githubPush)).status).toBe(202);
    timers.advance(200);
    expect((await postGitHub(app, 'push', second)).status).toBe(202);
    timers.advance(300);
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      after: 'c'.repeat(40),
      complete: true,
      changedPaths: [
        'apps/orders/envs/dev/kustomization.yaml',
        'apps/payments/base/legacy-configmap.yaml',
        'apps/payments/envs/dev/kustomization.yaml',
        'apps/payments/envs/staging/patch.yaml',
      ],
    });
  });

  it('does not wait for the refresh', async () => {
    const { app } = setup({
      onPush: () => new Promise(() => {}),
      timers: undefined,
      debounceWindowMs: 0,
    });
    const res = await postGitHub(app, 'push', githubPush);
    expect(res.status).toBe(202);
  });

  it('reads GitHub form-encoded deliveries', async () => {
    const { app, timers, pushes } = setup();
    const body = new URLSearchParams({
      payload: JSON.stringify(githubPush),
    }).toString();
    const res = await request(app)
      .post(URL_PATH)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .set('X-GitHub-Event', 'push')
      .set('X-Hub-Signature-256', sign(body))
      .send(body);
    expect(res.status).toBe(202);
    timers.advance(500);
    expect(pushes).toHaveLength(1);
  });

  it.each([
    ['a ping', 'ping', githubPing, 'GitHub ping event'],
    [
      'a tag push',
      'push',
      githubTagPush,
      'Tag pushes do not trigger refreshes',
    ],
    [
      'another event',
      'issues',
      { action: 'opened' },
      'GitHub "issues" events do not trigger refreshes',
    ],
  ])(
    'answers 200 to %s and refreshes nothing',
    async (_, event, payload, reason) => {
      const { app, timers, pushes } = setup();
      const res = await postGitHub(app, event, payload);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ignored: reason });
      timers.advance(1000);
      expect(pushes).toEqual([]);
    },
  );

  it.each([
    [
      'another secret',
      sign(JSON.stringify(githubPush), 'wrong-secret'),
      /does not match/,
    ],
    ['a tampered body', sign('{"ref":"refs/heads/main"}'), /does not match/],
    ['a malformed signature', 'sha256=nothex', /not of the form/],
  ])('answers 401 to a signature from %s', async (_, signature, message) => {
    const { app, timers, pushes } = setup();
    const res = await postGitHub(app, 'push', githubPush, signature);
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({
      name: 'AuthenticationError',
      message: expect.stringMatching(message),
    });
    timers.advance(1000);
    expect(pushes).toEqual([]);
  });

  it('answers 401 to a GitHub push without a signature', async () => {
    const { app } = setup();
    const res = await request(app)
      .post(URL_PATH)
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .send(JSON.stringify(githubPush));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/no X-Hub-Signature-256/);
  });

  it('answers 401 to a wrong GitLab token', async () => {
    const { app } = setup();
    const res = await postGitLab(app, gitlabPush, 'guessed-token');
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/X-Gitlab-Token/);
  });

  it('answers 401 to a request from neither host', async () => {
    const { app } = setup();
    const res = await request(app)
      .post(URL_PATH)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(githubPush));
    expect(res.status).toBe(401);
  });

  it.each([undefined, ''])(
    'answers 503 without a configured secret (%p), even to a signed push',
    async secret => {
      const { app, timers, pushes } = setup({ secret });
      const res = await postGitHub(
        app,
        'push',
        githubPush,
        sign(JSON.stringify(githubPush), ''),
      );
      expect(res.status).toBe(503);
      expect(res.body.error.message).toMatch(
        /webhooks are not configured: set gitops.webhooks.secret/,
      );
      timers.advance(1000);
      expect(pushes).toEqual([]);
    },
  );

  it('answers 413 to a body over 1 MiB', async () => {
    const { app, timers, pushes } = setup();
    const payload = { ...githubPush, padding: 'x'.repeat(1024 * 1024) };
    const res = await postGitHub(app, 'push', payload);
    expect(res.status).toBe(413);
    expect(res.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message: 'The webhook payload is larger than the 1 MiB limit',
    });
    timers.advance(1000);
    expect(pushes).toEqual([]);
  });

  it('accepts a body just under a configured limit', async () => {
    const body = JSON.stringify(githubPush);
    const { app } = setup({ maxBodyBytes: Buffer.byteLength(body) });
    expect((await postGitHub(app, 'push', githubPush)).status).toBe(202);
    const { app: smaller } = setup({
      maxBodyBytes: Buffer.byteLength(body) - 1,
    });
    const res = await postGitHub(smaller, 'push', githubPush);
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/bytes limit/);
  });

  it('answers 400 to a signed body that is not JSON', async () => {
    const { app } = setup();
    const res = await request(app)
      .post(URL_PATH)
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .set('X-Hub-Signature-256', sign('{not json'))
      .send('{not json');
    expect(res.status).toBe(400);
  });

  it('answers 400 to a signed push that is not a valid push', async () => {
    const { app } = setup();
    const res = await postGitHub(app, 'push', { ...githubPush, after: 'HEAD' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/"after" commit SHA/);
  });

  it('refuses to run behind a JSON body parser, where it cannot check signatures', async () => {
    const { logger, lines } = captureLogger();
    const app = express();
    app.use(express.json());
    app.use(createWebhookRouter({ logger, secret: SECRET, onPush: () => {} }));
    const body = JSON.stringify(githubPush);
    const res = await request(app)
      .post('/webhooks/git')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .set('X-Hub-Signature-256', sign(body))
      .send(body);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toMatch(/mounted after a body parser/);
    expect(lines.join('\n')).toMatch(/mount it before any body parser/);
  });

  it('leaves other routes of the plugin alone', async () => {
    const { app } = setup();
    app.post('/api/gitops/other', (req, res) => {
      res.json({ echoed: req.body });
    });
    const res = await request(app)
      .post('/api/gitops/other')
      .send({ hello: 'world' });
    expect(res.body).toEqual({ echoed: { hello: 'world' } });
  });

  it('drops pending pushes on shutdown', async () => {
    const hooks: Array<() => void | Promise<void>> = [];
    const lifecycle = {
      addShutdownHook: (hook: () => void) => hooks.push(hook),
      addStartupHook: () => {},
      addBeforeShutdownHook: () => {},
    } as unknown as LifecycleService;
    const { app, timers, pushes } = setup({ lifecycle });
    await postGitHub(app, 'push', githubPush);
    expect(hooks).toHaveLength(1);
    await hooks[0]();
    timers.advance(1000);
    expect(pushes).toEqual([]);
  });

  it('logs the refresh failure without failing the webhook', async () => {
    const { logger } = captureLogger();
    const logError = jest.spyOn(logger, 'error');
    const timers = new ManualTimers();
    const app = express();
    app.use(
      createWebhookRouter({
        logger,
        secret: SECRET,
        onPush: () => Promise.reject(new Error('engine unavailable')),
        timers,
      }),
    );
    const body = JSON.stringify(githubPush);
    const res = await request(app)
      .post('/webhooks/git')
      .set('Content-Type', 'application/json')
      .set('X-GitHub-Event', 'push')
      .set('X-Hub-Signature-256', sign(body))
      .send(body);
    expect(res.status).toBe(202);
    timers.advance(500);
    await new Promise(resolve => setImmediate(resolve));
    expect(logError).toHaveBeenCalledWith(
      'Refresh after a push to github.com/acme/payments-config failed',
      new Error('engine unavailable'),
    );
  });

  it('never puts the secret or a signature in a response or a log line', async () => {
    const { app, timers, lines } = setup();
    const body = JSON.stringify(githubPush);
    const valid = sign(body);
    const forged = sign(body, 'attacker-secret');
    const responses = [
      await postGitHub(app, 'push', githubPush, valid),
      await postGitHub(app, 'push', githubPush, forged),
      await postGitHub(app, 'push', { ...githubPush, ref: 'x' }),
      await postGitHub(app, 'ping', githubPing),
      await postGitLab(app, gitlabPush),
      await postGitLab(app, gitlabPush, 'guessed-token-123'),
      await postGitHub(app, 'push', {
        ...githubPush,
        padding: 'x'.repeat(1024 * 1024 + 1),
      }),
    ];
    timers.advance(1000);
    expect(responses.map(res => res.status)).toEqual([
      202, 401, 200, 200, 202, 401, 413,
    ]);
    expect(lines.length).toBeGreaterThan(0);
    const seen = [
      ...responses.map(res => `${JSON.stringify(res.headers)} ${res.text}`),
      ...lines,
    ].join('\n');
    for (const secretValue of [
      SECRET,
      valid.slice('sha256='.length),
      forged.slice('sha256='.length),
      'guessed-token-123',
    ]) {
      expect(seen).not.toContain(secretValue);
    }
  });

  describe('replays (defect #12.8)', () => {
    it('processes a delivery once: the same delivery again is refused with 409', async () => {
      const { app, timers, pushes } = setup();
      const delivery = randomUUID();
      const first = await postGitHub(
        app,
        'push',
        githubPush,
        undefined,
        delivery,
      );
      timers.advance(500);
      const again = await postGitHub(
        app,
        'push',
        githubPush,
        undefined,
        delivery,
      );
      timers.advance(500);
      expect([first.status, again.status]).toEqual([202, 409]);
      expect(again.body.error.message).toBe(
        `This delivery ${delivery} was already received; a delivery is processed once`,
      );
      expect(pushes).toHaveLength(1);
    });

    it('refuses a signed body replayed under a new delivery id', async () => {
      const { app, timers, pushes } = setup();
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await postGitHub(app, 'push', githubPush)).status);
        timers.advance(500);
      }
      expect(statuses).toEqual([202, 409, 409]);
      expect(pushes).toHaveLength(1);
    });

    it('refuses a replayed GitLab delivery', async () => {
      const { app, timers, pushes } = setup();
      const first = await postGitLab(app, gitlabPush);
      const again = await postGitLab(app, gitlabPush);
      timers.advance(500);
      expect([first.status, again.status]).toEqual([202, 409]);
      expect(pushes).toHaveLength(1);
    });

    it('records nothing for a delivery whose signature fails', async () => {
      const { app, timers, pushes } = setup();
      const delivery = randomUUID();
      const forged = await postGitHub(
        app,
        'push',
        githubPush,
        sign('other body'),
        delivery,
      );
      const genuine = await postGitHub(
        app,
        'push',
        githubPush,
        undefined,
        delivery,
      );
      timers.advance(500);
      expect([forged.status, genuine.status]).toEqual([401, 202]);
      expect(pushes).toHaveLength(1);
    });

    it('answers 503 and queues nothing when the ledger cannot record', async () => {
      const { app, timers, pushes } = setup({
        ledger: {
          recordFirstSight: () => Promise.reject(new Error('database down')),
        },
      });
      const res = await postGitHub(app, 'push', githubPush);
      timers.advance(500);
      expect(res.status).toBe(503);
      expect(pushes).toHaveLength(0);
    });
  });
});
