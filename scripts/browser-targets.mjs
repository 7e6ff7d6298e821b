// The oldest browsers the package supports (README, "Browsers"), as esbuild names them: the
// bundles are built for them (assemble-package.mjs) and checked against them (check-syntax.mjs).
// Each floor is set by what the package needs there:
// - Chrome/Edge 96: WebAssembly reference types, which Rust's wasm32 target emits by default;
// - Firefox 95: crypto.randomUUID (the vault's record ids);
// - Safari 16.0: tested in WPE WebKit 2.38, the oldest WebKit the tests run; its wasm and APIs
//   are enough, and the one newer syntax the sources use (class static blocks, Safari 16.4) is
//   lowered by esbuild.
export const BROWSER_TARGETS = ["chrome96", "edge96", "firefox95", "safari16"];
