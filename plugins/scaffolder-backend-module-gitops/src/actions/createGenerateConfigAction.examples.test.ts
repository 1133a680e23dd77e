import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readGitOpsConfig } from '@slipway/plugin-gitops-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  createGenerateConfigAction,
  GENERATE_CONFIG_ACTION_ID,
} from './createGenerateConfigAction';
import { examples } from './createGenerateConfigAction.examples';

const config = readGitOpsConfig(
  new ConfigReader({
    gitops: {
      environments: [
        { name: 'dev', cluster: 'dev-cluster' },
        { name: 'staging', cluster: 'dev-cluster', promotion: { from: 'dev' } },
        {
          name: 'production',
          cluster: 'prod-cluster',
          promotion: { from: 'staging' },
          protected: true,
        },
      ],
    },
  }),
);

describe('gitops:config:generate examples', () => {
  let workspacePath: string;

  beforeEach(async () => {
    workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 'slipway-ex-'));
  });

  afterEach(async () => {
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  it('has examples that the action advertises', () => {
    const action = createGenerateConfigAction({ config });
    expect(action.examples).toBe(examples);
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map(example => [example.description, example] as const))(
    'runs: %s',
    async (_description, example) => {
      const { steps } = parse(example.example);
      expect(steps).toHaveLength(1);
      const [step] = steps;
      expect(step.action).toBe(GENERATE_CONFIG_ACTION_ID);

      const action = createGenerateConfigAction({ config });
      const ctx = createMockActionContext({ input: step.input, workspacePath });
      await action.handler(ctx as any);

      const outputs = Object.fromEntries(
        (ctx.output as jest.Mock).mock.calls.map(([name, value]) => [
          name,
          value,
        ]),
      );
      const prefix = step.input.targetPath ? `${step.input.targetPath}/` : '';
      expect(outputs.files).toEqual(
        expect.arrayContaining([
          `${prefix}base/kustomization.yaml`,
          `${prefix}base/deployment.yaml`,
          `${prefix}envs/dev/kustomization.yaml`,
        ]),
      );
      for (const file of outputs.files) {
        await expect(
          fs.stat(path.join(workspacePath, file)),
        ).resolves.toBeTruthy();
      }
      const overlay = parse(
        await fs.readFile(
          path.join(workspacePath, `${prefix}envs/dev/kustomization.yaml`),
          'utf8',
        ),
      );
      expect(overlay.images).toEqual([
        { name: step.input.image, newTag: step.input.tag },
      ]);
      expect(outputs.annotations['slipway.dev/image']).toBe(step.input.image);
      expect(outputs.annotations['slipway.dev/config-repo']).toBe(
        step.input.configRepoUrl,
      );
      expect(outputs.files.includes(`${prefix}base/ingress.yaml`)).toBe(
        Boolean(step.input.ingressHost),
      );
      // The pipeline's production environment is protected.
      expect(outputs.files.includes('CODEOWNERS')).toBe(
        Boolean(step.input.codeOwners),
      );
    },
  );
});
