//! Where the panel and the launcher go: in free space beside the content, or
//! in a part of the page nothing uses, so that no visible text or control of
//! the portal lies under them.
//!
//! The agent reports the boxes of the page's visible texts and controls
//! ([`Layout`]); this picks the best free rectangle of the frame's size:
//! beside the anchor (the user's name, the password fields) when free, else
//! in the window as it is scrolled now, else anywhere in the document, else
//! below everything.

use crate::portal::snapshot::{Layout, Rect};
use crate::protocol::Place;

/// Space kept between our frame and the page's content.
const MARGIN: i32 = 12;

fn free(r: &Rect, occupied: &[Rect]) -> bool {
    let grown = Rect { x: r.x - MARGIN / 2, y: r.y - MARGIN / 2, w: r.w + MARGIN, h: r.h + MARGIN };
    !occupied.iter().any(|o| o.overlaps(&grown))
}

/// The least height a panel is shrunk to (it scrolls inside) to fit free space in the window.
pub const MIN_HEIGHT: u32 = 240;

/// Places a `width` × `height` frame near `anchor` (page coordinates): in
/// free space in the window at its full height if possible, else shrunk (down
/// to `min_height`, it scrolls inside) to free space in the window, else at
/// full height wherever the document has room, else below everything.
pub fn place_fitting(
    layout: &Layout,
    width: u32,
    height: u32,
    min_height: u32,
    anchor: Option<Rect>,
) -> Place {
    let mut h = height;
    loop {
        let p = place(layout, width, h, anchor);
        let (sx, sy) = layout.scroll;
        let (vw, vh) = layout.viewport;
        let in_view =
            p.left >= sx && p.left + width as i32 <= sx + vw && p.top >= sy && p.top + h as i32 <= sy + vh;
        if in_view || h <= min_height {
            return if in_view { p } else { place(layout, width, height, anchor) };
        }
        h = h.saturating_sub(40).max(min_height);
    }
}

/// Places a `width` × `height` frame near `anchor` (page coordinates).
pub fn place(layout: &Layout, width: u32, height: u32, anchor: Option<Rect>) -> Place {
    let (w, h) = (width as i32, height as i32);
    let (vw, vh) = layout.viewport;
    let (sx, sy) = layout.scroll;
    let doc_w = layout.document.0.max(vw);
    let doc_h = layout.document.1.max(vh);
    let occupied = &layout.occupied;
    let content_bottom = occupied.iter().map(Rect::bottom).max().unwrap_or(0);
    let max_x = (sx + vw - w - 8).max(0);
    let mut xs: Vec<i32> = vec![max_x, sx + 8];
    let mut ys: Vec<i32> = vec![sy + 8, sy + 56];
    if let Some(a) = anchor {
        xs.push(a.right() + MARGIN * 2);
        ys.push(a.y);
        ys.push((a.y + a.h / 2 - h / 2).max(0));
        ys.push(a.y - 40);
    }
    for o in occupied.iter().take(300) {
        xs.push(o.right() + MARGIN);
        xs.push(o.x - w - MARGIN);
        ys.push(o.bottom() + MARGIN);
        ys.push(o.y - h - MARGIN);
    }
    xs.retain(|&x| x >= 0 && x + w <= doc_w.max(sx + vw));
    ys.retain(|&y| y >= 0 && y + h <= doc_h);
    xs.sort_unstable();
    xs.dedup();
    ys.sort_unstable();
    ys.dedup();
    let in_view = |r: &Rect| r.x >= sx && r.right() <= sx + vw && r.y >= sy && r.bottom() <= sy + vh;
    let mut best: Option<(i64, Rect)> = None;
    for &y in &ys {
        for &x in &xs {
            let r = Rect { x, y, w, h };
            if !free(&r, occupied) {
                continue;
            }
            // Lower is better: in the window first, then near the anchor, then to the right.
            let mut score: i64 = 0;
            if !in_view(&r) {
                score += 1_000_000 + i64::from((r.y - sy).abs());
            }
            if let Some(a) = anchor {
                let dx = i64::from((r.x - a.right()).abs().min((a.x - r.right()).abs()));
                let dy = i64::from((r.y - a.y).abs());
                score += dx + 2 * dy;
            } else {
                score += i64::from(sx + vw - r.right()) + i64::from((r.y - sy).abs());
            }
            if best.as_ref().is_none_or(|(s, _)| score < *s) {
                best = Some((score, r));
            }
        }
    }
    let r = best.map(|(_, r)| r).unwrap_or(Rect { x: max_x, y: content_bottom + MARGIN * 2, w, h });
    Place { left: r.x, top: r.y, width, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(occupied: Vec<Rect>) -> Layout {
        Layout { viewport: (1024, 768), scroll: (0, 0), document: (1024, 1200), occupied }
    }

    #[test]
    fn beside_the_anchor_when_free() {
        let name = Rect { x: 220, y: 90, w: 180, h: 30 };
        let l = layout(vec![name, Rect { x: 0, y: 0, w: 200, h: 768 }]);
        let p = place(&l, 230, 44, Some(name));
        let frame = Rect { x: p.left, y: p.top, w: 230, h: 44 };
        assert!(!l.occupied.iter().any(|o| o.overlaps(&frame)), "{p:?}");
        assert!(p.left >= name.right(), "{p:?}");
        assert!((p.top - name.y).abs() < 60, "{p:?}");
    }

    #[test]
    fn never_over_content_even_when_the_window_is_full() {
        // Content over the whole window: the frame goes below it.
        let l = layout(vec![Rect { x: 0, y: 0, w: 1024, h: 900 }]);
        let p = place(&l, 340, 500, None);
        let frame = Rect { x: p.left, y: p.top, w: 340, h: 500 };
        assert!(!l.occupied.iter().any(|o| o.overlaps(&frame)), "{p:?}");
    }

    #[test]
    fn a_tall_panel_shrinks_to_free_space_in_the_window() {
        // Content on the left half and a header: 500 px of free space on the right, in view.
        let l = Layout {
            viewport: (1280, 800),
            scroll: (0, 0),
            document: (1280, 800),
            occupied: vec![Rect { x: 0, y: 0, w: 1280, h: 280 }, Rect { x: 0, y: 280, w: 600, h: 400 }],
        };
        let p = place_fitting(&l, 340, 780, MIN_HEIGHT, None);
        assert!(p.height < 780 && p.height >= MIN_HEIGHT, "{p:?}");
        assert!(p.top >= 280 && p.top + p.height as i32 <= 800, "{p:?}");
    }

    #[test]
    fn a_free_right_column_is_used() {
        let l = layout(vec![Rect { x: 0, y: 0, w: 640, h: 700 }]);
        let p = place(&l, 340, 500, None);
        assert!(p.left >= 640 + MARGIN / 2 && p.top < 768 - 500, "{p:?}");
    }
}
