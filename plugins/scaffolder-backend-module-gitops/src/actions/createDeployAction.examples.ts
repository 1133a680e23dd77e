import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Deploy the first version of a newly registered service to dev, as the user running the template',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'gitops:deploy',
          name: 'First deploy to dev',
          input: {
            entityRef: 'component:default/payments',
            environment: 'dev',
            version: '0.1.0',
          },
        },
      ],
    }),
  },
  {
    description:
      'Deploy to an environment changed by pull request, waiting up to three minutes for the catalog to ingest the entity',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'gitops:deploy',
          name: 'Propose the production deploy',
          input: {
            entityRef: 'component:default/storefront',
            environment: 'production',
            version: '2.0.0',
            timeoutSeconds: 180,
          },
        },
      ],
    }),
  },
];
