import { defineConfig, loadEnv } from 'vite';
import zaloMiniApp from 'zmp-vite-plugin';

// `zmp deploy` builds through this file too (zmp-cli-core calls vite.build({ root: <this folder>, mode })) and then
// uploads www/. zmp-vite-plugin writes www/app-config.json with listCSS/listSyncJS/listAsyncJS filled: Zalo loads
// those files itself and never uploads index.html, so nothing may depend on index.html's markup.
export default defineConfig(({ command, mode }) => {
  if (command === 'build') {
    const url = loadEnv(mode, process.cwd(), 'VITE_').VITE_TAS_PUBLIC_URL ?? '';
    // A version built without the server's address would upload fine and then show only the error line in Zalo.
    if (!/^https:\/\/[^/]+/.test(url)) {
      throw new Error(
        `VITE_TAS_PUBLIC_URL phải là PUBLIC_URL của dịch vụ (https://…), đặt trong .env.${mode}; hiện là "${url}". / ` +
          `VITE_TAS_PUBLIC_URL must be the service's PUBLIC_URL (https://…), set in .env.${mode}; it is "${url}".`,
      );
    }
  }
  return {
    plugins: [zaloMiniApp()],
    build: { outDir: 'www', emptyOutDir: true, assetsInlineLimit: 0 },
  };
});
