import { defineConfig } from 'vite';
import zaloMiniApp from 'zmp-vite-plugin';

// zmp-vite-plugin writes the built files into app-config.json's listCSS/listSyncJS/listAsyncJS for `zmp deploy`.
export default defineConfig({
  base: '',
  plugins: [zaloMiniApp()],
  build: { assetsInlineLimit: 0 },
});
