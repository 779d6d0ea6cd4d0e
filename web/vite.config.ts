/// <reference types="vitest/config" />
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import vue from '@vitejs/plugin-vue';
import { parse } from 'yaml';
import { defineConfig, type Plugin } from 'vite';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * `virtual:tidu-policy`: the policy data the editor lays itself out by (form templates, KPI
 * reference, scenario guides, the tiers' names, coarse industry lists) and the declaration's JSON
 * Schema, read from the repository's data files at build time. The API does not serve form
 * templates yet, and the rules stay data: a new form in data/forms/ needs a rebuild of the web UI,
 * no code.
 */
function policyData(): Plugin {
  const id = 'virtual:tidu-policy';
  const resolved = '\0' + id;
  const yamlDir = (dir: string) => {
    const full = path.join(repoRoot, dir);
    return readdirSync(full)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => ({ file: path.join(full, f), data: parse(readFileSync(path.join(full, f), 'utf8')) }));
  };
  return {
    name: 'tidu-policy',
    resolveId(source) {
      return source === id ? resolved : undefined;
    },
    load(loadId) {
      if (loadId !== resolved) return undefined;
      const sources = [
        ...yamlDir('data/forms'),
        ...yamlDir('data/catalogue/kpis'),
        ...yamlDir('data/catalogue/guides'),
        ...yamlDir('data/catalogue/requirements'),
        { file: path.join(repoRoot, 'data/catalogue/industries/coarse.yaml'), data: null },
      ];
      for (const s of sources) this.addWatchFile(s.file);
      const policy = {
        forms: yamlDir('data/forms').map((s) => s.data),
        kpis: yamlDir('data/catalogue/kpis').map((s) => s.data),
        guides: yamlDir('data/catalogue/guides').map((s) => s.data),
        // Only the tiers' names of the 要素条件 (recognitions name a tier by id).
        requirements: yamlDir('data/catalogue/requirements').map((s) => ({
          edition: s.data.edition,
          tiers: s.data.tiers.map((t: { id: string; name: string; rank: number }) => ({
            id: t.id,
            name: t.name,
            rank: t.rank,
          })),
        })),
        coarseIndustries: parse(
          readFileSync(path.join(repoRoot, 'data/catalogue/industries/coarse.yaml'), 'utf8'),
        ),
        schema: JSON.parse(readFileSync(path.join(repoRoot, 'docs/declaration.schema.json'), 'utf8')),
      };
      return `export default ${JSON.stringify(policy)};`;
    },
  };
}

const apiTarget = process.env.TIDU_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [vue(), policyData()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': { target: apiTarget, changeOrigin: false } } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus)/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'vue', test: /node_modules[\\/](vue|@vue|vue-router|pinia)/ },
          ],
        },
      },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.ts'],
  },
});
