import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { rename } from 'node:fs/promises';
import { resolve } from 'node:path';

// The owner's back office: a second entry (backoffice.html + src/backoffice/), built into
// dist-backoffice/ which laris-server embeds (crates/laris-server/build.rs). The server sends
// index.html for `/` and every page path, so the built page is renamed to index.html.
// `npm run dev:backoffice` serves it on :5174 with /v1 proxied to a local laris-server.

const OUT_DIR = 'dist-backoffice';
const ENTRY = 'backoffice.html';

/** Page paths (no dot, not the API nor Vite's own) get the back office page in dev, so the
 * History API routes (/produk, /masuk …) reload like they do on the server. */
function pageFallback(): Plugin {
  return {
    name: 'laris-backoffice-pages',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const url = req.url ?? '/';
        const path = url.split('?')[0];
        const internal = path.startsWith('/v1/') || path.startsWith('/@') || path.startsWith('/node_modules/') || path.startsWith('/src/');
        if (!internal && !path.includes('.') && (req.method === 'GET' || req.method === 'HEAD')) {
          req.url = `/${ENTRY}${url.slice(path.length)}`;
        }
        next();
      });
    },
  };
}

/** backoffice.html → index.html in the output. */
function indexName(): Plugin {
  return {
    name: 'laris-backoffice-index',
    apply: 'build',
    async writeBundle(options) {
      const dir = options.dir ?? resolve(OUT_DIR);
      await rename(resolve(dir, ENTRY), resolve(dir, 'index.html'));
    },
  };
}

export default defineConfig({
  plugins: [svelte(), pageFallback(), indexName()],
  clearScreen: false,
  base: '/',
  // The till's public/ (favicon) is not the back office's: the server serves / and /assets only.
  publicDir: false,
  server: {
    port: 5174,
    strictPort: true,
    proxy: { '/v1': { target: 'http://127.0.0.1:8787', changeOrigin: false } },
  },
  preview: { port: 4174, strictPort: true },
  build: {
    outDir: OUT_DIR,
    assetsDir: 'assets',
    target: 'es2021',
    emptyOutDir: true,
    rollupOptions: { input: resolve(import.meta.dirname, ENTRY) },
  },
});
