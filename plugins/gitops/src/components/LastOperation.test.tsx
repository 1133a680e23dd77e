import { render, screen } from '@testing-library/react';
import { LastOperation } from './LastOperation';

describe('LastOperation', () => {
  it('says what was done, by whom, when and how it ended', () => {
    render(
      <LastOperation
        operation={{
          id: 'op-1',
          entityRef: 'component:default/payments',
          environment: 'dev',
          kind: 'deploy',
          state: 'failed',
          actor: 'user:default/jane',
          toVersion: '1.3.0',
          createdAt: '2026-11-01T10:00:00.000Z',
          finishedAt: '2026-11-01T10:00:02.000Z',
        }}
      />,
    );
    const text = screen.getByTestId('last-operation');
    expect(text).toHaveTextContent('Last: Deploy 1.3.0 by jane');
    expect(text).toHaveTextContent('failed');
    expect(text.querySelector('time')).toHaveAttribute(
      'datetime',
      '2026-11-01T10:00:02.000Z',
    );
  });

  it('names the engine as it is', () => {
    render(
      <LastOperation
        operation={{
          id: 'op-2',
          entityRef: 'component:default/payments',
          environment: 'dev',
          kind: 'sync',
          state: 'succeeded',
          actor: 'slipway:sync-engine',
          createdAt: '2026-11-01T10:00:00.000Z',
        }}
      />,
    );
    expect(screen.getByTestId('last-operation')).toHaveTextContent(
      'Last: Sync by slipway:sync-engine',
    );
  });
});
