//! Reading a config with many keys, each of them unknown (so each gets a
//! note naming its line), costs time in proportion to the file: measured
//! at N and 4N keys in the same run, as a ratio.

mod support;

use earmark::config::settings::parse;
use earmark::tui::key_overrides::KeyOverrides;
use support::growth::{MAX_RATIO, cpu_time, ratio};

/// A config of `n` unknown top-level keys and `n` unknown actions.
fn config(n: usize) -> String {
    let mut text: String = (0..n).map(|i| format!("unknown_{i}: {i}\n")).collect();
    text.push_str("keys:\n  reading:\n");
    text.extend((0..n).map(|i| format!("    action-{i}: q\n")));
    text
}

#[test]
fn notes_on_many_unknown_keys_grow_linearly() {
    let growth = ratio(500, |n| {
        let text = config(n);
        cpu_time(|| {
            let loaded = parse(&text, "config.yaml");
            assert_eq!(loaded.notes.len(), n);
            let (_, notes) = KeyOverrides::from_config(&loaded.settings.keys, &text, "config.yaml");
            assert_eq!(notes.len(), n);
        })
    });
    assert!(growth < MAX_RATIO, "N to 4N cost {growth:.1} times as much");
}
