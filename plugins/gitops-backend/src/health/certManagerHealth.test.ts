import { condition, liveObject } from './__testUtils__/liveObject';
import { certManagerHealth } from './certManagerHealth';

const certificate = (status?: Record<string, unknown>) =>
  liveObject('cert-manager.io/v1', 'Certificate', { status });
const request = (status?: Record<string, unknown>) =>
  liveObject('cert-manager.io/v1', 'CertificateRequest', { status });
const issuer = (kind: string, status?: Record<string, unknown>) =>
  liveObject('cert-manager.io/v1', kind, { status });
const acme = (kind: string, status?: Record<string, unknown>) =>
  liveObject('acme.cert-manager.io/v1', kind, { status });

describe('certManagerHealth', () => {
  it.each([
    [
      'a Certificate not processed yet',
      certificate(),
      {
        status: 'Progressing',
        message: 'Waiting for cert-manager to process the Certificate',
      },
    ],
    [
      'a ready Certificate',
      certificate({
        conditions: [
          condition(
            'Ready',
            'True',
            'Ready',
            'Certificate is up to date and has not expired',
          ),
        ],
      }),
      {
        status: 'Healthy',
        message: 'Certificate is up to date and has not expired',
      },
    ],
    [
      'a ready Certificate being renewed',
      certificate({
        conditions: [
          condition(
            'Ready',
            'True',
            'Ready',
            'Certificate is up to date and has not expired',
          ),
          condition(
            'Issuing',
            'True',
            'Renewing',
            'Renewing certificate as renewal was scheduled at 2026-12-01',
          ),
        ],
      }),
      {
        status: 'Healthy',
        message: 'Certificate is up to date and has not expired',
      },
    ],
    [
      'a Certificate being issued',
      certificate({
        conditions: [
          condition(
            'Issuing',
            'True',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
          condition(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message: 'DoesNotExist: Issuing certificate as Secret does not exist',
      },
    ],
    [
      'a Certificate whose issuance failed',
      certificate({
        conditions: [
          condition(
            'Issuing',
            'False',
            'Failed',
            'The certificate request has failed to complete and will be retried: 429 urn:ietf:params:acme:error:rateLimited',
          ),
          condition(
            'Ready',
            'False',
            'DoesNotExist',
            'Issuing certificate as Secret does not exist',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Issuing: Failed: The certificate request has failed to complete and will be retried: 429 urn:ietf:params:acme:error:rateLimited',
      },
    ],
    [
      'an expired Certificate',
      certificate({
        conditions: [
          condition(
            'Ready',
            'False',
            'Expired',
            'Certificate expired on 2026-11-30',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'Ready: Expired: Certificate expired on 2026-11-30',
      },
    ],
    [
      'a pending CertificateRequest',
      request({
        conditions: [
          condition('Approved', 'True', 'cert-manager.io'),
          condition(
            'Ready',
            'False',
            'Pending',
            'Waiting on certificate issuance from order payments/api-1-123',
          ),
        ],
      }),
      {
        status: 'Progressing',
        message:
          'Ready: Pending: Waiting on certificate issuance from order payments/api-1-123',
      },
    ],
    [
      'a denied CertificateRequest',
      request({
        conditions: [
          condition(
            'Denied',
            'True',
            'policy.cert-manager.io',
            'No policy approved this request',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Denied: policy.cert-manager.io: No policy approved this request',
      },
    ],
    [
      'an invalid CertificateRequest',
      request({
        conditions: [
          condition(
            'InvalidRequest',
            'True',
            'RequestParsingError',
            'Failed to decode CSR',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message: 'InvalidRequest: RequestParsingError: Failed to decode CSR',
      },
    ],
    [
      'a failed CertificateRequest',
      request({
        conditions: [
          condition(
            'Ready',
            'False',
            'Failed',
            'Failed to wait for order resource to become ready',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: Failed: Failed to wait for order resource to become ready',
      },
    ],
    [
      'an issued CertificateRequest',
      request({
        conditions: [
          condition(
            'Ready',
            'True',
            'Issued',
            'Certificate fetched from issuer successfully',
          ),
        ],
      }),
      {
        status: 'Healthy',
        message: 'Certificate fetched from issuer successfully',
      },
    ],
    [
      'a ready ClusterIssuer',
      issuer('ClusterIssuer', {
        conditions: [
          condition(
            'Ready',
            'True',
            'ACMEAccountRegistered',
            'The ACME account was registered with the ACME server',
          ),
        ],
      }),
      {
        status: 'Healthy',
        message: 'The ACME account was registered with the ACME server',
      },
    ],
    [
      'an Issuer that cannot register',
      issuer('Issuer', {
        conditions: [
          condition(
            'Ready',
            'False',
            'ErrRegisterACMEAccount',
            'Failed to register ACME account: 400 invalidContact',
          ),
        ],
      }),
      {
        status: 'Degraded',
        message:
          'Ready: ErrRegisterACMEAccount: Failed to register ACME account: 400 invalidContact',
      },
    ],
    [
      'an Issuer not processed yet',
      issuer('Issuer'),
      {
        status: 'Progressing',
        message: 'Waiting for cert-manager to process the Issuer',
      },
    ],
    [
      'a pending Order',
      acme('Order', { state: 'pending' }),
      { status: 'Progressing', message: 'Order is pending' },
    ],
    [
      'a valid Order',
      acme('Order', { state: 'valid' }),
      { status: 'Healthy', message: 'Order is valid' },
    ],
    [
      'an invalid Challenge',
      acme('Challenge', {
        state: 'invalid',
        reason: 'Error accepting authorization: acme: authorization error',
      }),
      {
        status: 'Degraded',
        message:
          'Challenge is invalid: Error accepting authorization: acme: authorization error',
      },
    ],
    [
      'a Challenge without state',
      acme('Challenge', {}),
      {
        status: 'Progressing',
        message: 'Waiting for the ACME server to process the Challenge',
      },
    ],
  ])('%s', (_, object, expected) => {
    expect(certManagerHealth.assess(object)).toEqual(expected);
  });
});
