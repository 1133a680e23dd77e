import { posix } from 'path';
import { RenderError } from '@slipway/plugin-gitops-node';

/**
 * Turns Helm's error text (repository-relative already, see
 * withRepositoryPaths) into a {@link RenderError} about the file it
 * concerns: Helm names templates by chart name and path inside the chart
 * (`web/templates/deployment.yaml:12:4`, subcharts below
 * `web/charts/<name>/`), values files by path, and says which chart file it
 * could not load. `chart` is the chart's folder in the repository.
 */
export function helmError(text: string, chart: string): RenderError {
  // Templates: parse and execution errors give the template's line; a
  // rendered manifest that is not YAML gives a line of the output, which is
  // not the template's.
  const template =
    /(?:parse error at \(|execution error at \(|template: )[^/\s()]+\/([^\s:()]+):(\d+)/.exec(
      text,
    ) ?? /YAML parse error on [^/\s()]+\/([^\s:()]+)/.exec(text);
  if (template) {
    return new RenderError(text, {
      file: posix.join(chart, template[1]),
      line: template[2] ? Number(template[2]) : undefined,
    });
  }
  const yamlLine = /yaml: line (\d+):/.exec(text);
  const line = yamlLine ? Number(yamlLine[1]) : undefined;
  const values = /failed to parse (\S+?): /.exec(text);
  if (values) {
    return new RenderError(text, { file: values[1], line });
  }
  const chartFile =
    /cannot load (Chart\.yaml|values\.yaml|requirements\.yaml|Chart\.lock)/.exec(
      text,
    );
  if (chartFile) {
    return new RenderError(text, {
      file: posix.join(chart, chartFile[1]),
      line,
    });
  }
  if (
    /Chart\.yaml file is missing|chart\.metadata|missing in charts\/ directory|chart requires kubeVersion/.test(
      text,
    )
  ) {
    return new RenderError(text, { file: posix.join(chart, 'Chart.yaml') });
  }
  if (/values don't meet the specifications of the schema/.test(text)) {
    return new RenderError(text, {
      file: posix.join(chart, 'values.schema.json'),
    });
  }
  return new RenderError(text, { file: chart });
}
