import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app lives in web/ and builds into dist/web at the repository root,
 * where the server serves it (src/server/app.ts). It imports a few pure files
 * from src/domain (labels, territory nesting rules), so the dev server may
 * read the whole repository.
 */
const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    fs: { allow: [repoRoot] },
    // The API server (`npm run dev` listens on 3000); COHESION_API points elsewhere, e.g. the fixture server on 3100.
    proxy: { '/api': { target: process.env.COHESION_API ?? 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // ECharts (~0.56 MB before gzip) is the largest chunk.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom|@tanstack)[\\/]/ },
            // No group for antd: in one chunk (1.2 MB) every first visit parsed all of it, tables, forms and date
            // pickers included; split by use, the layout and the coverage dashboard start with a third less script.
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
            // Only the coverage pages load the charts.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
});
