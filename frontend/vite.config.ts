import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `pnpm build` writes frontend/dist, which the web process (server/main.ts) serves. `pnpm dev`
 * runs Vite's dev server and sends /api to that web process, which proxies to the services.
 */
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: { '/api': `http://127.0.0.1:${process.env.FRONTEND_PORT ?? 3000}` },
  },
});
