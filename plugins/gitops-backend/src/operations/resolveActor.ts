import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, UserEntity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Actor } from './Actor';

/**
 * The commit identity of the caller: a user's display name and email from
 * their catalog User entity when there is one, else their entity name; a
 * service principal by its subject. Emails that are not known use the
 * reserved `.invalid` domain so they never reach a real mailbox.
 */
export async function resolveActor(
  credentials: BackstageCredentials,
  catalog: CatalogService,
  auth: AuthService,
): Promise<Actor> {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: 'none' };
  if (principal.type === 'service') {
    return {
      entityRef: principal.subject,
      name: principal.subject,
      email: `${principal.subject.replace(
        /[^A-Za-z0-9._-]/g,
        '-',
      )}@services.backstage.invalid`,
    };
  }
  if (principal.type !== 'user') {
    throw new Error('Only signed-in users and services can run operations');
  }
  const ref = parseEntityRef(principal.userEntityRef);
  const user = (await catalog
    .getEntityByRef(principal.userEntityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    })
    .catch(() => undefined)) as UserEntity | undefined;
  return {
    entityRef: principal.userEntityRef,
    name: user?.spec?.profile?.displayName ?? ref.name,
    email: user?.spec?.profile?.email ?? `${ref.name}@users.backstage.invalid`,
  };
}
