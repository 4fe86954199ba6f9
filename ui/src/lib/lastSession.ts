// The sidebar as the last session left it, kept in the webview's storage so
// that a new window lists the drives at once, before the engine answers:
// accounts show as reconnecting until it does. Names and addresses only;
// no token or secret is ever in a Source.
import type { Source } from './bindings/Source';

const KEY = 'cloudpick.sources';

export function remember(sources: Source[]): void {
  try {
    const kept = sources.map((s) => ({ ...s, account: s.account && { ...s.account, quotaUsed: null, quotaTotal: null } }));
    localStorage.setItem(KEY, JSON.stringify(kept));
  } catch {
    // No storage (a private window): the sidebar waits for the engine.
  }
}

/** The last session's sources, its accounts marked as reconnecting; null when there is none. */
export function recall(): Source[] | null {
  try {
    const kept = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Source[] | null;
    if (!Array.isArray(kept)) return null;
    return kept.map((s) =>
      s.provider === 'local' || s.closed !== null || !s.connected ? s : { ...s, connected: false, status: 'Reconnecting…', problem: null },
    );
  } catch {
    return null;
  }
}
