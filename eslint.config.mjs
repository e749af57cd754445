// ESLint: Next's core-web-vitals and TypeScript rules, typescript-eslint's recommended set, and
// eslint-config-prettier last (formatting is Prettier's job). `npm run lint` runs it with zero warnings.
import { nextCoreWebVitals, nextTypescript, prettier, tseslint } from "@log-streams/eslint-config";

export default tseslint.config(
  {
    ignores: [
      ".next*/**",
      "dist/**",
      "lib/generated/**",
      "node_modules/**",
      "data/**",
      "playwright-report/**",
      "test-results/**",
      "bench/results/**",
      "next-env.d.ts",
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  ...tseslint.configs.recommended,
  {
    // `const { details: _details, ...rest } = event` is how the code drops a field.
    rules: { "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }] },
  },
  {
    // CommonJS files (preloaded with `node --require`) can only load modules with require().
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Times and counts are formatted by lib/format alone (in UTC, so the server's and the browser's text agree): use it, or <Timestamp>.
    files: ["lib/**", "app/**", "components/**"],
    ignores: ["lib/format/**"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["toLocaleString", "toLocaleDateString", "toLocaleTimeString"].map((property) => ({
          property,
          message: "Format times and counts with lib/format (or <Timestamp>).",
        })),
      ],
      "no-restricted-globals": [
        "error",
        { name: "Intl", message: "Format times and counts with lib/format (or <Timestamp>)." },
      ],
    },
  },
  {
    // Playwright fixtures hand their value to `use()`, which is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  prettier,
);
