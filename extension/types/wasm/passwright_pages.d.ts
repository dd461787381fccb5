// Hand-written (not generated): the pages' wasm module (src/wasm/pages: the
// options page, the popup, the hand-off sheet), copied beside their scripts by
// build.mjs. See passwright_background.d.ts. Each page's `send` carries a
// request to the background and resolves with its reply (read and validated by
// the module).
import type { OptionsRequest, PopupRequest, SheetRequest } from '../index';

/** Loads and instantiates the module (`--target web`). */
export default function init(module_or_path?: unknown): Promise<unknown>;

/** What the options page is given. */
export type OptionsHost = {
  send(request: OptionsRequest): Promise<unknown>;
};

/** What the popup is given. */
export type PopupHost = {
  /** The active tab (`tabs.Tab`: its `id` and `url` are read), or null. */
  activeTab(): Promise<{ id?: number; url?: string } | null>;
  /** Whether the extension has the host permission for `pattern`. */
  contains(pattern: string): Promise<boolean>;
  /** Asks for it (inside the admin's click). */
  request(pattern: string): Promise<boolean>;
  /** Gives it up. */
  remove(pattern: string): Promise<boolean>;
  send(request: PopupRequest): Promise<unknown>;
  openOptions(): unknown;
  close(): void;
};

/** What the hand-off sheet is given. */
export type SheetHost = {
  send(request: SheetRequest): Promise<unknown>;
  print(): void;
};

export function start_options(host: OptionsHost): Promise<void>;
export function start_popup(host: PopupHost): Promise<void>;
export function start_sheet(host: SheetHost): Promise<void>;
