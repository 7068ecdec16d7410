/**
 * The trader's API token for live orders: asked once and kept in sessionStorage, so it lasts for
 * this browser tab's session, is never written into the page's source or the URL, and is gone
 * when the tab closes.
 */
const KEY = 'roottrading:trader-api-token';

export function readApiToken(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function saveApiToken(token: string): void {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // Storage disabled: the token then lasts until the page is reloaded (kept in the form's state).
  }
}

export function forgetApiToken(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}
