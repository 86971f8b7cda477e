// The webview side of VS Code's webview API, typed per panel, and a DOM lookup that fails loudly.

/** What `acquireVsCodeApi()` returns, typed by the messages and state of one panel. */
export interface VsCodeApi<Outgoing, State> {
  postMessage(message: Outgoing): void;
  getState(): unknown;
  setState(state: State): void;
}

declare function acquireVsCodeApi<Outgoing, State>(): VsCodeApi<Outgoing, State>;

/** Acquires the API (VS Code allows this once per page). */
export function acquireApi<Outgoing, State>(): VsCodeApi<Outgoing, State> {
  return acquireVsCodeApi<Outgoing, State>();
}

/** The element with this id; throws when the page lacks it. */
export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing element #${id}`);
  return found as T;
}
