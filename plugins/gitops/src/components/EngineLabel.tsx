import { Chip, Tooltip } from '@material-ui/core';
import { EnvironmentEngine } from '@slipway/plugin-gitops-common';
import { describeEngine, engineName, engineObject } from './describeEngine';
import { VisuallyHidden } from './VisuallyHidden';

/**
 * The engine that applies an environment — Slipway, Argo CD or Flux — as a
 * small label: the one place the tab tells engines apart. The object a pull
 * engine reads is in the tooltip, and read out after the name.
 */
export function EngineLabel(props: { engine: EnvironmentEngine }) {
  const { engine } = props;
  const object = engineObject(engine);
  return (
    <span data-testid="engine" data-engine={engine.type}>
      <Tooltip title={describeEngine(engine)}>
        <Chip size="small" variant="outlined" label={engineName(engine)} />
      </Tooltip>
      {object && <VisuallyHidden>{`, ${object}`}</VisuallyHidden>}
    </span>
  );
}
