import type { RequestHandler } from 'express';

/**
 * lightweight-charts inserts one <style> of its own, for the TradingView attribution logo its
 * licence asks the page to show (chart-theme.ts keeps it on): that exact text is allowed by its
 * hash, nothing else inline. page-headers.test.ts hashes the installed library's text, so an
 * upgrade that changes it fails there, not only in a browser.
 */
export const CHART_ATTRIBUTION_STYLE_HASH = 'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY=';

/**
 * The built app is a script and a stylesheet from assets/, with no inline code (check dist/index.html
 * after a Vite upgrade), and talks only to this origin (fetches and the /api/events stream). React
 * and lightweight-charts set styles through the DOM, which style-src does not govern; the charts
 * draw on canvas, so no image source beyond this origin is needed.
 */
export const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' '${CHART_ATTRIBUTION_STYLE_HASH}'`,
  "connect-src 'self'",
  "img-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The "not built" page is plain HTML with inline styles and no script at all. */
export const NOT_BUILT_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

/**
 * On every answer of the web process: the page may not be framed (clickjacking a trade button),
 * nothing is sniffed into a script, and no URL of the stack leaks in a Referer to another site.
 */
export const pageHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('content-security-policy', PAGE_POLICY);
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  next();
};
