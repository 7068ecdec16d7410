/**
 * Who is at the page, as the trader's audit trail records it (`requestedBy`): asked in every
 * confirmation and remembered in localStorage so it is only typed once. A name, not a secret.
 */
const KEY = 'roottrading:operator-name';

export function readOperatorName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveOperatorName(name: string): void {
  try {
    localStorage.setItem(KEY, name);
  } catch {
    // Storage disabled: the name is asked again next time.
  }
}
