import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Write a config repo for a service at the root of the workspace, for every environment of the portal',
    example: yaml.stringify({
      steps: [
        {
          id: 'config',
          action: 'gitops:config:generate',
          name: 'Generate the config repo',
          input: {
            name: 'payments',
            image: 'ghcr.io/acme/payments',
            tag: '1.0.0',
            port: 8080,
          },
        },
      ],
    }),
  },
  {
    description:
      'Write the config into a subfolder, with an Ingress and CODEOWNERS guarding protected overlays',
    example: yaml.stringify({
      steps: [
        {
          id: 'config',
          action: 'gitops:config:generate',
          name: 'Generate the config repo',
          input: {
            name: 'storefront',
            image: 'ghcr.io/acme/storefront',
            tag: '0.1.0',
            targetPath: 'apps/storefront',
            environments: ['dev', 'staging', 'production'],
            ingressHost: 'shop.example.com',
            codeOwners: '@acme/platform',
            configRepoUrl: 'https://github.com/acme/storefront-config',
          },
        },
      ],
    }),
  },
];
