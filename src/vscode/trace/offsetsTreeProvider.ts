// The Offsets tree: consumer → partition → Offset Read, Offset Committed, Next Offset to Read,
// Position, Log End Offset, Lag, at the current step. Values the step changed are marked.

import * as vscode from 'vscode';
import { offsetsAt, type ConsumerView, type OffsetVariable, type PartitionView } from '../../trace/offsetsView';
import { viewIds } from '../contributions';
import type { TraceSession } from './traceSession';
import type { TraceOrigin } from '../../trace/traceOrigin';
import * as path from 'node:path';

/** A node of the tree. */
export type OffsetsNode =
  | { readonly kind: 'consumer'; readonly consumer: ConsumerView }
  | { readonly kind: 'partition'; readonly consumerId: string; readonly partition: PartitionView }
  | { readonly kind: 'variable'; readonly parentId: string; readonly variable: OffsetVariable };

export class OffsetsTreeProvider implements vscode.TreeDataProvider<OffsetsNode>, vscode.Disposable {
  private readonly changedEmitter = new vscode.EventEmitter<OffsetsNode | undefined>();
  readonly onDidChangeTreeData = this.changedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changedEmitter];
  private view: vscode.TreeView<OffsetsNode> | undefined;

  /** Registers the provider and its view; everything is disposed with the extension. */
  static register(context: vscode.ExtensionContext, session: TraceSession): OffsetsTreeProvider {
    const provider = new OffsetsTreeProvider(session);
    provider.view = vscode.window.createTreeView(viewIds.offsets, { treeDataProvider: provider });
    provider.disposables.push(provider.view);
    context.subscriptions.push(provider);
    return provider;
  }

  private constructor(private readonly session: TraceSession) {
    this.disposables.push(
      session.onDidLoad((loaded) => {
        // The view's title says where the trace came from (a built-in, a file, a debug session).
        if (this.view) {
          this.view.description = originLabel(loaded.origin);
        }
        this.refresh();
      }),
      session.onDidMove(() => this.refresh()),
    );
  }

  getChildren(node?: OffsetsNode): OffsetsNode[] {
    const loaded = this.session.loaded;
    if (!loaded) return [];
    if (!node) {
      return offsetsAt(loaded.trace, loaded.cursor.index).map((consumer) => ({ kind: 'consumer', consumer }));
    }
    if (node.kind === 'consumer') {
      return node.consumer.partitions.map((partition) => ({
        kind: 'partition',
        consumerId: node.consumer.id,
        partition,
      }));
    }
    if (node.kind === 'partition') {
      const parentId = `${node.consumerId}/${node.partition.id}`;
      return node.partition.variables.map((variable) => ({ kind: 'variable', parentId, variable }));
    }
    return [];
  }

  getTreeItem(node: OffsetsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'consumer': {
        const { consumer } = node;
        const item = new vscode.TreeItem(consumer.id, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `consumer/${consumer.id}`;
        item.description = consumer.isFocus ? `${consumer.status} · this step` : consumer.status;
        item.iconPath = new vscode.ThemeIcon(consumer.status === 'running' ? 'account' : 'circle-slash');
        item.tooltip = `Consumer ${consumer.id} (${consumer.status})`;
        item.contextValue = 'consumer';
        return item;
      }
      case 'partition': {
        const { partition } = node;
        const item = new vscode.TreeItem(partition.id, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `consumer/${node.consumerId}/${partition.id}`;
        item.description = partition.changed ? 'changed' : undefined;
        item.iconPath = new vscode.ThemeIcon('symbol-array');
        item.tooltip = `Topic ${partition.topic}, partition ${partition.partition}`;
        item.contextValue = 'partition';
        return item;
      }
      case 'variable': {
        const { variable } = node;
        const text = `${variable.name}: ${variable.value}`;
        const label: vscode.TreeItemLabel = variable.changed
          ? { label: text, highlights: [[variable.name.length + 2, text.length]] }
          : { label: text };
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.parentId}/${variable.name}`;
        item.description = variable.changed ? `was ${variable.previousValue ?? '-'}` : undefined;
        item.iconPath = variable.changed
          ? new vscode.ThemeIcon('symbol-variable', new vscode.ThemeColor('debugTokenExpression.number'))
          : new vscode.ThemeIcon('symbol-variable');
        item.tooltip = variable.changed
          ? `${variable.name} changed on this step: ${variable.previousValue ?? '-'} → ${variable.value}`
          : `${variable.name}: ${variable.value}`;
        item.contextValue = variable.changed ? 'variable.changed' : 'variable';
        return item;
      }
    }
  }

  /** A plain copy of the whole tree as the view shows it, for the extension's API (tests). */
  async snapshot(): Promise<TreeSnapshotNode[]> {
    const walk = async (node: OffsetsNode): Promise<TreeSnapshotNode> => {
      const item = this.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      const children = await Promise.all(this.getChildren(node).map(walk));
      return {
        label,
        description: typeof item.description === 'string' ? item.description : undefined,
        changed: node.kind === 'variable' ? node.variable.changed : undefined,
        children,
      };
    };
    return Promise.all(this.getChildren().map(walk));
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private refresh(): void {
    const loaded = this.session.loaded;
    if (this.view && loaded) {
      const step = loaded.trace.steps[loaded.cursor.index];
      this.view.message = step
        ? `${loaded.trace.source.title}: step ${step.step} of ${loaded.trace.steps.length}, ${step.action}`
        : undefined;
    }
    this.changedEmitter.fire(undefined);
  }
}

/** One node of {@link OffsetsTreeProvider.snapshot}. */
export interface TreeSnapshotNode {
  readonly label: string;
  readonly description: string | undefined;
  readonly changed: boolean | undefined;
  readonly children: readonly TreeSnapshotNode[];
}

/** A short label for the view's title: the built-in's name, or the file's name and what it is. */
export function originLabel(origin: TraceOrigin): string {
  switch (origin.kind) {
    case 'built-in':
      return origin.name;
    case 'debug-session':
      return `debugging ${path.basename(origin.file)}`;
    default:
      return path.basename(origin.file);
  }
}
