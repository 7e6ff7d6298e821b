// The shipped TypeScript declarations, checked by the TypeScript compiler as a user's project
// would (strict, NodeNext resolution through the package's `exports`).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { test } from "node:test";

test("types-usage.mts compiles under --strict, and misuse is rejected", () => {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  writeFileSync("tsconfig.json", JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "nodenext", moduleResolution: "nodenext", types: [], lib: ["es2022", "dom"] },
    files: ["types-usage.mts"],
  }));
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
