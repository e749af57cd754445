// npm test: every test. Lints first (`npm run lint`, then the module rules: `npm run lint:deps`), installs Debian's chromium when missing (as root), builds the app once
// into .next-test, then runs the unit/integration suite (Vitest) and the browser suite (Playwright).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const CHROMIUM = "/usr/bin/chromium";
const testDistDir = process.env.LOGSTREAMS_TEST_DIST_DIR ?? ".next-test";

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error("npm test: Chromium is missing; install it with: sudo apt-get install -y chromium");
    process.exit(1);
  }
  console.log("npm test: installing Debian's chromium for the browser tests…");
  if (run("apt-get", ["update", "-qq"]) !== 0 || run("apt-get", ["install", "-y", "-qq", "chromium"]) !== 0) {
    console.error("npm test: could not install chromium; install it with: apt-get install -y chromium");
    process.exit(1);
  }
}

console.log("npm test: lint (ESLint, Prettier, function lengths)…");
if (run("npm", ["run", "--silent", "lint"]) !== 0) {
  console.error(
    "npm test: lint failed (see above): fix ESLint's findings; `npm run format` fixes what Prettier reports",
  );
  process.exit(1);
}
// The module rules (.dependency-cruiser.cjs): a violation fails the run before anything is built.
if (run("npm", ["run", "--silent", "lint:deps"]) !== 0) {
  console.error("npm test: the dependency check failed (see above; the rules are in .dependency-cruiser.cjs)");
  process.exit(1);
}
ensureChromium();
// Both Prisma clients (SQLite and PostgreSQL), as `npm install` does.
if (run("npm", ["run", "--silent", "db:generate"]) !== 0) process.exit(1);
console.log(`npm test: building the app into ${testDistDir}…`);
if (run(bin("next"), ["build"], { NEXT_DIST_DIR: testDistDir }) !== 0) process.exit(1);

/** PostgreSQL's server binaries; installed from Debian's packages when missing and we are root. */
function hasPostgres() {
  const root = "/usr/lib/postgresql";
  const isInstalled = () =>
    fs.existsSync(root) && fs.readdirSync(root).some((v) => fs.existsSync(path.join(root, v, "bin", "initdb")));
  if (isInstalled()) return true;
  if (process.getuid?.() !== 0) return false;
  console.log("npm test: installing Debian's postgresql for the PostgreSQL pass…");
  const isSetUp =
    run("apt-get", ["update", "-qq"]) === 0 && run("apt-get", ["install", "-y", "-qq", "postgresql"]) === 0;
  if (!isSetUp) console.error("npm test: could not install postgresql (apt-get install -y postgresql)");
  return isSetUp && isInstalled();
}

const suites = [
  ["unit and integration on SQLite (Vitest)", bin("vitest"), ["run"], {}],
  ["browser (Playwright, Chromium)", bin("playwright"), ["test"], {}],
];
if (hasPostgres())
  suites.push([
    "integration on PostgreSQL (Vitest, throwaway cluster)",
    bin("vitest"),
    ["run", "--project", "integration"],
    { LOGSTREAMS_TEST_DATABASE: "postgres" },
  ]);
else
  console.log(
    "npm test: SKIPPING the PostgreSQL pass: PostgreSQL's server is not installed (as root: apt-get install -y postgresql)",
  );

const failed = [];
for (const [label, command, args, env] of suites) {
  console.log(`\nnpm test: ${label}`);
  if (run(command, args, env) !== 0) failed.push(label);
}
if (failed.length > 0) {
  console.error(`\nnpm test: failed suites: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\nnpm test: all suites passed");
