// "▶ Run", "Debug" and "Run on Kafka" above the first line of a scenario file.

import * as vscode from 'vscode';
import { commandIds } from '../contributions';
import { isScenarioDocument, scenarioDocumentSelector } from './scenarioDocuments';

/** Three lenses at the top of every scenario file. */
export class ScenarioCodeLensProvider implements vscode.CodeLensProvider {
  /** Registers the provider for scenario files. */
  static register(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.languages.registerCodeLensProvider(scenarioDocumentSelector, new ScenarioCodeLensProvider()),
    );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isScenarioDocument(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    return [
      new vscode.CodeLens(top, {
        title: '▶ Run',
        tooltip: 'Run this scenario and show its execution table',
        command: commandIds.runScenarioFile,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: 'Debug',
        tooltip: 'Step through this scenario in the debugger (F10, Step Back, breakpoints on action lines)',
        command: commandIds.debugScenarioFile,
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: 'Run on Kafka',
        tooltip:
          'Run this scenario on a real Kafka with Java KafkaConsumers and compare what they did with the simulator, step by step',
        command: commandIds.runScenarioOnKafka,
        arguments: [document.uri],
      }),
    ];
  }
}
