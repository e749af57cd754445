// The module rules of STYLE.md ("Layout"), checked by `npm run lint:deps` (run by `npm test`).
//
// Folders sit in layers, top to bottom; a module imports its own layer or the ones below, never one above:
//   app         app/                                            pages, route files, actions
//   components  components/                                     shared UI
//   api         lib/api/                                        route wrapper, error → HTTP
//   auth        lib/auth/                                       tokens, admin session, the guard
//   engines     lib/{delivery,sources,ingest,alerts}/           move events; never import each other
//   health      lib/health/                                     what the Health tab and /metrics read
//   streams     lib/streams/                                    the stream records
//   destinations lib/destinations/                              one folder per destination behind one interface, and their registry
//   shared      lib/{events,leases,retry,crypto}/, lib/operator-log.ts   used by several domains
//   base        lib/{db,errors}/, lib/{env,logger,cn}.ts        know no domain
// Entry points (bin/, lib/server-start.ts) may import any of lib; nothing of lib or app imports them.
// A new folder of lib goes into one layer below, or `lint:deps` fails (lib-folder-without-layer).

const LAYERS = [
  { name: "app", path: "^app/" },
  { name: "components", path: "^components/" },
  { name: "api", path: "^lib/api/" },
  { name: "auth", path: "^lib/auth/" },
  { name: "engines", path: "^lib/(delivery|sources|ingest|alerts)/" },
  { name: "health", path: "^lib/health/" },
  { name: "streams", path: "^lib/streams/" },
  { name: "destinations", path: "^lib/destinations/" },
  { name: "shared", path: "^lib/(events|leases|retry|crypto|outgoing|audit)/|^lib/operator-log\\.ts$" },
  { name: "base", path: "^lib/(db|errors|format)/|^lib/(env|logger|cn)\\.ts$" },
];
const ENTRY_POINTS = "^bin/|^lib/server-start\\.ts$";
// lib/env.ts checks AUTH0_DOMAIN with the Auth0 source's pure domain helpers (a file that imports nothing).
const BASE_MAY_USE = "^lib/sources/auth0/domain\\.ts$";

/** One rule per layer: nothing in it imports a layer above it. */
const layerRules = LAYERS.slice(1).map((layer, index) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} (${layer.path}) imports only its own layer or those below: not ${LAYERS.slice(0, index + 1)
    .map((above) => above.name)
    .join(", ")} (layers at the top of .dependency-cruiser.cjs)`,
  severity: "error",
  from: { path: layer.path },
  to: {
    path: LAYERS.slice(0, index + 1)
      .map((above) => above.path)
      .join("|"),
    ...(layer.name === "base" ? { pathNot: BASE_MAY_USE } : {}),
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "engines-not-each-other",
      comment: "delivery, the sources, ingest and alerts share the event store (lib/events) and the shared layer, never each other",
      severity: "error",
      from: { path: "^lib/(delivery|sources|ingest|alerts)/" },
      to: { path: "^lib/(delivery|sources|ingest|alerts)/", pathNot: "^lib/$1/" },
    },
    {
      name: "engine-knows-no-destination",
      comment: "delivery reaches destinations only through lib/destinations/registry.ts and the seam's shared files (destination.ts, stored-sink.ts, mask.ts), never a destination's folder",
      severity: "error",
      from: { path: "^lib/delivery/" },
      to: { path: "^lib/destinations/[^/]+/" },
    },
    {
      name: "destinations-know-no-engine",
      comment: "a destination (lib/destinations/<type>/) declares items, framing, requests and answers: it imports nothing of the engine, nor another destination's folder",
      severity: "error",
      from: { path: "^lib/destinations/([^/]+)/" },
      to: { path: "^lib/(delivery|sources|ingest|alerts|health)/|^lib/destinations/[^/]+/", pathNot: "^lib/destinations/$1/" },
    },
    {
      name: "lib-folder-without-layer",
      comment: "every module of lib belongs to a layer (LAYERS at the top of .dependency-cruiser.cjs): put a new folder in one",
      severity: "error",
      from: {},
      to: { path: "^lib/", pathNot: [...LAYERS.map((layer) => layer.path), ENTRY_POINTS, "^lib/generated/"] },
    },
    {
      name: "generated-only-in-db",
      comment: "the generated Prisma clients stay inside lib/db: domain code takes the model types and the Prisma namespace from lib/db/models.ts",
      severity: "error",
      from: { pathNot: "^lib/db/" },
      to: { path: "^lib/generated/" },
    },
    {
      name: "entry-points-not-imported",
      comment: "bin/ and lib/server-start.ts start the product; nothing in lib/, app/ or components/ imports them",
      severity: "error",
      from: { path: "^(lib|app|components)/" },
      to: { path: ENTRY_POINTS },
    },
    {
      name: "product-not-standins",
      comment: "standins/ are loopback stand-ins (Datadog, Auth0) for tests, the bench and dev tools: the product (lib/, app/, components/) never loads them",
      severity: "error",
      from: { path: "^(lib|app|components)/" },
      to: { path: "^standins/" },
    },
    {
      name: "product-not-dev-tools",
      comment: "the product (lib/, app/, components/; their unit tests aside) imports nothing of tools/, tests/, e2e/ or bench/",
      severity: "error",
      from: { path: "^(lib|app|components)/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(tools|tests|e2e|bench)/" },
    },
    {
      name: "domain-knows-no-next",
      comment: "domain code (lib/* but lib/api and lib/auth, the web's edge) imports nothing of next/*",
      severity: "error",
      from: { path: "^lib/(?!api/|auth/)" },
      to: { path: "^node_modules/next/" },
    },
    {
      name: "format-is-pure",
      comment: "lib/format (times and counts as the UI shows them) is pure functions the server and the browser both run: it imports nothing",
      severity: "error",
      from: { path: "^lib/format/", pathNot: "\\.test\\.ts$" },
      to: { path: "^(?!lib/format/)" },
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
    // lib/generated is not followed but stays visible, so generated-only-in-db sees imports of it.
    doNotFollow: { path: ["node_modules", "^lib/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"] },
  },
};
