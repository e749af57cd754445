// The module rules of STYLE.md ("Layout"), checked by `npm run lint:deps` (run by `npm test`).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "db-knows-no-domain",
      comment: "lib/db is the Prisma client, SQLite connections and the writer thread's job runner: it imports nothing of a domain",
      severity: "error",
      from: { path: "^lib/db/" },
      to: { path: "^(lib/(?!db/|env\\.ts|logger\\.ts|errors/|generated/)|app/|components/)" },
    },
    {
      name: "domain-knows-no-http",
      comment: "domain code (lib/* but lib/api and lib/auth, the web's edge) imports nothing of lib/api, app/, components/ or next/*",
      severity: "error",
      from: { path: "^lib/(?!api/|auth/)" },
      to: { path: "^(lib/api/|app/|components/|node_modules/next/)" },
    },
    {
      name: "auth-knows-no-app",
      comment: "lib/auth (the session guard may use next/headers) imports nothing of lib/api, app/ or components/",
      severity: "error",
      from: { path: "^lib/auth/" },
      to: { path: "^(lib/api/|app/|components/)" },
    },
    {
      name: "events-below-domains",
      comment: "the event store (lib/events) serves ingest, delivery and health: it imports none of them",
      severity: "error",
      from: { path: "^lib/events/" },
      to: { path: "^lib/(ingest|delivery|streams|health|alerts|auth|api)/" },
    },
    {
      name: "ingest-not-delivery",
      comment: "ingest and delivery share the event store (lib/events), never each other",
      severity: "error",
      from: { path: "^lib/ingest/" },
      to: { path: "^lib/delivery/" },
    },
    {
      name: "delivery-not-ingest",
      comment: "ingest and delivery share the event store (lib/events), never each other",
      severity: "error",
      from: { path: "^lib/delivery/" },
      to: { path: "^lib/ingest/" },
    },
    {
      name: "product-not-standins",
      comment: "standins/ are loopback stand-ins (Datadog, Auth0) for tests, the bench and dev tools: the product (lib/, app/, components/) never loads them",
      severity: "error",
      from: { path: "^(lib|app|components)/" },
      to: { path: "^standins/" },
    },
    {
      name: "no-circular-in-lib",
      comment: "no module of lib depends on itself through others",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^lib/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
