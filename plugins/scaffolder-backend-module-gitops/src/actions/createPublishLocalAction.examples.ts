import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the whole workspace as a new local repository on the main branch',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish',
          action: 'gitops:publish:local',
          name: 'Publish to the local demo root',
          input: {
            repoName: 'payments',
          },
        },
      ],
    }),
  },
  {
    description:
      'Publish a subfolder as a config repository with a description, and copy its catalog descriptor to where the portal catalog reads local repositories',
    example: yaml.stringify({
      steps: [
        {
          id: 'publish-config',
          action: 'gitops:publish:local',
          name: 'Publish the config repo',
          input: {
            repoName: 'payments-config',
            sourcePath: 'config',
            defaultBranch: 'main',
            description:
              'Kubernetes manifests of payments, one overlay per environment',
            catalogInfoPath: 'catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
