import { formatPullRequestBody } from './formatPullRequestBody';

describe('formatPullRequestBody', () => {
  const input = {
    application: 'payments',
    environment: 'production',
    fromVersion: '1.2.3',
    toVersion: '1.3.0',
    actor: 'user:default/jane',
    operationId: 'op-42',
  };

  it('describes the change with old → new version and the links', () => {
    expect(
      formatPullRequestBody({
        ...input,
        links: [
          { title: 'Build', url: 'https://ci.acme.test/builds/7' },
          { title: 'Diff', url: 'http://slipway.acme.test/diff?a=1&b=2' },
        ],
      }),
    ).toBe(
      [
        'Slipway changes **payments** in **production**: `1.2.3` → `1.3.0`',
        '',
        '- Application: payments',
        '- Environment: production',
        '- Version: `1.2.3` → `1.3.0`',
        '- Requested by: user:default/jane',
        '- Operation: `op-42`',
        '',
        '**Links**',
        '',
        '- [Build](<https://ci.acme.test/builds/7>)',
        '- [Diff](<http://slipway.acme.test/diff?a=1&b=2>)',
        '',
        '_Merging this pull request deploys the change; Slipway notices the merge._',
        '',
      ].join('\n'),
    );
  });

  it('says "none" for a first deploy', () => {
    expect(
      formatPullRequestBody({ ...input, fromVersion: undefined }),
    ).toContain('- Version: _none_ → `1.3.0`');
  });

  it('drops links that are not http(s), and a malformed one', () => {
    const body = formatPullRequestBody({
      ...input,
      links: [
        // eslint-disable-next-line no-script-url -- the link under test
        { title: 'Evil', url: 'javascript:alert(document.cookie)' },
        { title: 'Data', url: 'data:text/html,<script>1</script>' },
        { title: 'Broken', url: 'not a url' },
        { title: 'Build', url: 'https://ci.acme.test/b/1' },
      ],
    });
    expect(body).not.toMatch(/javascript|data:|Evil|Data|Broken/);
    expect(body).toContain('- [Build](<https://ci.acme.test/b/1>)');
  });

  it('leaves out the links section when no link is usable', () => {
    const body = formatPullRequestBody({
      ...input,
      // eslint-disable-next-line no-script-url -- the link under test
      links: [{ title: 'Evil', url: 'javascript:alert(1)' }],
    });
    expect(body).not.toContain('**Links**');
  });

  it('keeps credentials in a link out of the pull request', () => {
    const body = formatPullRequestBody({
      ...input,
      links: [{ title: 'Build', url: 'https://bot:tok3n@ci.acme.test/b/1' }],
    });
    expect(body).not.toContain('tok3n');
    expect(body).toContain('(<https://ci.acme.test/b/1>)');
  });

  it('escapes Markdown, HTML and mentions in values', () => {
    const body = formatPullRequestBody({
      ...input,
      application: '[click](javascript:x) <img src=x> @admins',
      actor: '*bold*\nnext',
      toVersion: 'a`b',
      links: [
        { title: '](javascript:x) [', url: 'https://ci.acme.test/<x>?q="y"' },
      ],
    });
    expect(body).toContain(
      '**\\[click\\]\\(javascript:x\\) \\<img src=x\\> \\@admins**',
    );
    expect(body).toContain('- Requested by: \\*bold\\* next');
    expect(body).toContain('``a`b``');
    expect(body).toContain(
      '- [\\]\\(javascript:x\\) \\[](<https://ci.acme.test/%3Cx%3E?q=%22y%22>)',
    );
  });
});
