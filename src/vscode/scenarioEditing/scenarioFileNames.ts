// Which files are scenario files by name (`*.offsets.yaml`, as package.json's `yamlValidation` and
// editor/title `when` clauses match them). No `vscode` here, so plain-Node tests can use it.

import { scenarioFileSuffix } from '../../scenarios/scenarioFile';

/** The glob of scenario files, for document selectors (it matches untitled documents with a path too). */
export const scenarioFileGlob = `**/*${scenarioFileSuffix}`;

/** True when a file name or path ends with `.offsets.yaml` (case-sensitive, as the manifest's `when` clauses). */
export function isScenarioFileName(fileName: string): boolean {
  return fileName.endsWith(scenarioFileSuffix);
}

/** The base name of a path (either separator). */
export function baseName(fileName: string): string {
  return fileName.split(/[\\/]/).pop() ?? fileName;
}

/** The first of `new-scenario`, `new-scenario-2`, … for which `taken(name + suffix)` is false. */
export function freshScenarioName(taken: (fileName: string) => boolean, stem = 'new-scenario'): string {
  for (let index = 1; ; index++) {
    const name = index === 1 ? stem : `${stem}-${index}`;
    if (!taken(`${name}${scenarioFileSuffix}`)) return name;
  }
}
