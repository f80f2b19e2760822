// The dashboard's build: `vite build web` (the root is this folder) writes dist/web, which `beidou serve`
// serves. Everything the page needs is bundled (the Natural Earth basemap included): no CDN, no fonts, no tiles.
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  publicDir: false,
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: false,
  },
  server: { host: "127.0.0.1" },
});
