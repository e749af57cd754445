// `npm run lint:length` (and `npm run lint`): lists the functions in lib/ and app/ longer than MAX_LINES
// once Prettier has formatted them at PRINT_WIDTH (.prettierrc's), longest first, and fails when there
// is one. Files are formatted in memory, so an unformatted file is measured as it will read.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as prettier from "prettier";

const MAX_LINES = 100;
const PRINT_WIDTH = 120;
const FOLDERS = ["lib", "app"];

const root = path.resolve(import.meta.dirname, "..");
// The app's TypeScript 7 has no JavaScript API; the ESLint config package carries TypeScript 6, which does.
const ts = createRequire(path.join(root, "tools/eslint-config/package.json"))("typescript");

/** The .ts/.tsx files under FOLDERS in the work tree, tracked or new (not git-ignored ones, such as lib/generated). */
function listSourceFiles() {
  const output = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "--", ...FOLDERS], {
    cwd: root,
    encoding: "utf8",
  });
  return output.split("\n").filter((file) => /\.tsx?$/.test(file) && fs.existsSync(path.join(root, file)));
}

/** What a reader would call the function: its own name, or the variable, property or call it is written in. */
function nameOf(node, sourceFile) {
  if (node.name) return node.name.getText(sourceFile);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && parent.name)
    return parent.name.getText(sourceFile);
  if (ts.isExportAssignment(parent)) return "export default";
  if (ts.isCallExpression(parent)) {
    const [first] = parent.arguments;
    const label = first && ts.isStringLiteralLike(first) ? ` ${JSON.stringify(first.text)}` : "";
    return `${parent.expression.getText(sourceFile).slice(0, 40)}(${label.trim()}) callback`;
  }
  return "(anonymous)";
}

function isFunction(node) {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) ||
    ts.isSetAccessor(node)
  );
}

async function longFunctionsIn(file) {
  const filepath = path.join(root, file);
  const config = (await prettier.resolveConfig(filepath)) ?? {};
  const text = await prettier.format(fs.readFileSync(filepath, "utf8"), {
    ...config,
    filepath,
    printWidth: PRINT_WIDTH,
  });
  const sourceFile = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found = [];
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const first = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const last = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) found.push({ file, line: first + 1, name: nameOf(node, sourceFile), lines });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

if (typeof ts.createSourceFile !== "function") {
  console.error(
    "lint:length: tools/eslint-config's TypeScript (6, with a JavaScript API) was not found; run npm install",
  );
  process.exit(2);
}
const found = (await Promise.all(listSourceFiles().map(longFunctionsIn))).flat().sort((a, b) => b.lines - a.lines);
for (const { file, line, name, lines } of found) console.log(`${String(lines).padStart(4)}  ${file}:${line}  ${name}`);
if (found.length > 0) {
  console.error(`lint:length: ${found.length} function(s) over ${MAX_LINES} lines at printWidth ${PRINT_WIDTH}`);
  process.exit(1);
}
console.log(`lint:length: no function over ${MAX_LINES} lines at printWidth ${PRINT_WIDTH}`);
