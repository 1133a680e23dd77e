import { EngineType, EnvironmentEngine } from '@slipway/plugin-gitops-common';

const ENGINE_NAMES: Record<EngineType, string> = {
  builtin: 'Slipway',
  argocd: 'Argo CD',
  flux: 'Flux',
};

// What a pull engine reads an environment from, to say what was not found
// when the status names no object.
const OBJECT_KINDS: Partial<Record<EngineType, string>> = {
  argocd: 'Application',
  flux: 'Kustomization',
};

/** The engine's product name: `Slipway`, `Argo CD` or `Flux`. */
export function engineName(engine: Pick<EnvironmentEngine, 'type'>): string {
  // A newer backend may know an engine this frontend does not.
  return ENGINE_NAMES[engine.type] ?? engine.type;
}

/**
 * The object a pull engine serves the environment from, e.g.
 * `Application argocd/payments-dev`; undefined for Slipway's own engine and
 * when none was found.
 */
export function engineObject(engine: EnvironmentEngine): string | undefined {
  const { object } = engine;
  return object
    ? `${object.kind} ${object.namespace}/${object.name}`
    : undefined;
}

/**
 * Who applies an environment, in a sentence: the engine, the configured
 * instance when it is not the default one, and the object it reads.
 */
export function describeEngine(engine: EnvironmentEngine): string {
  if (engine.type === 'builtin') {
    return "Applied by Slipway's own engine";
  }
  const instance =
    engine.name && engine.name !== engine.type ? ` (${engine.name})` : '';
  const applier = `Applied by ${engineName(engine)}${instance}`;
  const object = engineObject(engine);
  if (object) {
    return `${applier} from ${object}`;
  }
  const kind = OBJECT_KINDS[engine.type] ?? 'object';
  return `${applier}; no ${kind} serving this environment was found`;
}
