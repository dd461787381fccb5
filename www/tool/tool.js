// Loads the Passwright core (WebAssembly) and starts the page; all logic is in Rust.
import init, { start_tool } from './passwright_tool.js';

await init();
start_tool();
