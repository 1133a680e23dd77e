import { ConflictError, InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { DemoPullRequestHost } from './DemoPullRequestHost';
import { renderPullRequestPage } from './renderPullRequestPage';

/**
 * Own policy for these pages, without the backend's default
 * `upgrade-insecure-requests`, which would send the Merge form of a
 * plain-HTTP demo to https. No scripts at all; styles inline; forms post
 * only to this backend.
 */
const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The demo Git host's pull request pages: `GET /:number` shows one, `POST
 * /:number/merge` and `POST /:number/close` act on it and return to it.
 */
export function createDemoPullRequestRouter(
  host: DemoPullRequestHost,
): express.Router {
  const router = Router();

  const sendPage = async (
    req: express.Request,
    res: express.Response,
    number: number,
    status = 200,
    notice?: string,
  ) => {
    const pullRequest = await host.get(number);
    const page = renderPullRequestPage({
      pullRequest,
      repository: host.repositoryName(pullRequest.repoUrl),
      diff: await host.diff(pullRequest),
      path: `${req.baseUrl}/${number}`,
      notice,
    });
    res
      .status(status)
      .set('Content-Security-Policy', PAGE_CSP)
      .type('html')
      .send(page);
  };

  const act =
    (action: (number: number) => Promise<unknown>) =>
    async (req: express.Request, res: express.Response) => {
      const number = parseNumber(req.params.number);
      try {
        await action(number);
      } catch (error) {
        // A second click, or a branch that no longer merges: show the page
        // with the reason instead of a bare error.
        if (error instanceof ConflictError) {
          await sendPage(req, res, number, 409, error.message);
          return;
        }
        throw error;
      }
      // 303, so the browser loads the page with GET and a reload never posts again.
      res.redirect(303, `${req.baseUrl}/${number}`);
    };

  router.get('/:number', async (req, res) => {
    await sendPage(req, res, parseNumber(req.params.number));
  });
  router.post(
    '/:number/merge',
    act(number => host.merge(number)),
  );
  router.post(
    '/:number/close',
    act(number => host.close(number)),
  );
  return router;
}

function parseNumber(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) {
    throw new InputError(
      `Pull request number must be a positive integer, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return Number(value);
}
