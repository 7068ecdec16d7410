/** What the operator does on the page in the browser tests, and how the tests read the services back. */
import type { Page } from 'playwright-core';
import type { Order } from '@roottrading/contracts';
import { waitFor } from '@roottrading/testing';
import { open } from './harness.js';

export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** An order straight to the trader (`url` its POST /trade): what the page's actions then act on. */
export const placeOrder = (url: string, body: Record<string, string>) =>
  json<{ order: Order }>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Confirms the dialog on screen as `operator` (typed when the page does not remember it), and waits until it has gone. */
export async function confirmAs(page: Page, operator: string, button: string | RegExp): Promise<void> {
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const name = dialog.getByLabel('Your name');
  if ((await name.inputValue()) === '') await name.fill(operator);
  await dialog.getByRole('button', { name: button }).click();
  await dialog.waitFor({ state: 'detached', timeout: 20_000 });
}

/** The order ticket's "Limit" choice (its radio is visually hidden behind the label). */
export const chooseLimit = (page: Page) =>
  page
    .locator('form[aria-label="manual order"] label')
    .filter({ hasText: /^Limit$/ })
    .click();

/** Waits until the audit trail on the Controls page shows a row of `action` by `operator` saying `text`. */
export async function auditShows(
  page: Page,
  base: string,
  row: { action: string; operator: string; text: RegExp },
): Promise<void> {
  await open(page, base, '/controls');
  await page
    .locator(`#panel-audit tr[data-action="${row.action}"]`)
    .filter({ hasText: row.operator })
    .filter({ hasText: row.text })
    .first()
    .waitFor({ timeout: 15_000 });
}

/** What fitsScreen says of an element that fits. */
export const FITS = { page: true, inside: true, outside: [] as string[] };

/** Whether the page is no wider than the screen, the element fits it, and which of its parts stick out of it. */
export const fitsScreen = (page: Page, selector: string) =>
  page.locator(selector).evaluate((panel) => {
    const box = panel.getBoundingClientRect();
    const outside = [...panel.querySelectorAll('*')].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1);
    });
    return {
      page: document.documentElement.scrollWidth <= window.innerWidth,
      inside: box.right <= window.innerWidth && panel.scrollWidth <= panel.clientWidth,
      outside: outside.map((el) => `${el.tagName}.${el.className}`.slice(0, 80)),
    };
  });

/** Orders need a fresh price: waits until the trader (its /health at `url`) has one for each of `count` symbols. */
export const pricesAtTrader = (url: string, count: number) =>
  waitFor(
    async () => {
      const h = await json<{ details: { lastPrices?: Record<string, unknown> } }>(url);
      return Object.keys(h.details.lastPrices ?? {}).length === count;
    },
    { timeoutMs: 30_000, intervalMs: 250, what: 'prices at the trader' },
  );
