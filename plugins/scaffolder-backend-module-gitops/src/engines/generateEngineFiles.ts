import { stringify } from 'yaml';
import { argoCdApplication } from './argoCdApplication';
import { EngineSetup } from './EngineSetup';
import { fluxManifests } from './fluxManifests';
import { planEngineObjects } from './planEngineObjects';

/**
 * The files that make Argo CD or Flux apply each environment they run:
 * `argocd/applications/<application>-<environment>.yaml` with an
 * `Application`, `flux/<environment>/<application>.yaml` with a
 * `GitRepository` and a `Kustomization`. Paths are relative to the
 * repository root; builtin environments get no file.
 */
export function generateEngineFiles(
  setup: EngineSetup,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const plan of planEngineObjects(setup)) {
    files[plan.file] =
      plan.type === 'argocd'
        ? stringify(argoCdApplication(plan.application))
        : // Two documents in one file, as `kubectl apply -f` and Flux read them.
          fluxManifests(plan.flux)
            .map(document => stringify(document))
            .join('---\n');
  }
  return files;
}
