import { ResponseError } from '@backstage/errors';
import { errorMessage } from './errorMessage';

describe('errorMessage', () => {
  it("shows the backend's message of a failed response", async () => {
    const error = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'ConflictError', message: 'dev already runs 1.2.0' },
          request: { method: 'POST', url: '/deploy' },
          response: { statusCode: 409 },
        }),
        { status: 409, headers: { 'content-type': 'application/json' } },
      ),
    );
    expect(errorMessage(error)).toBe('dev already runs 1.2.0');
  });

  it('shows the message of any other error', () => {
    expect(errorMessage(new Error('network down'))).toBe('network down');
    expect(errorMessage('odd')).toBe('odd');
  });
});
