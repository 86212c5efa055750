// Vite's client types (CSS imports, `new URL(..., import.meta.url)` workers) for web/.
/// <reference types="vite/client" />
