import { createHmac } from 'crypto';
import { verifyWebhook } from './verifyWebhook';

const SECRET = 'whsec-4f1d9c2e7a';
const BODY = Buffer.from('{"ref":"refs/heads/main","after":"8f3c"}');

function githubSignature(body: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

describe('verifyWebhook', () => {
  describe('GitHub', () => {
    const headers = (signature?: string) => ({
      'x-github-event': 'push',
      ...(signature === undefined ? {} : { 'x-hub-signature-256': signature }),
    });

    it('accepts the HMAC-SHA256 of the raw body with the secret', () => {
      expect(
        verifyWebhook({
          headers: headers(githubSignature(BODY, SECRET)),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toEqual({ verified: true, provider: 'github' });
    });

    it('accepts upper-case hex digits', () => {
      const signature = githubSignature(BODY, SECRET).replace(
        /[a-f0-9]{64}$/,
        hex => hex.toUpperCase(),
      );
      expect(
        verifyWebhook({
          headers: headers(signature),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: true });
    });

    it.each([
      [
        'signed with another secret',
        githubSignature(BODY, 'another-secret'),
        BODY,
      ],
      [
        'a tampered body',
        githubSignature(BODY, SECRET),
        Buffer.from(BODY.toString().replace('main', 'prod')),
      ],
      [
        'the body re-serialised',
        githubSignature(BODY, SECRET),
        Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 2)),
      ],
    ])('refuses %s', (_, signature, rawBody) => {
      expect(
        verifyWebhook({ headers: headers(signature), rawBody, secret: SECRET }),
      ).toMatchObject({ verified: false, reason: 'invalid-signature' });
    });

    it('refuses a missing signature', () => {
      expect(
        verifyWebhook({ headers: headers(), rawBody: BODY, secret: SECRET }),
      ).toMatchObject({ verified: false, reason: 'missing-signature' });
    });

    it('refuses the SHA-1 signature alone', () => {
      expect(
        verifyWebhook({
          headers: {
            ...headers(),
            'x-hub-signature': 'sha1=0123456789abcdef0123456789abcdef01234567',
          },
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'missing-signature' });
    });

    it.each([
      'sha1=0123456789abcdef0123456789abcdef01234567',
      'sha256=',
      'sha256=xyz',
      `sha256=${'a'.repeat(63)}`,
      `sha256=${'a'.repeat(66)}`,
      'a'.repeat(64),
    ])('refuses the malformed signature %s', signature => {
      expect(
        verifyWebhook({
          headers: headers(signature),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'malformed-signature' });
    });

    it('refuses a repeated signature header', () => {
      const signature = githubSignature(BODY, SECRET);
      expect(
        verifyWebhook({
          headers: {
            'x-github-event': 'push',
            'x-hub-signature-256': [signature, signature],
          },
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'missing-signature' });
    });
  });

  describe('GitLab', () => {
    const headers = (token?: string) => ({
      'x-gitlab-event': 'Push Hook',
      ...(token === undefined ? {} : { 'x-gitlab-token': token }),
    });

    it('accepts the secret as token', () => {
      expect(
        verifyWebhook({
          headers: headers(SECRET),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toEqual({ verified: true, provider: 'gitlab' });
    });

    it.each([
      ['a wrong token', 'whsec-4f1d9c2e7b'],
      ['a prefix of the secret', SECRET.slice(0, -1)],
      ['the secret with more after it', `${SECRET}x`],
      ['the secret in another case', SECRET.toUpperCase()],
    ])('refuses %s', (_, token) => {
      expect(
        verifyWebhook({
          headers: headers(token),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'invalid-token' });
    });

    it.each([undefined, ''])('refuses a missing token (%p)', token => {
      expect(
        verifyWebhook({
          headers: headers(token),
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'missing-token' });
    });

    it('does not take a GitHub signature as a GitLab token', () => {
      expect(
        verifyWebhook({
          headers: {
            ...headers(),
            'x-hub-signature-256': githubSignature(BODY, SECRET),
          },
          rawBody: BODY,
          secret: SECRET,
        }),
      ).toMatchObject({ verified: false, reason: 'missing-token' });
    });
  });

  it('refuses a request from neither host', () => {
    expect(
      verifyWebhook({
        headers: { 'x-gitlab-token': SECRET },
        rawBody: BODY,
        secret: SECRET,
      }),
    ).toMatchObject({ verified: false, reason: 'unknown-provider' });
  });

  it('never puts the secret or the signature in its messages', () => {
    const signature = githubSignature(BODY, 'another-secret');
    const outcomes = [
      verifyWebhook({
        headers: { 'x-github-event': 'push', 'x-hub-signature-256': signature },
        rawBody: BODY,
        secret: SECRET,
      }),
      verifyWebhook({
        headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'guess' },
        rawBody: BODY,
        secret: SECRET,
      }),
    ];
    for (const outcome of outcomes) {
      const text = JSON.stringify(outcome);
      expect(outcome.verified).toBe(false);
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(signature.slice('sha256='.length));
      expect(text).not.toContain('guess');
    }
  });
});
