import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ANNOTATION_CONFIG_REPO } from '@slipway/plugin-gitops-common';
import { GitOpsConfig } from '@slipway/plugin-gitops-node';
import { RepositoryUrlPolicy } from '../git/RepositoryUrlPolicy';
import { GitOpsApplication } from './GitOpsApplication';
import { toGitOpsApplication } from './toGitOpsApplication';

/** Finds GitOps applications in the catalog. */
export class ApplicationCatalog {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly config: GitOpsConfig,
    /** Which config repositories may be used; unchecked without one (tests). */
    private readonly urlPolicy?: RepositoryUrlPolicy,
  ) {}

  /** The entity as an application, refused when its repository is not allowed. */
  private toApplication(entity: Entity): GitOpsApplication {
    const application = toGitOpsApplication(entity, this.config);
    this.urlPolicy?.check(application.configRepo.url);
    return application;
  }

  /**
   * One application, read with the caller's credentials so the catalog's own
   * permissions decide whether the caller may see the entity at all.
   */
  async getApplication(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<GitOpsApplication> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return this.toApplication(entity);
  }

  /**
   * One application read with the plugin's own credentials, for background
   * work that acts for nobody in particular (e.g. recovering operations).
   */
  async getApplicationByRef(entityRef: string): Promise<GitOpsApplication> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    return this.toApplication(entity);
  }

  /**
   * Every entity carrying the config-repo annotation, read with the plugin's
   * own credentials, for the background engine. Entities whose annotations are
   * broken are reported, not thrown, so one bad entity never stops the others.
   */
  async listApplications(): Promise<{
    applications: GitOpsApplication[];
    invalid: Array<{ entityRef: string; message: string }>;
  }> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const applications: GitOpsApplication[] = [];
    const invalid: Array<{ entityRef: string; message: string }> = [];
    for await (const page of this.catalog.streamEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_CONFIG_REPO}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['apiVersion', 'kind', 'metadata'],
      },
      { credentials },
    )) {
      for (const entity of page) {
        try {
          applications.push(this.toApplication(entity));
        } catch (error) {
          invalid.push({
            entityRef: stringifyEntityRef(entity),
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }
    }
    return { applications, invalid };
  }
}
