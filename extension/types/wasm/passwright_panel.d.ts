// Hand-written (not generated): the panel's wasm module (src/wasm/panel),
// copied beside panel.js by build.mjs. See passwright_background.d.ts.

/** Loads and instantiates the module (`--target web`). */
export default function init(module_or_path?: unknown): Promise<unknown>;

/**
 * Starts the panel (or the launcher): `connect` opens its `runtime.Port` to
 * the background, again after a service-worker restart. The port carries
 * FromPanel (../FromPanel.ts) one way, ToPanel (../ToPanel.ts) the other.
 */
export function start_panel(connect: () => unknown): void;
