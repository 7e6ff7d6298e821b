// Checks that every JavaScript file a browser loads from the package parses in the oldest
// supported browsers (browser-targets.mjs): esbuild rewrites any syntax newer than a target, so a
// file that esbuild leaves as it is for the targets uses none. Usage: node scripts/check-syntax.mjs pkg
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { transformSync } from "esbuild";
import { BROWSER_TARGETS } from "./browser-targets.mjs";

const pkg = process.argv[2] ?? "pkg";
const browserFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node" ? [] : browserFiles(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });

const failures = [];
const files = browserFiles(pkg);
for (const file of files) {
  const code = readFileSync(file, "utf8");
  const as = (target) => transformSync(code, { format: "esm", target, loader: "js" }).code;
  if (as(BROWSER_TARGETS) !== as("esnext")) {
    // Name the first line that differs, so the syntax at fault is easy to find.
    const [older, newer] = [as(BROWSER_TARGETS).split("\n"), as("esnext").split("\n")];
    const line = newer.findIndex((text, i) => text !== older[i]);
    failures.push(`${relative(pkg, file)}: needs lowering for ${BROWSER_TARGETS.join(", ")} near: ${newer[line]?.slice(0, 160)}`);
  }
}
if (failures.length) {
  console.error(failures.join("\n"));
  process.exit(1);
}
console.log(`syntax: ${files.length} browser files parse in ${BROWSER_TARGETS.join(", ")}`);
