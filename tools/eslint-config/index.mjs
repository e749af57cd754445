// The configs eslint.config.mjs composes, loaded from here so that typescript-eslint and
// eslint-config-next find this package's TypeScript 6 (typescript-eslint needs TypeScript's
// JavaScript API, which the app's TypeScript 7 no longer has).
export { default as nextCoreWebVitals } from "eslint-config-next/core-web-vitals";
export { default as nextTypescript } from "eslint-config-next/typescript";
export { default as tseslint } from "typescript-eslint";
export { default as prettier } from "eslint-config-prettier/flat";
