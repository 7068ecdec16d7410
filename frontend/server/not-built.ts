/** What `/` shows when frontend/dist has not been built: the one command that fixes it. */
export function notBuiltPage(distDir: string): string {
  const escaped = distDir.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>RootTrading: web app not built</title></head>
<body style="background:#0b0f17;color:#e5e7eb;font-family:system-ui,sans-serif;padding:3rem;line-height:1.5">
<h1>The RootTrading web app is not built</h1>
<p>Run <code style="background:#1f2937;padding:.15rem .4rem;border-radius:.25rem">pnpm build</code> in the repository root,
then reload this page. The web server looks for it in <code>${escaped}</code>.</p>
<p>The service APIs under <code>/api/…</code> already work.</p>
</body>
</html>
`;
}
