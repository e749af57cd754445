import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      // Pure functions beside their code: no server needed.
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "tools/**/*.test.ts", "standins/**/*.test.ts"] },
      },
      // Against the built app, a real SQLite file and a loopback intake, shared by all files
      // (each test makes its own streams).
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
