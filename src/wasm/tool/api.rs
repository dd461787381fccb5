//! The core's functions for JavaScript: plain objects in and out.
//!
//! Requests name a policy [`Source`] (a preset, passwordrules text or a full
//! spec), the kind and the user's context, so every extension context and the
//! standalone page call the very same code the CLI and the tests call.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use passwright_core::check as checker;
use passwright_core::generate::{self as generator, Options};
use passwright_core::policy::{Kind, PRESETS, Source};
use passwright_core::{Context, nato as spelling};

fn yes() -> bool {
    true
}

/// What to generate or check against.
#[derive(Deserialize)]
pub(crate) struct PolicyRequest {
    #[serde(default)]
    pub source: Source,
    pub kind: Kind,
}

// The policy's fields are repeated, not flattened: `flatten` would pull serde's
// buffering into the wasm (benches/findings.md).
#[derive(Deserialize)]
struct GenerateRequest {
    #[serde(default)]
    source: Source,
    kind: Kind,
    #[serde(default)]
    context: Context,
    length: Option<usize>,
    #[serde(default = "yes")]
    exclude_look_alikes: bool,
}

/// A generated secret for the UI.
#[derive(Serialize)]
pub(crate) struct GenerateResponse {
    pub password: String,
    pub entropy_bits: f64,
    pub nato: Vec<String>,
}

#[derive(Deserialize)]
struct CheckRequest {
    #[serde(default)]
    source: Source,
    kind: Kind,
    #[serde(default)]
    context: Context,
    password: Zeroizing<String>,
}

#[derive(Serialize)]
struct CheckResponse {
    compliant: bool,
    verdicts: Vec<passwright_core::check::Verdict>,
}

fn parse<T: serde::de::DeserializeOwned>(request: JsValue) -> Result<T, JsError> {
    passwright_glue::from_js(request, "request")
}

fn to_json<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    passwright_glue::to_js(value)
}

/// Generates in-crate, for the Rust UIs (no JSON round trip).
pub(crate) fn generate_for(
    source: &Source,
    kind: Kind,
    context: &Context,
    opts: &Options,
) -> Result<GenerateResponse, JsError> {
    let policy = source.policy(kind).map_err(|e| JsError::new(&e.to_string()))?;
    let generated = generator::generate(&policy, context, opts).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(GenerateResponse {
        password: generated.secret.to_string(),
        entropy_bits: generated.entropy_bits,
        nato: spelling::words(&generated.secret),
    })
}

/// Generates a compliant secret.
///
/// Request: `{source: {preset: "bell"}, kind: "web", context: {user_id: ...},
/// length: 16, exclude_look_alikes: true}`; response: `{password, entropy_bits, nato}`.
#[wasm_bindgen]
pub fn generate(request: JsValue) -> Result<JsValue, JsError> {
    let req: GenerateRequest = parse(request)?;
    let opts =
        Options { length: req.length, exclude_look_alikes: req.exclude_look_alikes, ..Options::default() };
    to_json(&generate_for(&req.source, req.kind, &req.context, &opts)?)
}

/// Checks a secret: `{"source", "kind", "context", "password"}` to
/// `{"compliant", "verdicts": [{"rule", "outcome", "label", "problem"}]}`.
#[wasm_bindgen]
pub fn check(request: JsValue) -> Result<JsValue, JsError> {
    let req: CheckRequest = parse(request)?;
    let policy = req.source.policy(req.kind).map_err(|e| JsError::new(&e.to_string()))?;
    let report = checker::check(&policy, &req.context, &req.password);
    to_json(&CheckResponse { compliant: report.compliant(), verdicts: report.verdicts })
}

/// The rules of a policy in words: `{"source", "kind"}` to `["At least 8 characters", ...]`.
#[wasm_bindgen]
pub fn describe(request: JsValue) -> Result<JsValue, JsError> {
    let req: PolicyRequest = parse(request)?;
    let policy = req.source.policy(req.kind).map_err(|e| JsError::new(&e.to_string()))?;
    let labels: Vec<String> =
        checker::rules(&policy).into_iter().map(|r| checker::label(&policy, r)).collect();
    to_json(&labels)
}

/// The presets: `[{"name", "title", "summary", "spec"}]`.
#[wasm_bindgen]
pub fn presets() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Item {
        name: &'static str,
        title: &'static str,
        summary: &'static str,
        spec: passwright_core::PolicySpec,
    }
    let items: Vec<Item> = PRESETS
        .iter()
        .map(|p| Item { name: p.name, title: p.title, summary: p.summary, spec: p.spec() })
        .collect();
    to_json(&items)
}

/// The NATO reading, words separated by " - ".
#[wasm_bindgen]
pub fn nato(secret: &str) -> String {
    spelling::spell(secret)
}

/// A generator compiled once for a policy, kind and user, with its own
/// CSPRNG reader: generates without any JSON or setup per call (what a page
/// that makes many passwords wants).
#[wasm_bindgen]
pub struct Generator {
    inner: generator::Generator<'static>,
    rng: std::cell::RefCell<passwright_core::rng::SystemRng>,
}

#[wasm_bindgen]
impl Generator {
    /// Compiles a policy: the request of [`generate`].
    #[wasm_bindgen(constructor)]
    pub fn new(request: JsValue) -> Result<Generator, JsError> {
        let req: GenerateRequest = parse(request)?;
        let policy = req.source.policy(req.kind).map_err(|e| JsError::new(&e.to_string()))?;
        let opts = Options {
            length: req.length,
            exclude_look_alikes: req.exclude_look_alikes,
            ..Options::default()
        };
        let inner = generator::Generator::owned(policy, req.context, &opts)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let rng = passwright_core::rng::SystemRng::new().map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Generator { inner, rng: std::cell::RefCell::new(rng) })
    }

    /// One compliant secret.
    pub fn next(&self) -> Result<String, JsError> {
        let mut rng = self.rng.try_borrow_mut().map_err(|_| JsError::new("the generator is busy"))?;
        let generated = self.inner.generate(&mut *rng).map_err(|e| JsError::new(&e.to_string()))?;
        Ok(generated.secret.to_string())
    }

    /// `count` compliant secrets, one per line: one crossing of the wasm
    /// boundary for many secrets (the CLI's `-n`, bulk provisioning).
    #[wasm_bindgen(js_name = nextMany)]
    pub fn next_many(&self, count: u32) -> Result<String, JsError> {
        let mut rng = self.rng.try_borrow_mut().map_err(|_| JsError::new("the generator is busy"))?;
        let mut out = String::with_capacity(count as usize * (self.inner.length() + 1));
        for _ in 0..count {
            let generated = self.inner.generate(&mut *rng).map_err(|e| JsError::new(&e.to_string()))?;
            out.push_str(&generated.secret);
            out.push('\n');
        }
        Ok(out)
    }
}
