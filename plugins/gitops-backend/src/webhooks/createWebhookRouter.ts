import { LifecycleService, LoggerService } from '@backstage/backend-plugin-api';
import express, { NextFunction, Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { DeliveryLedger, InMemoryDeliveryLedger } from './DeliveryLedger';
import { detectWebhookProvider } from './detectWebhookProvider';
import { PushDebouncer, DebounceTimers } from './PushDebouncer';
import { PushEvent } from './PushEvent';
import { normalizeRepositoryUrl } from './normalizeRepositoryUrl';
import { parsePushEvent } from './parsePushEvent';
import { readHeader } from './readHeader';
import { verifyWebhook } from './verifyWebhook';

/** @public */
export interface WebhookRouterOptions {
  logger: LoggerService;
  /**
   * `gitops.webhooks.secret`. Without it every webhook is refused with 503:
   * the signature is the only authentication this route has.
   */
  secret: string | undefined;
  /** Called after the debounce window, never awaited by the HTTP response. */
  onPush: (push: PushEvent) => void | Promise<void>;
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Debounce window per repository and branch (default 500 ms). */
  debounceWindowMs?: number;
  timers?: DebounceTimers;
  /** When given, pending pushes are dropped on shutdown. */
  lifecycle?: LifecycleService;
  /**
   * Where received deliveries are remembered, so a replay is refused
   * (default: in memory, bounded; the plugin passes its database's).
   */
  ledger?: DeliveryLedger;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const PATH = '/webhooks/git';

/**
 * `POST /webhooks/git` for GitHub and GitLab push webhooks. It answers as
 * soon as the push is queued, so the host never times out waiting on Git or
 * a cluster: 202 when a refresh was queued, 200 when the event is ignored.
 *
 * It must see the body's raw bytes to check the HMAC, so mount it before any
 * JSON body parser, and let Backstage's auth through (the signature is the
 * authentication): `httpRouter.addAuthPolicy({ path: '/webhooks', allow:
 * 'unauthenticated' })`.
 *
 * @public
 */
export function createWebhookRouter(
  options: WebhookRouterOptions,
): express.Router {
  const { logger, secret } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const debouncer = new PushDebouncer({
    onPush: options.onPush,
    onError: (error, push) =>
      logger.error(
        `Refresh after a push to ${describeRepository(push)} failed`,
        error instanceof Error ? error : { error: String(error) },
      ),
    windowMs: options.debounceWindowMs,
    timers: options.timers,
  });
  options.lifecycle?.addShutdownHook(() => debouncer.dispose());
  const ledger = options.ledger ?? new InMemoryDeliveryLedger();

  const router = express.Router();

  if (!secret) {
    // Refuse rather than accept unauthenticated pushes, and say so in the log
    // an operator reads when the host reports failed deliveries.
    router.post(PATH, (_req, res) => {
      logger.warn(
        'Refused a Git webhook: gitops.webhooks.secret is not configured',
      );
      sendError(
        res,
        503,
        'ServiceUnavailableError',
        'Git webhooks are not configured: set gitops.webhooks.secret to the secret of the GitHub or GitLab webhook',
      );
    });
    return router;
  }

  // Every content type is read as bytes: GitHub may send JSON or a form, and
  // either way the signature covers the bytes as sent.
  const readRawBody = express.raw({ type: () => true, limit: maxBodyBytes });

  router.post(PATH, readRawBody, async (req, res) => {
    const rawBody = rawBodyOf(req);
    if (!rawBody) {
      logger.error(
        'The Git webhook route received an already parsed body; mount it before any body parser',
      );
      sendError(
        res,
        500,
        'Error',
        'The webhook route is mounted after a body parser and cannot check signatures',
      );
      return;
    }
    const delivery = deliveryOf(req);
    const verification = verifyWebhook({
      headers: req.headers,
      rawBody,
      secret,
    });
    if (!verification.verified) {
      logger.warn(`Refused Git webhook${delivery}: ${verification.message}`, {
        reason: verification.reason,
      });
      sendError(res, 401, 'AuthenticationError', verification.message);
      return;
    }
    // GitHub signs the body but not the delivery header, so a replay with a
    // new delivery id is caught by the body's digest: two genuine pushes
    // never have the same payload (their before/after commits differ).
    let firstSight: boolean;
    try {
      firstSight = await ledger.recordFirstSight(replayKeysOf(req, rawBody));
    } catch (error) {
      logger.error(
        `Could not record Git webhook${delivery}`,
        error instanceof Error ? error : { error: String(error) },
      );
      sendError(
        res,
        503,
        'ServiceUnavailableError',
        'The webhook could not be recorded; the host may deliver it again later',
      );
      return;
    }
    if (!firstSight) {
      logger.warn(`Refused a replayed Git webhook${delivery}`);
      sendError(
        res,
        409,
        'ConflictError',
        `This delivery${delivery} was already received; a delivery is processed once`,
      );
      return;
    }
    const body = decodeBody(req, rawBody);
    if (body === undefined) {
      sendError(res, 400, 'InputError', 'The webhook payload is not JSON');
      return;
    }
    const parsed = parsePushEvent(req.headers, body);
    if (parsed.type === 'invalid') {
      logger.warn(`Rejected Git webhook${delivery}: ${parsed.reason}`);
      sendError(res, 400, 'InputError', parsed.reason);
      return;
    }
    if (parsed.type === 'ignored') {
      logger.debug(`Ignored Git webhook${delivery}: ${parsed.reason}`);
      res.status(200).json({ ignored: parsed.reason });
      return;
    }
    const { push } = parsed;
    debouncer.add(push);
    const reason = `Push to ${push.branch} of ${describeRepository(
      push,
    )} queued for refresh`;
    logger.info(`Git webhook${delivery}: ${reason}`, {
      provider: push.provider,
      after: push.after,
      changedPaths: push.changedPaths.length,
      complete: push.complete,
    });
    res.status(202).json({ accepted: true, reason });
  });

  router.use(
    PATH,
    (error: unknown, _req: Request, res: Response, next: NextFunction) => {
      const bodyError = asBodyParserError(error);
      if (!bodyError) {
        next(error);
        return;
      }
      if (bodyError.type === 'entity.too.large') {
        logger.warn(
          `Refused a Git webhook larger than ${formatBytes(maxBodyBytes)}`,
        );
        sendError(
          res,
          413,
          'PayloadTooLargeError',
          `The webhook payload is larger than the ${formatBytes(
            maxBodyBytes,
          )} limit`,
        );
        return;
      }
      sendError(res, bodyError.status, 'InputError', bodyError.message);
    },
  );

  return router;
}

/**
 * The body bytes, or undefined when something upstream already consumed and
 * parsed the stream. A request without a body reads as empty.
 */
function rawBodyOf(req: Request): Buffer | undefined {
  if (Buffer.isBuffer(req.body)) {
    return req.body;
  }
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined &&
      req.headers['content-length'] !== '0');
  return hasBody ? undefined : Buffer.alloc(0);
}

/** GitHub's "application/x-www-form-urlencoded" mode wraps the JSON in `payload`. */
function decodeBody(req: Request, rawBody: Buffer): unknown {
  const text = rawBody.toString('utf8');
  const json = req.is('application/x-www-form-urlencoded')
    ? new URLSearchParams(text).get('payload')
    : text;
  if (json === null) {
    return undefined;
  }
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

function deliveryOf(req: Request): string {
  const id =
    readHeader(req.headers, 'x-github-delivery') ??
    readHeader(req.headers, 'x-gitlab-event-uuid');
  return id && /^[A-Za-z0-9-]{1,64}$/.test(id) ? ` ${id}` : '';
}

/** What identifies a delivery for replay protection. */
function replayKeysOf(req: Request, rawBody: Buffer): string[] {
  const keys = [`body:${createHash('sha256').update(rawBody).digest('hex')}`];
  const id = deliveryOf(req).trim();
  if (id) {
    keys.push(`delivery:${detectWebhookProvider(req.headers)}:${id}`);
  }
  return keys;
}

function describeRepository(push: PushEvent): string {
  for (const url of push.repositoryUrls) {
    const key = normalizeRepositoryUrl(url);
    if (key) {
      return key;
    }
  }
  return 'an unnamed repository';
}

function asBodyParserError(
  error: unknown,
): { type: string; status: number; message: string } | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { type, status, message } = error as Record<string, unknown>;
  if (
    typeof type !== 'string' ||
    typeof status !== 'number' ||
    typeof message !== 'string'
  ) {
    return undefined;
  }
  return { type, status, message };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) {
    return `${bytes / (1024 * 1024)} MiB`;
  }
  if (bytes >= 1024 && bytes % 1024 === 0) {
    return `${bytes / 1024} KiB`;
  }
  return `${bytes} bytes`;
}

/** The shape Backstage's own error handler answers with, so clients read one format. */
function sendError(
  res: Response,
  status: number,
  name: string,
  message: string,
): void {
  res.status(status).json({
    error: { name, message },
    request: { method: res.req.method, url: res.req.originalUrl },
    response: { statusCode: status },
  });
}
