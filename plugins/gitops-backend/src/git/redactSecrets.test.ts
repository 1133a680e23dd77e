import { redactSecrets } from './redactSecrets';

describe('redactSecrets', () => {
  it('removes known secrets, longest first', () => {
    expect(
      redactSecrets('token abc123 and abc123xyz', ['abc123', 'abc123xyz']),
    ).toBe('token *** and ***');
  });

  it('removes user-info from any URL', () => {
    expect(
      redactSecrets(
        "fatal: unable to access 'https://bot:s3cret@git.example.com/a.git/'",
      ),
    ).toBe("fatal: unable to access 'https://***@git.example.com/a.git/'");
    expect(redactSecrets('https://git.example.com/a.git')).toBe(
      'https://git.example.com/a.git',
    );
  });
});
