import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The web app lives in web/; its production build goes to dist/web, served by the agent server.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: '../dist/web', emptyOutDir: true, sourcemap: false },
});
