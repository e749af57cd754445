// Part of `npm run build`: bundles what runs outside Next's server into plain JavaScript in dist/,
// so that nothing compiles TypeScript at run time: the SQLite writer thread, `npm run worker`,
// `npm run backup`, and what `npm start` runs first (the environment check, the migration renames).
// Packages stay in node_modules.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

await build({
  absWorkingDir: root,
  entryPoints: {
    "sqlite-writer-thread": "bin/sqlite-writer-thread.ts",
    worker: "bin/worker.ts",
    backup: "bin/backup.ts",
    "check-env": "bin/check-env.ts",
    "rename-migrations": "bin/rename-migrations.ts",
  },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  sourcemap: true,
  logLevel: "warning",
});
