import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createPublishLocalAction,
  PUBLISH_LOCAL_ACTION_ID,
} from './createPublishLocalAction';
import { examples } from './createPublishLocalAction.examples';

describe('gitops:publish:local examples', () => {
  let temp: string;

  beforeEach(async () => {
    temp = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-publish-ex-'));
  });

  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true });
  });

  it('has examples that the action advertises', () => {
    const action = createPublishLocalAction({});
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(example => [example.description, example] as const))(
    'runs: %s',
    async (_description, example) => {
      const { steps } = parse(example.example);
      expect(steps).toHaveLength(1);
      const [step] = steps;
      expect(step.action).toBe(PUBLISH_LOCAL_ACTION_ID);

      const workspacePath = path.join(temp, 'workspace');
      const source = path.join(workspacePath, step.input.sourcePath ?? '.');
      await fs.mkdir(source, { recursive: true });
      await fs.writeFile(
        path.join(source, 'catalog-info.yaml'),
        'kind: Resource\n',
      );
      const root = path.join(temp, 'published');

      const action = createPublishLocalAction({ localPublishRoot: root });
      const ctx = createMockActionContext({ input: step.input, workspacePath });
      await action.handler(ctx as any);

      const outputs = Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
          name,
          value,
        ]),
      );
      const bare = path.join(root, `${step.input.repoName}.git`);
      const branch = step.input.defaultBranch ?? 'main';
      expect(outputs.remoteUrl).toMatch(/^file:\/\//);
      expect(outputs.commitHash).toBe(
        execFileSync('git', ['rev-parse', `refs/heads/${branch}`], {
          cwd: bare,
          encoding: 'utf8',
        }).trim(),
      );
      expect(Boolean(outputs.catalogInfoFile)).toBe(
        Boolean(step.input.catalogInfoPath),
      );
    },
  );
});
