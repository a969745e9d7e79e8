// The webview's handle on VS Code, typed with the panel protocol. Outside VS Code (a test
// page in a plain browser engine) acquireVsCodeApi does not exist: a stand-in records what
// would have been posted and keeps the state in memory, so the same bundle can be driven
// by window.postMessage and read back through the test hook.
import type { PanelState, WebviewMessage } from '../src/protocol/panel';

export interface PanelApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
  /** Messages posted, when running outside VS Code; empty inside it. */
  readonly sent: WebviewMessage[];
  readonly insideVsCode: boolean;
}

interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare const acquireVsCodeApi: (() => VsCodeWebviewApi) | undefined;

export function acquirePanelApi(): PanelApi {
  if (typeof acquireVsCodeApi === 'function') {
    // acquireVsCodeApi may be called once per page load: this is the one call.
    const api = acquireVsCodeApi();
    return {
      postMessage: (message) => api.postMessage(message),
      getState: () => api.getState(),
      setState: (state) => api.setState(state),
      sent: [],
      insideVsCode: true,
    };
  }
  const sent: WebviewMessage[] = [];
  // Kept in sessionStorage where there is one, so a reload of the test page restores the
  // state as VS Code would after hide/show.
  const key = 'gradlens.panel.state';
  let state: unknown;
  const storage = (() => {
    try {
      return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
    } catch {
      return undefined;
    }
  })();
  try {
    const saved = storage?.getItem(key);
    state = saved ? JSON.parse(saved) : undefined;
  } catch {
    state = undefined;
  }
  return {
    postMessage: (message) => void sent.push(message),
    getState: () => state,
    setState: (next) => {
      const text = JSON.stringify(next);
      state = JSON.parse(text);
      try {
        storage?.setItem(key, text);
      } catch {
        // A full or disabled storage only loses the reload test's state.
      }
    },
    sent,
    insideVsCode: false,
  };
}
