import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { gitopsApiRef } from '../api';

/** The current entity's stored status, with a retry for error states. */
export function useApplicationStatus() {
  const { entity } = useEntity();
  const api = useApi(gitopsApiRef);
  const entityRef = getCompoundEntityRef(entity);
  return useAsyncRetry(
    () => api.getApplicationStatus(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
}
