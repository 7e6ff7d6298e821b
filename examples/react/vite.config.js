// React's automatic JSX runtime; Vite compiles .tsx itself (no plugin needed for a build).
export default { oxc: { jsx: { runtime: "automatic" } } };
