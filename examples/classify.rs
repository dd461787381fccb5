//! Prints what the core makes of agent snapshots: `cargo run --example classify -- FILE...`.
fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable snapshot");
        let snapshot: passwright::portal::Snapshot = serde_json::from_str(&text).expect("a snapshot");
        let page = passwright::portal::analyze(&snapshot, None);
        println!("{path}: {:?} user={:?}", page.kind, page.user);
        if let Some(f) = &page.passwords {
            println!("    passwords: {f:?}");
        }
        for (what, link) in [
            ("profile", &page.profile_link),
            ("addresses", &page.addresses_link),
            ("passwords", &page.passwords_link),
            ("device", &page.device_link),
        ] {
            if let Some(l) = link {
                println!("    {what} link: {} ({})", l.text, l.id);
            }
        }
        if let Some(d) = &page.device {
            println!("    device: {d:?}");
        }
        if let Some(c) = &page.confirm {
            println!("    confirm: {c:?}");
        }
        for n in &page.notices {
            println!("    notice {:?}: {}", n.tone, n.text);
        }
    }
}
