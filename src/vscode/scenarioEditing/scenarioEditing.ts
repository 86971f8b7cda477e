// Editing scenario files (`*.offsets.yaml`) without any other extension: diagnostics as you type,
// completion, hover, "▶ Run" / "Debug" lenses, and the New / Run / Debug Scenario File commands.
// Colouring and the JSON schema come from package.json (an injected grammar, yamlValidation).

import type * as vscode from 'vscode';
import { ScenarioCodeLensProvider } from './scenarioCodeLensProvider';
import { registerScenarioCommands, type ScenarioFileActions } from './scenarioCommands';
import { ScenarioCompletionProvider } from './scenarioCompletionProvider';
import { ScenarioDiagnosticCollection } from './scenarioDiagnosticCollection';
import { ScenarioHoverProvider } from './scenarioHoverProvider';

export type { ScenarioFileActions } from './scenarioCommands';

/**
 * Registers every scenario-file feature; all of it is disposed with `context`. `actions.runFile`
 * runs a saved, error-free scenario file (Run Scenario File and the "▶ Run" lens call it).
 */
export function registerScenarioEditing(context: vscode.ExtensionContext, actions: ScenarioFileActions): void {
  ScenarioDiagnosticCollection.register(context);
  ScenarioCompletionProvider.register(context);
  ScenarioHoverProvider.register(context);
  ScenarioCodeLensProvider.register(context);
  registerScenarioCommands(context, actions);
}
