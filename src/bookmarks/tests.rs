//! Unit tests for the pure parts: times, ids, links, the file's leniency.
//! The store's file behaviour is tested in `tests/bookmarks_store.rs`.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::file::{BookmarkFile, SHAPE};
use super::*;
use crate::episode::Source;
use crate::formats::parse_bytes;

/// What a store reads from these bytes: the bookmarks and why entries were
/// kept apart; or why it would not write the file (a newer version, not
/// YAML).
fn parse(bytes: &[u8]) -> Result<(Vec<Bookmark>, Vec<String>), String> {
    match owned_file::classify(bytes, &SHAPE) {
        Contents::Writable(doc) => {
            let file = BookmarkFile::decode(doc);
            let problems = file.problems().into_iter().map(String::from).collect();
            Ok((file.into_bookmarks(), problems))
        }
        Contents::ReadOnly(_, reason) | Contents::NotYaml(reason) => Err(reason),
        Contents::Missing => Err("missing".into()),
    }
}

fn at(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

fn episode(front_matter: &str, source: Source) -> Episode {
    let text = format!(
        "---\n{front_matter}---\n\n## Transcript\n\nAda Lovelace (00:29:09):\nFirst line.\nSecond line.\n\nBob (00:30:00):\nReply.\n"
    );
    parse_bytes(text.as_bytes(), source).unwrap()
}

fn bookmark(url: Option<&str>, path: Option<&str>, start: Option<u32>) -> Bookmark {
    Bookmark {
        episode: "abc".into(),
        transcript: None,
        title: "A title".into(),
        path: path.map(String::from),
        url: url.map(String::from),
        speaker: Some("Ada".into()),
        start,
        end: None,
        segments: None,
        quote: "Quote.".into(),
        note: String::new(),
        created: "2026-11-26T10:00:00Z".into(),
        extra: serde_yaml::Mapping::new(),
    }
}

#[test]
fn episode_id_is_the_video_id() {
    let e = episode("video_id: DeskgjrLxxs\n", Source::Builtin("x"));
    assert_eq!(episode_id(&e), "DeskgjrLxxs");
}

#[test]
fn episode_id_from_the_title_is_stable_and_distinct() {
    let a = episode("title: First\n", Source::Builtin("x"));
    let b = episode("title: Second\n", Source::Builtin("x"));
    let blank = episode("title: First\nvideo_id: ''\n", Source::Builtin("x"));
    // FNV-1a 64 of "First", computed independently.
    assert_eq!(episode_id(&a), "title-9cb6d4e120a29ba1");
    assert_eq!(episode_id(&blank), episode_id(&a));
    assert_ne!(episode_id(&a), episode_id(&b));
    assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
}

#[test]
fn new_bookmark_from_a_file_episode() {
    let front = "title: T\nvideo_id: V\nyoutube_url: https://youtu.be/V\n";
    let e = episode(front, Source::File(PathBuf::from("rel/ep.md")));
    let identity = EpisodeIdentity::of(&e);
    let b = new_bookmark(&e, &identity, 0, "why".into(), at(0)).unwrap();
    assert_eq!(b.transcript, Some(identity.transcript.clone()));
    let expected_path = std::env::current_dir().unwrap().join("rel/ep.md");
    assert_eq!(b.path.as_deref(), Some(expected_path.to_str().unwrap()));
    assert_eq!(b.episode, "V");
    assert_eq!(b.url.as_deref(), Some("https://youtu.be/V"));
    assert_eq!(b.speaker.as_deref(), Some("Ada Lovelace"));
    assert_eq!(b.start, Some(1749));
    assert_eq!(b.quote, "First line.\nSecond line.");
    assert_eq!(b.note, "why");
    assert_eq!(b.created, "1970-01-01T00:00:00Z");
    assert!(new_bookmark(&e, &identity, 2, String::new(), at(0)).is_none());
}

#[test]
fn new_bookmark_from_the_sample_has_no_path() {
    let sample = crate::formats::sample();
    let b = new_bookmark(
        &sample,
        &EpisodeIdentity::of(&sample),
        0,
        String::new(),
        at(0),
    )
    .unwrap();
    assert_eq!(b.path, None);
    assert_eq!(b.episode, "DeskgjrLxxs");
}

#[test]
fn deep_links() {
    let watch = bookmark(Some("https://www.youtube.com/watch?v=X"), None, Some(1749));
    assert_eq!(
        watch.deep_link(),
        "https://www.youtube.com/watch?v=X&t=1749s"
    );
    let short = bookmark(Some("https://youtu.be/X"), None, Some(5));
    assert_eq!(short.deep_link(), "https://youtu.be/X?t=5s");
    let fragment = bookmark(Some("https://e.org/p#top"), None, Some(5));
    assert_eq!(fragment.deep_link(), "https://e.org/p?t=5s#top");
    // A time already in the link gives way to the bookmark's.
    let timed = bookmark(Some("https://youtu.be/X?t=30"), None, Some(5));
    assert_eq!(timed.deep_link(), "https://youtu.be/X?t=5s");
    let among = bookmark(Some("https://e.org/w?v=X&t=1m2s&list=L#c"), None, Some(5));
    assert_eq!(among.deep_link(), "https://e.org/w?v=X&list=L&t=5s#c");
    let empty_query = bookmark(Some("https://e.org/w?"), None, Some(5));
    assert_eq!(empty_query.deep_link(), "https://e.org/w?t=5s");
    // Other parameters that merely start with a `t` stay.
    let other = bookmark(Some("https://e.org/w?tab=1"), None, Some(5));
    assert_eq!(other.deep_link(), "https://e.org/w?tab=1&t=5s");
    let untimed = bookmark(Some("https://youtu.be/X"), None, None);
    assert_eq!(untimed.deep_link(), "https://youtu.be/X");
    let file = bookmark(None, Some("/p/ep.md"), Some(1749));
    assert_eq!(file.deep_link(), "/p/ep.md at 00:29:09");
    let builtin = bookmark(None, None, Some(61));
    assert_eq!(builtin.deep_link(), "A title at 00:01:01");
}

#[test]
fn changes_apply_by_key() {
    let mut list = Vec::new();
    let a = bookmark(None, None, Some(1));
    Change::Add(a.clone()).apply_to(&mut list);
    Change::Add(a.clone()).apply_to(&mut list);
    assert_eq!(list.len(), 1, "an add of the same key is not a duplicate");
    Change::SetNote(a.key(), "n".into()).apply_to(&mut list);
    assert_eq!(list[0].note, "n");
    Change::Remove(a.key()).apply_to(&mut list);
    assert!(list.is_empty());
}

#[test]
fn hand_edited_scalars_are_read_as_text_and_times() {
    let (bookmarks, _) = parse(
        b"version: 1\nbookmarks:\n- episode: 42\n  title: 1984\n  speaker:\n  start: '00:29:09'\n  quote: true\n  note:\n",
    )
    .unwrap();
    let b = &bookmarks[0];
    assert_eq!(b.episode, "42");
    assert_eq!(b.title, "1984");
    assert_eq!(b.speaker, None);
    assert_eq!(b.start, Some(1749));
    assert_eq!(b.quote, "true");
    assert_eq!(b.note, "");
    assert_eq!(b.created, "");
}

#[test]
fn unknown_versions_and_shapes_are_refused() {
    assert!(
        parse(b"version: 2\nbookmarks: []\n")
            .unwrap_err()
            .contains("version 2")
    );
    assert!(parse(b"- a\n- b\n").is_err());
    assert!(parse(b"version: 1\nbookmarks: {a: 1}\n").is_err());
    assert!(parse(b"\xff\xfe").is_err());
}

#[test]
fn bad_entries_are_kept_apart_and_the_good_ones_read() {
    let text =
        b"version: 1\nbookmarks:\n- quote: no episode\n- {episode: e, quote: q, start: -3}\n\
        - ~\n- {episode: e, quote: good, start: 3}\n- episode: e\n  quote: twice\n  quote: again\n";
    let (bookmarks, problems) = parse(text).unwrap();
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].quote, "good");
    assert_eq!(
        problems,
        [
            "entry 1: episode: missing",
            "entry 2: start: expected seconds, hh:mm:ss or null",
            "entry 3: expected a mapping",
            "entry 5: not valid YAML (a duplicate key?)",
        ]
    );
}

#[test]
fn an_empty_file_is_an_empty_store() {
    let (bookmarks, problems) = parse(b"\n  \n").unwrap();
    assert!(bookmarks.is_empty() && problems.is_empty());
}

#[test]
fn a_bookmark_belongs_to_its_transcript_whatever_the_video_id() {
    let front = "video_id: V\n";
    let here = episode(front, Source::File(PathBuf::from("/p/here.md")));
    let text = "---\nvideo_id: V\n---\nCarol (00:00:01):\nSomething else entirely.\n";
    let twin = parse_bytes(text.as_bytes(), Source::File("/p/twin.md".into())).unwrap();
    let (here_id, twin_id) = (EpisodeIdentity::of(&here), EpisodeIdentity::of(&twin));
    assert_eq!(here_id.episode, twin_id.episode);
    assert_ne!(here_id.transcript, twin_id.transcript);

    let here_segment = |q: &str| here.segments.iter().any(|s| s.text(&here) == q);
    let twin_segment = |q: &str| twin.segments.iter().any(|s| s.text(&twin) == q);
    let made_here = new_bookmark(&here, &here_id, 0, String::new(), at(0)).unwrap();
    assert!(made_here.belongs_to(&here_id, here_segment));
    assert!(!made_here.belongs_to(&twin_id, twin_segment));

    // Written by an earlier earmark: no transcript, matched by video_id,
    // then by its path, or by its quote when the file moved.
    let mut legacy = made_here.clone();
    legacy.transcript = None;
    assert!(legacy.belongs_to(&here_id, here_segment));
    assert!(!legacy.belongs_to(&twin_id, twin_segment));
    let moved = EpisodeIdentity {
        path: Some("/elsewhere/here.md".into()),
        ..here_id.clone()
    };
    assert!(legacy.belongs_to(&moved, here_segment));
    legacy.episode = "W".into();
    assert!(!legacy.belongs_to(&here_id, here_segment));
}

#[test]
fn markdown_without_a_title_uses_the_episode_id() {
    let mut b = bookmark(None, Some("/p/ep.md"), Some(3));
    b.title = String::new();
    b.quote = "Line one.\n\nLine three.".into();
    let md = export_markdown(&[b]);
    assert_eq!(
        markdown_body(&md),
        "# Bookmarks\n\n## abc\n\n> Line one.\n>\n> Line three.\n\n— Ada · 00:00:03 · `/p/ep.md at 00:00:03`\n"
    );
}

/// The Markdown export after its front matter.
fn markdown_body(md: &str) -> &str {
    let (front, body) = md.split_once("\n---\n\n").expect("front matter");
    assert!(front.starts_with("---\n"), "{md}");
    body
}

/// Notes apps (Obsidian, Logseq) read the front matter: it names each
/// episode's source once, as valid YAML whatever the title or path holds.
#[test]
fn markdown_front_matter_names_each_source_once() {
    let with_url = bookmark(Some("https://e.org/w?v=x"), Some("/p/a.md"), Some(3));
    let mut local = bookmark(None, Some("/p/b: \"odd\" #1.md"), Some(4));
    local.episode = "other".into();
    let md = export_markdown(&[with_url.clone(), local, with_url]);
    let front = md
        .strip_prefix("---\n")
        .and_then(|m| m.split_once("\n---\n"));
    let (front, _) = front.expect("front matter");
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    assert_eq!(yaml["title"], "Bookmarks");
    let sources: Vec<&str> = yaml["source"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(sources, ["https://e.org/w?v=x", "/p/b: \"odd\" #1.md"]);
}

#[test]
fn json_export_keeps_extras_json_has_no_form_for() {
    let (bookmarks, _) = parse(
        b"version: 1\nbookmarks:\n- episode: e\n  quote: q\n  7: seven\n  weird: !tag {a: .inf}\n",
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&export_json(&bookmarks)).unwrap();
    assert_eq!(json[0]["7"], "seven");
    assert_eq!(json[0]["weird"], serde_json::json!({"a": null}));
    assert_eq!(json[0]["speaker"], serde_json::Value::Null);
}

/// Transcript text is shown as it is in the Markdown export: nothing in a
/// quote, title, speaker or note turns into emphasis, code, a link, HTML, a
/// heading or a list.
#[test]
fn markdown_export_escapes_what_markdown_would_read() {
    let mut b = bookmark(Some("https://e.org/w?v=a b<c>"), None, Some(3));
    b.title = "# Not a heading | *really*".into();
    b.speaker = Some("Ada_Lovelace".into());
    b.quote = "*bold* and _it_ `code` [link](x) <b>&amp; ~~s~~ \\n\n\
               - not a list\n+ nor this\n12. nor this\n3) nor this\n=== nor this\n\
               4.5 stays, a-b stays"
        .into();
    b.note = "see [1]".into();
    let md = export_markdown(&[b]);
    let md = markdown_body(&md);
    let expected = "# Bookmarks\n\n## \\# Not a heading \\| \\*really\\*\n\n\
        > \\*bold\\* and \\_it\\_ \\`code\\` \\[link\\](x) \\<b\\>\\&amp; \\~\\~s\\~\\~ \\\\n\n\
        > \\- not a list\n> \\+ nor this\n> 12\\. nor this\n> 3\\) nor this\n> \\=== nor this\n\
        > 4.5 stays, a-b stays\n\n\
        — Ada\\_Lovelace · [00:00:03](<https://e.org/w?v=a%20b%3Cc%3E&t=3s>) · note: see \\[1\\]\n";
    assert_eq!(md, expected);
}

#[test]
fn a_path_with_backticks_keeps_its_code_span() {
    let mut b = bookmark(None, Some("/p/`odd``.md"), Some(3));
    b.speaker = None;
    let md = export_markdown(&[b]);
    assert!(
        md.ends_with("— 00:00:03 · ``` /p/`odd``.md at 00:00:03 ```\n"),
        "{md}"
    );
}

#[test]
fn a_range_bookmark_has_both_times_and_every_speaker() {
    let e = episode("title: T\n", Source::Builtin("x"));
    let identity = EpisodeIdentity::of(&e);
    let b = new_range_bookmark(&e, &identity, &[0, 1], String::new(), at(0)).unwrap();
    assert_eq!((b.start, b.end), (Some(1749), Some(1800)));
    assert_eq!(b.speaker.as_deref(), Some("Ada Lovelace"));
    assert_eq!(b.quote, "First line.\nSecond line.\n\nBob: Reply.");
    assert_eq!(b.time_span().as_deref(), Some("00:29:09–00:30:00"));
    let one = new_range_bookmark(&e, &identity, &[1], String::new(), at(0)).unwrap();
    assert_eq!((one.end, one.quote.as_str()), (None, "Reply."));
    assert!(new_range_bookmark(&e, &identity, &[1, 2], String::new(), at(0)).is_none());
}

#[test]
fn a_range_is_written_with_its_end_and_older_files_read_without_one() {
    let (old, problems) = parse(
        b"version: 1\nbookmarks:\n- episode: e\n  title: T\n  start: 10\n  quote: old\n  rating: 5\n",
    )
    .unwrap();
    assert!(problems.is_empty());
    assert_eq!(old[0].end, None);
    let (ranged, _) = parse(
        b"version: 1\nbookmarks:\n- episode: e\n  title: T\n  start: 10\n  end: '00:01:05'\n  quote: q\n",
    )
    .unwrap();
    assert_eq!(ranged[0].end, Some(65));
    assert!(ranged[0].extra.is_empty(), "end is known, not an extra");
    // Written back: `end` right after `start`, only when there is one.
    let mut file = match owned_file::classify(b"version: 1\nbookmarks: []\n", &SHAPE) {
        Contents::Writable(doc) => BookmarkFile::decode(doc),
        _ => unreachable!("an empty list is writable"),
    };
    file.apply(&Change::Add(ranged[0].clone()));
    file.apply(&Change::Add(old[0].clone()));
    let yaml = file.to_yaml();
    assert!(
        yaml.contains("start: 10\n  end: 65\n  quote: q\n"),
        "{yaml}"
    );
    assert_eq!(yaml.matches("end:").count(), 1, "{yaml}");
    let (back, _) = parse(yaml.as_bytes()).unwrap();
    assert_eq!(back[0].end, Some(65));
    assert_eq!(back[1].extra.get("rating"), old[0].extra.get("rating"));
}

#[test]
fn markdown_shows_a_range_as_one_quote_with_both_times() {
    let mut b = bookmark(None, Some("/p/ep.md"), Some(60));
    b.end = Some(130);
    b.quote = "One.\n\nBob: Two.".into();
    let md = export_markdown(&[b]);
    assert_eq!(md.matches("\n> One.").count(), 1, "{md}");
    assert!(md.contains("> Bob: Two.\n"), "{md}");
    assert!(md.contains("— Ada · 00:01:00–00:02:10 · "), "{md}");
    let json = export_json(&[bookmark(None, None, Some(1))]);
    assert!(!json.contains("\"end\""), "no end for one segment: {json}");
}

#[test]
fn a_range_records_its_segments_and_a_later_earmarks_count_is_kept() {
    let e = episode("title: T\n", Source::Builtin("x"));
    let identity = EpisodeIdentity::of(&e);
    let range = new_range_bookmark(&e, &identity, &[0, 1], String::new(), at(0)).unwrap();
    assert_eq!(range.segments, Some(2));
    let one = new_range_bookmark(&e, &identity, &[1], String::new(), at(0)).unwrap();
    assert_eq!(one.segments, None);
    // Without times a range still says it is one.
    let untimed = Bookmark {
        start: None,
        end: None,
        ..range.clone()
    };
    assert_eq!(untimed.place_text().as_deref(), Some("2 segments"));
    assert_eq!(range.place_text(), range.time_span());
    // A count this earmark cannot read stays, as written, among the extras.
    let (later, problems) = parse(
        b"version: 1\nbookmarks:\n- episode: e\n  title: T\n  quote: q\n  segments: {from: 2, to: 5}\n",
    )
    .unwrap();
    assert!(problems.is_empty());
    assert_eq!(later[0].segments, None);
    assert!(later[0].extra.contains_key("segments"));
    let mut file = match owned_file::classify(b"version: 1\nbookmarks: []\n", &SHAPE) {
        Contents::Writable(doc) => BookmarkFile::decode(doc),
        _ => unreachable!("an empty list is writable"),
    };
    file.apply(&Change::Add(later[0].clone()));
    file.apply(&Change::Add(range));
    let (back, _) = parse(file.to_yaml().as_bytes()).unwrap();
    assert_eq!(
        back[0].extra.get("segments"),
        later[0].extra.get("segments")
    );
    assert_eq!(back[1].segments, Some(2));
}
