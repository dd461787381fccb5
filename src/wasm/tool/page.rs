//! The standalone tool page (www/tool/): pick a preset or paste passwordrules,
//! generate, check a typed password, read it in NATO words. For admins who
//! cannot install the extension; the same core, nothing sent anywhere.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use super::api::generate_for;
use passwright_core::check::{self, Outcome};
use passwright_core::generate::Options;
use passwright_core::policy::{Kind, PRESETS, Source};
use passwright_core::{Context, nato};
use passwright_glue::dom::{by_id, document, element, set_attr, show, trimmed};

struct Elements {
    preset: HtmlSelectElement,
    rules: HtmlTextAreaElement,
    use_rules: HtmlInputElement,
    passcode: HtmlInputElement,
    user_id: HtmlInputElement,
    extension: HtmlInputElement,
    phone: HtmlInputElement,
    length: HtmlInputElement,
    look_alikes: HtmlInputElement,
    output: HtmlElement,
    password: HtmlElement,
    entropy: HtmlElement,
    nato: HtmlElement,
    error: HtmlElement,
    rules_list: HtmlElement,
    candidate: HtmlInputElement,
    checklist: HtmlElement,
    verdict: HtmlElement,
}

impl Elements {
    fn find(doc: &Document) -> Result<Elements, JsError> {
        Ok(Elements {
            preset: by_id(doc, "preset")?,
            rules: by_id(doc, "rules")?,
            use_rules: by_id(doc, "use-rules")?,
            passcode: by_id(doc, "kind-passcode")?,
            user_id: by_id(doc, "user-id")?,
            extension: by_id(doc, "extension")?,
            phone: by_id(doc, "phone")?,
            length: by_id(doc, "length")?,
            look_alikes: by_id(doc, "look-alikes")?,
            output: by_id(doc, "output")?,
            password: by_id(doc, "password")?,
            entropy: by_id(doc, "entropy")?,
            nato: by_id(doc, "nato")?,
            error: by_id(doc, "error")?,
            rules_list: by_id(doc, "rules-list")?,
            candidate: by_id(doc, "candidate")?,
            checklist: by_id(doc, "checklist")?,
            verdict: by_id(doc, "verdict")?,
        })
    }

    fn source(&self) -> Source {
        if self.use_rules.checked() {
            Source::Rules(self.rules.value())
        } else {
            Source::Preset(self.preset.value())
        }
    }

    fn kind(&self) -> Kind {
        if self.passcode.checked() { Kind::Passcode } else { Kind::Web }
    }

    fn context(&self) -> Context {
        Context {
            user_id: trimmed(&self.user_id),
            extension: trimmed(&self.extension),
            phone: trimmed(&self.phone),
            ..Default::default()
        }
    }
}

struct Tool {
    doc: Document,
    el: Elements,
}

impl Tool {
    fn error(&self, message: Option<&str>) {
        self.el.error.set_text_content(message);
        show(&self.el.error, message.is_some());
    }

    /// Re-describes the policy and re-checks the candidate after any change.
    fn refresh(&self) {
        let source = self.el.source();
        let kind = self.el.kind();
        let policy = match source.policy(kind) {
            Ok(policy) => policy,
            Err(e) => {
                self.error(Some(&e.to_string()));
                self.el.rules_list.set_text_content(None);
                self.el.checklist.set_text_content(None);
                return;
            }
        };
        self.error(None);
        self.el.rules_list.set_text_content(None);
        for rule in check::rules(&policy) {
            if let Ok(li) = element(&self.doc, "li", Some(&check::label(&policy, rule))) {
                let _ = self.el.rules_list.append_child(&li);
            }
        }
        let candidate = self.el.candidate.value();
        self.el.checklist.set_text_content(None);
        if candidate.is_empty() {
            self.el.verdict.set_text_content(Some("Type or paste a password to check it."));
            return;
        }
        let report = check::check(&policy, &self.el.context(), &candidate);
        for v in &report.verdicts {
            let text = match &v.problem {
                Some(p) => format!("{}: {p}", v.label),
                None => v.label.clone(),
            };
            if let Ok(li) = element(&self.doc, "li", Some(&text)) {
                let state = match v.outcome {
                    Outcome::Pass => "pass",
                    Outcome::Fail => "fail",
                    Outcome::NotChecked => "unknown",
                };
                set_attr(&li, "data-outcome", state);
                set_attr(&li, "data-rule", &v.rule.to_string());
                let _ = self.el.checklist.append_child(&li);
            }
        }
        self.el.verdict.set_text_content(Some(if report.compliant() {
            "Meets every rule that can be checked here."
        } else {
            "Does not meet the rules marked ✗."
        }));
    }

    fn generate(&self) {
        let length = self.el.length.value().trim().parse::<usize>().ok();
        let opts =
            Options { length, exclude_look_alikes: self.el.look_alikes.checked(), ..Options::default() };
        match generate_for(&self.el.source(), self.el.kind(), &self.el.context(), &opts) {
            Ok(out) => {
                self.error(None);
                self.el.password.set_text_content(Some(&out.password));
                self.el.entropy.set_text_content(Some(&format!("{:.0} bits of entropy", out.entropy_bits)));
                self.el.nato.set_text_content(Some(&nato::spell(&out.password)));
                show(&self.el.output, true);
                self.el.candidate.set_value(&out.password);
                self.refresh();
            }
            Err(e) => {
                show(&self.el.output, false);
                let message: JsValue = e.into();
                let text = js_sys::Reflect::get(&message, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .unwrap_or_else(|| "cannot generate".into());
                self.error(Some(&text));
            }
        }
    }
}

thread_local! {
    // The page lives as long as the tool: its listeners are kept here.
    static LISTENERS: RefCell<Vec<EventListener>> = const { RefCell::new(Vec::new()) };
}

/// Starts the standalone tool on a page that has its elements (www/tool/index.html).
#[wasm_bindgen]
pub fn start_tool() -> Result<(), JsError> {
    let doc = document()?;
    let el = Elements::find(&doc)?;
    for preset in PRESETS {
        let option = element(&doc, "option", Some(&format!("{} ({})", preset.title, preset.name)))?;
        set_attr(&option, "value", preset.name);
        el.preset.append_child(&option).map_err(|_| JsError::new("cannot fill the preset list"))?;
    }
    let tool = Rc::new(Tool { doc: doc.clone(), el });
    let mut listeners = Vec::new();
    let generate: HtmlElement = by_id(&doc, "generate")?;
    let t = tool.clone();
    listeners.push(EventListener::new(&generate, "click", move |_| t.generate()));
    let reveal: HtmlInputElement = by_id(&doc, "reveal")?;
    let t = tool.clone();
    listeners.push(EventListener::new(&reveal, "change", move |event| {
        let shown = event
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<HtmlInputElement>(t).ok())
            .is_some_and(|input| input.checked());
        t.el.candidate.set_type(if shown { "text" } else { "password" });
    }));
    let form: HtmlElement = by_id(&doc, "policy")?;
    for event in ["input", "change"] {
        let t = tool.clone();
        listeners.push(EventListener::new(&form, event, move |_| t.refresh()));
        let t = tool.clone();
        listeners.push(EventListener::new(&tool.el.candidate, event, move |_| t.refresh()));
    }
    tool.refresh();
    LISTENERS.with(|l| l.borrow_mut().extend(listeners));
    Ok(())
}
