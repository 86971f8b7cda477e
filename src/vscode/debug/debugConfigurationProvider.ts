// Launch configurations for the `kafka-offsets` debugger: the initial launch.json entry, and F5 on a
// scenario or trace file with no launch.json at all (the active file becomes the program).

import * as vscode from 'vscode';
import { offsetDebugType as debugType } from '../../debugger/debugType';

/** Whether a file name is one the debugger opens (scenario or trace file). */
export function isOffsetsFileName(fileName: string): boolean {
  return /\.offsets\.ya?ml$|\.offsets-trace\.jsonl$/i.test(fileName);
}

/** The configuration F5 uses on the active file when launch.json has none. */
export function launchConfigurationFor(program: string, name = 'Debug offsets file'): vscode.DebugConfiguration {
  return { type: debugType, request: 'launch', name, program, stopOnEntry: true };
}

export class OffsetDebugConfigurationProvider implements vscode.DebugConfigurationProvider {
  static register(context: vscode.ExtensionContext): void {
    const provider = new OffsetDebugConfigurationProvider();
    context.subscriptions.push(
      vscode.debug.registerDebugConfigurationProvider(debugType, provider),
      vscode.debug.registerDebugConfigurationProvider(
        debugType,
        provider,
        vscode.DebugConfigurationProviderTriggerKind.Dynamic,
      ),
    );
  }

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [launchConfigurationFor('${file}', 'Debug the open scenario or trace file')];
  }

  resolveDebugConfiguration(
    _folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): vscode.DebugConfiguration | undefined {
    let resolved = config;
    if (!config.type && !config.request && !config.name) {
      const document = vscode.window.activeTextEditor?.document;
      if (document && isOffsetsFileName(document.fileName)) resolved = launchConfigurationFor('${file}');
    }
    if (typeof resolved.program !== 'string' || resolved.program.trim() === '') {
      void vscode.window.showErrorMessage(
        'Kafka Offsets: the launch configuration needs "program": a scenario file (*.offsets.yaml) or a trace file (*.offsets-trace.jsonl).',
      );
      return undefined;
    }
    return resolved;
  }
}
