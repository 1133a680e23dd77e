import { httpUrl } from './httpUrl';

describe('httpUrl', () => {
  it.each([
    'https://github.com/acme/payments-config/pull/42',
    'http://gitlab.internal/acme/c/-/merge_requests/7',
  ])('keeps %s', url => {
    expect(httpUrl(url)).toBe(url);
  });

  it.each([
    // eslint-disable-next-line no-script-url -- the input this test refuses
    'javascript:alert(1)',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    '/relative/path',
    '',
    undefined,
  ])('refuses %j', url => {
    expect(httpUrl(url)).toBeUndefined();
  });
});
