import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Native and heavy Node dependencies stay external: better-sqlite3 must be required from
// node_modules (a .node file cannot be bundled, and must be unpacked from the asar).
const external = ['better-sqlite3'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // IANA's TLD list is a JSON package: bundled, because an external JSON import would need an
      // import attribute at run time that the bundler's output drops.
      externalizeDeps: { exclude: ['tlds'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main.ts'),
          'job-worker': resolve(__dirname, 'electron/services/jobs/worker.ts'),
          // The command line runs from the build too: compiling TypeScript at each start cost ~0.3 s.
          cli: resolve(__dirname, 'electron/cli.ts'),
        },
        external,
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        // A sandboxed preload must be CommonJS (Electron cannot load an ESM preload there).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
