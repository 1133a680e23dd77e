import { describeOperation } from './describeOperation';
import { makeOperation } from '../__testUtils__/testApi';

describe('describeOperation', () => {
  it('names each kind with what it moved', () => {
    expect(describeOperation(makeOperation())).toBe('Deploy 1.5.0');
    expect(
      describeOperation(
        makeOperation({ kind: 'promote', sourceEnvironment: 'dev' }),
      ),
    ).toBe('Promote 1.5.0 from dev');
    expect(
      describeOperation(
        makeOperation({ kind: 'rollback', targetRevision: 'abcdef0123456789' }),
      ),
    ).toBe('Roll back to abcdef0');
    expect(describeOperation(makeOperation({ kind: 'sync' }))).toBe('Sync');
  });
});
