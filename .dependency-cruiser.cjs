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
//   destinations lib/destinations/                            one folder per destination behind one interface, and their registry
//   shared      lib/{events,leases,retry,crypto}/, lib/operator-log.ts   used by several domains
//   base        lib/{db,errors}/, lib/{env,logger,cn}.ts        know no domain
// Entry points (bin/, lib/server-start.ts, lib/background-work.ts) may import any of lib; nothing of lib or app imports them.
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
const ENTRY_POINTS = "^bin/|^lib/(server-start|background-work)\\.ts$";
// lib/env.ts checks AUTH0_DOMAIN with the Auth0 source's pure domain helpers (a file that imports nothing).
const BASE_MAY_USE = "^lib/sources/auth0/domain\\.ts$";

/** A rule that fails `lint:deps` when a module matching `from` imports one matching `to`. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: "error", from, to });

/** One rule per layer: nothing in it imports a layer above it. */
const layerRules = LAYERS.slice(1).map((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  const comment = `${layer.name} (${layer.path}) imports only its own layer or those below: not ${above.map((a) => a.name).join(", ")} (layers at the top of .dependency-cruiser.cjs)`;
  const to = { path: above.map((a) => a.path).join("|"), ...(layer.name === "base" ? { pathNot: BASE_MAY_USE } : {}) };
  return forbid(`layer-${layer.name}`, comment, { path: layer.path }, to);
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    forbid(
      "engines-not-each-other",
      "delivery, the sources, ingest and alerts share the event store (lib/events) and the shared layer, never each other",
      { path: "^lib/(delivery|sources|ingest|alerts)/" },
      { path: "^lib/(delivery|sources|ingest|alerts)/", pathNot: "^lib/$1/" },
    ),
    forbid(
      "engine-knows-no-destination",
      "delivery reaches destinations only through lib/destinations/registry.ts and the seam's shared files (destination.ts, stored-sink.ts, mask.ts), never a destination's folder",
      { path: "^lib/delivery/" },
      { path: "^lib/destinations/[^/]+/" },
    ),
    forbid(
      "destinations-know-no-engine",
      "a destination (lib/destinations/<type>/) declares items, framing, requests and answers: it imports nothing of the engine, nor another destination's folder",
      { path: "^lib/destinations/([^/]+)/" },
      {
        path: "^lib/(delivery|sources|ingest|alerts|health)/|^lib/destinations/[^/]+/",
        pathNot: "^lib/destinations/$1/",
      },
    ),
    forbid(
      "lib-folder-without-layer",
      "every module of lib belongs to a layer (LAYERS at the top of .dependency-cruiser.cjs): put a new folder in one",
      {},
      { path: "^lib/", pathNot: [...LAYERS.map((layer) => layer.path), ENTRY_POINTS, "^lib/generated/"] },
    ),
    forbid(
      "generated-only-in-db",
      "the generated Prisma clients stay inside lib/db: domain code takes the model types and the Prisma namespace from lib/db/models.ts",
      { pathNot: "^lib/db/" },
      { path: "^lib/generated/" },
    ),
    forbid(
      "entry-points-not-imported",
      "bin/, lib/server-start.ts and lib/background-work.ts start the product; nothing else in lib/, app/ or components/ imports them",
      { path: "^(lib|app|components)/", pathNot: ENTRY_POINTS },
      { path: ENTRY_POINTS },
    ),
    forbid(
      "product-not-standins",
      "standins/ are loopback stand-ins (Datadog, Auth0) for tests, the bench and dev tools: the product (lib/, app/, components/) never loads them",
      { path: "^(lib|app|components)/" },
      { path: "^standins/" },
    ),
    forbid(
      "product-not-dev-tools",
      "the product (lib/, app/, components/; their unit tests aside) imports nothing of tools/, tests/, e2e/ or bench/",
      { path: "^(lib|app|components)/", pathNot: "\\.test\\.ts$" },
      { path: "^(tools|tests|e2e|bench)/" },
    ),
    forbid(
      "domain-knows-no-next",
      "domain code (lib/* but lib/api and lib/auth, the web's edge) imports nothing of next/*",
      { path: "^lib/(?!api/|auth/)" },
      { path: "^node_modules/next/" },
    ),
    forbid(
      "format-is-pure",
      "lib/format (times and counts as the UI shows them) is pure functions the server and the browser both run: it imports nothing",
      { path: "^lib/format/", pathNot: "\\.test\\.ts$" },
      { path: "^(?!lib/format/)" },
    ),
    forbid(
      "no-circular-in-lib",
      "no module of lib depends on itself through others",
      { path: "^lib/" },
      { circular: true },
    ),
  ],
  options: {
    // lib/generated is not followed but stays visible, so generated-only-in-db sees imports of it.
    doNotFollow: { path: ["node_modules", "^lib/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
    },
  },
};
