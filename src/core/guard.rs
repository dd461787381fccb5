//! The clickjacking guard: whether the admin could see the panel when they
//! clicked one of its sensitive controls.
//!
//! The panel lives in someone else's page, which can fade it, hide it under
//! a layer that lets clicks through, move it under the pointer, or swap what
//! the frame shows ("DOM-based extension clickjacking", DEF CON 33, 2025).
//! Two witnesses report, and this module decides on their facts:
//! - the agent in the page ([`GuardReport`]): the frame's and its ancestors'
//!   opacity, visibility, filters, transforms, clipping and blending; what
//!   paints over the frame's points (with every layer hit-tested, including
//!   `pointer-events: none` ones and top-layer popovers); whether the frame
//!   is still ours, where we put it, and how long all of it has been so;
//! - the panel itself ([`PanelVisibility`]): Chromium's IntersectionObserver
//!   v2, which the browser computes from what it actually paints.
//!
//! A sensitive command takes effect only when both say the panel was fully
//! visible and still for [`SETTLED_MS`]; otherwise the panel disarms and says why.

use serde::{Deserialize, Serialize};

/// How long the panel must have been visible and unmoved before a sensitive
/// click counts: a frame slid under the pointer or revealed at the last
/// moment is refused.
pub const SETTLED_MS: u32 = 500;
/// The least share of the panel that must be inside the window.
pub const MIN_IN_VIEW: f32 = 0.3;
/// The least opacity accepted along the frame's ancestors (KeePassXC-Browser
/// uses 0.7; we ask for a fully opaque panel: nothing in the portal's own
/// pages fades it).
pub const MIN_OPACITY: f32 = 0.99;
/// The widest gap (px) allowed between the points the agent hit-tests for
/// covers when a click is judged: a cover smaller than the gap (a label over
/// one button, letting clicks through) could sit between the points. Found
/// in Firefox, which has no browser witness, with a 3-by-3 sample.
pub const MAX_SAMPLE_STEP: f32 = 8.0;

/// A style on the frame or an ancestor that changes what the admin sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// `filter` (blur, opacity(), brightness, ...).
    Filter,
    /// A transform other than a translation (scaled, rotated, skewed).
    Transform,
    /// `clip-path` or `clip`.
    Clip,
    /// `mask`.
    Mask,
    /// `mix-blend-mode` other than normal.
    Blend,
    /// `visibility: hidden`, `display: none`, `content-visibility: hidden`.
    Hidden,
}

/// Something painted over the frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cover {
    /// Its tag, lowercase.
    pub tag: String,
    /// It lets clicks through (`pointer-events: none`).
    pub click_through: bool,
    /// It is in the top layer (a popover, a modal dialog, fullscreen).
    pub top_layer: bool,
}

/// What the agent sees of the panel's frame.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct GuardReport {
    /// The frame is in the page.
    pub present: bool,
    /// It still shows the page we put there (its `src` unchanged and never
    /// navigated since it loaded).
    pub ours: bool,
    /// It is still where we put it in the document.
    pub attached: bool,
    /// The product of the opacity of the frame and every ancestor.
    pub opacity: f32,
    /// Effects found on the frame or its ancestors.
    pub effects: Vec<Effect>,
    /// What paints over the frame's sampled points.
    pub covers: Vec<Cover>,
    /// The widest gap (px) between those points; 0 when not said.
    pub sample_step: f32,
    /// The share of the frame inside the viewport (0 to 1).
    pub in_view: f32,
    /// Its size is the one we set.
    pub full_size: bool,
    /// How long (ms) all of this has been unchanged, as the agent sampled it.
    pub stable_ms: u32,
}

/// What the panel's own observer says (Chromium's IntersectionObserver v2).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct PanelVisibility {
    /// The browser has the observer (Chromium); Firefox does not.
    pub supported: bool,
    /// The browser says the panel is visible: not occluded, transformed or faded.
    pub visible: bool,
    /// For how long (ms) it has said so.
    pub visible_ms: u32,
}

/// Why a click did not count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interference {
    /// The panel frame is gone, or shows something else than our page.
    NotOurs,
    /// The frame was moved elsewhere in the page's document.
    Moved,
    /// The frame or the page is faded.
    Faded,
    /// A style on the frame or the page distorts or hides it.
    Distorted(Effect),
    /// Something covers the panel.
    Covered {
        /// It lets clicks through to the panel (the classic trap).
        click_through: bool,
    },
    /// The panel is partly outside the window.
    OutOfView,
    /// The panel is not its full size.
    Shrunk,
    /// The panel appeared or changed a moment ago.
    Unsettled,
    /// The agent did not look closely enough for covers ([`MAX_SAMPLE_STEP`]).
    Unchecked,
    /// The browser itself says the panel is not visible.
    BrowserSaysHidden,
}

/// Decides whether a sensitive click counts.
pub fn verdict(report: Option<&GuardReport>, panel: PanelVisibility) -> Result<(), Interference> {
    // The browser's own word, where it has one, first: it sees what is painted.
    if panel.supported && !panel.visible {
        return Err(Interference::BrowserSaysHidden);
    }
    let Some(r) = report else { return Err(Interference::NotOurs) };
    if !r.present || !r.ours {
        return Err(Interference::NotOurs);
    }
    if !r.attached {
        return Err(Interference::Moved);
    }
    if let Some(e) = r.effects.iter().find(|e| **e != Effect::Hidden) {
        return Err(Interference::Distorted(*e));
    }
    if r.effects.contains(&Effect::Hidden) {
        return Err(Interference::Distorted(Effect::Hidden));
    }
    // NaN counts as faded.
    if r.opacity.partial_cmp(&MIN_OPACITY).is_none_or(|o| o.is_lt()) {
        return Err(Interference::Faded);
    }
    if let Some(cover) = r.covers.first() {
        return Err(Interference::Covered {
            click_through: r.covers.iter().any(|c| c.click_through) || cover.click_through,
        });
    }
    // Covers are ruled out only where the agent looked: densely enough for
    // a decoy over one button. NaN or 0 (not said) counts as not looked.
    if !(r.sample_step > 0.0 && r.sample_step <= MAX_SAMPLE_STEP) {
        return Err(Interference::Unchecked);
    }
    // A tall panel may run past the window's bottom: what is clickable is
    // what is in view, and that part is sampled for covers. Mostly out of view
    // (slid to the edge), it does not count.
    if r.in_view.partial_cmp(&MIN_IN_VIEW).is_none_or(|o| o.is_lt()) {
        return Err(Interference::OutOfView);
    }
    if !r.full_size {
        return Err(Interference::Shrunk);
    }
    if r.stable_ms < SETTLED_MS || (panel.supported && panel.visible_ms < SETTLED_MS) {
        return Err(Interference::Unsettled);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean() -> GuardReport {
        GuardReport {
            present: true,
            ours: true,
            attached: true,
            opacity: 1.0,
            effects: Vec::new(),
            covers: Vec::new(),
            sample_step: MAX_SAMPLE_STEP,
            in_view: 1.0,
            full_size: true,
            stable_ms: 2000,
        }
    }

    #[test]
    fn a_visible_settled_panel_is_clicked() {
        assert_eq!(verdict(Some(&clean()), PanelVisibility::default()), Ok(()));
        let seen = PanelVisibility { supported: true, visible: true, visible_ms: 900 };
        assert_eq!(verdict(Some(&clean()), seen), Ok(()));
    }

    #[test]
    fn every_kind_of_interference_is_refused() {
        let none = PanelVisibility::default();
        let faded = GuardReport { opacity: 0.001, ..clean() };
        assert_eq!(verdict(Some(&faded), none), Err(Interference::Faded));
        let nan = GuardReport { opacity: f32::NAN, ..clean() };
        assert_eq!(verdict(Some(&nan), none), Err(Interference::Faded));
        let layer = GuardReport {
            covers: vec![Cover { tag: "div".into(), click_through: true, top_layer: false }],
            ..clean()
        };
        assert_eq!(verdict(Some(&layer), none), Err(Interference::Covered { click_through: true }));
        let fresh = GuardReport { stable_ms: 40, ..clean() };
        assert_eq!(verdict(Some(&fresh), none), Err(Interference::Unsettled));
        let swapped = GuardReport { ours: false, ..clean() };
        assert_eq!(verdict(Some(&swapped), none), Err(Interference::NotOurs));
        assert_eq!(verdict(None, none), Err(Interference::NotOurs));
        let blurred = GuardReport { effects: vec![Effect::Filter], ..clean() };
        assert_eq!(verdict(Some(&blurred), none), Err(Interference::Distorted(Effect::Filter)));
        let hidden = PanelVisibility { supported: true, visible: false, visible_ms: 0 };
        assert_eq!(verdict(Some(&clean()), hidden), Err(Interference::BrowserSaysHidden));
        let just_shown = PanelVisibility { supported: true, visible: true, visible_ms: 100 };
        assert_eq!(verdict(Some(&clean()), just_shown), Err(Interference::Unsettled));
    }

    #[test]
    fn covers_are_ruled_out_only_where_the_agent_looked_closely() {
        let none = PanelVisibility::default();
        // Three by three points across a 340 by 440 panel: a label over one
        // button fits between them (Firefox let such a click through).
        let coarse = GuardReport { sample_step: 136.0, ..clean() };
        assert_eq!(verdict(Some(&coarse), none), Err(Interference::Unchecked));
        for unsaid in [0.0, -1.0, f32::NAN, f32::INFINITY] {
            let r = GuardReport { sample_step: unsaid, ..clean() };
            assert_eq!(verdict(Some(&r), none), Err(Interference::Unchecked), "{unsaid}");
        }
        // Looked closely, the small decoy is seen and refused.
        let decoy = GuardReport {
            covers: vec![Cover { tag: "div".into(), click_through: true, top_layer: true }],
            ..clean()
        };
        assert_eq!(verdict(Some(&decoy), none), Err(Interference::Covered { click_through: true }));
        // Looked closely, nothing there: the click counts.
        let dense = GuardReport { sample_step: 4.0, ..clean() };
        assert_eq!(verdict(Some(&dense), none), Ok(()));
    }
}
