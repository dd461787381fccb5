// Hand-written (not generated): the background's wasm module
// (src/wasm/background, built by wasm-bindgen into target/wasm-pkg/ and
// copied beside background.js by build.mjs). Its values are plain objects
// (serde-wasm-bindgen), typed with the protocol's declarations in ../.
// tsconfig.json's rootDirs makes `./passwright_background.js` resolve here.
import type { Context, Effects, Event, Memory, Needs } from '../index';

/** Loads and instantiates the module (`--target web`). */
export default function init(module_or_path?: unknown): Promise<unknown>;

/** What to load for `event`. */
export function needs(event: Event): Needs;

/** Decides about `event`: the effects to apply. */
export function handle(event: Event, context: Context, stored: StoredRecords): Effects;

/**
 * What the background loaded for an event, each record as stored (the module
 * validates them: one that does not parse is reported, not used).
 */
export type StoredRecords = {
  /** `tab:<id>` (session storage), the event's tab's state. */
  tab: unknown;
  /** Every `tab:<id>`, when `needs.all_tabs`. */
  tabs: Array<[number, unknown]>;
  settings: unknown;
  /** `storage.managed`, or null when nothing is deployed. */
  managed: unknown;
  maps: unknown;
  pending: unknown;
  audit: unknown;
  orphans: Array<unknown>;
  runs: Array<unknown>;
  /** What the background keeps in memory for the event's tab. */
  memory: Memory | undefined;
};
