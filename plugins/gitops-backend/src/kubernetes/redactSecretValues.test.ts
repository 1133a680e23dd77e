import { redactSecretValues } from './redactSecretValues';

const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's' },
  data: { password: Buffer.from('s3cret-pass').toString('base64') },
  stringData: { pin: '42' },
};

describe('redactSecretValues', () => {
  it('cuts Secret values out in both encodings', () => {
    const message = `bad "s3cret-pass" and ${secret.data.password} and "42" but 42 stays`;
    expect(redactSecretValues(message, secret)).toBe(
      'bad "++++++++" and ++++++++ and "++++++++" but 42 stays',
    );
  });

  it('leaves messages about other kinds alone', () => {
    expect(
      redactSecretValues('value "s3cret-pass"', {
        ...secret,
        kind: 'ConfigMap',
      }),
    ).toBe('value "s3cret-pass"');
  });
});
