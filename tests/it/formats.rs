//! Every non-Markdown format, read from the fixtures in
//! tests/fixtures/formats/ (each written for the rule its test names).

use crate::support;

use support::segments::rows;

use std::path::PathBuf;

use earmark::episode::{Episode, Format, Source};
use earmark::formats::{parse_bytes, parse_file};

fn fixture(name: &str) -> PathBuf {
    support::cli::fixture(&format!("formats/{name}"))
}

fn read(name: &str) -> Episode {
    parse_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn refused(name: &str) -> String {
    match parse_file(&fixture(name)) {
        Ok(episode) => panic!("{name} was read: {:?}", episode.segments),
        Err(error) => error.to_string(),
    }
}

fn texts(episode: &Episode) -> Vec<&str> {
    episode.segments.iter().map(|s| s.text(episode)).collect()
}

#[test]
fn webvtt_voices_on_change_continue_and_header_is_metadata() {
    let episode = read("voices_on_change.vtt");
    assert_eq!(episode.format, Format::WebVtt);
    assert_eq!(episode.title, "Kitchen talk");
    assert_eq!(episode.meta_str("language"), Some("en"));
    assert_eq!(episode.meta_str("kind"), Some("captions"));
    assert_eq!(episode.meta_str("generator"), Some("Descript"));
    assert_eq!(
        rows(&episode),
        [
            (
                Some("Ann"),
                Some(1),
                "Welcome to the kitchen, where we cook. Today, bread. And butter."
            ),
            (Some("Bob"), Some(6), "Thanks, Ann! Q&A comes later on."),
        ]
    );
    for text in ["WEBVTT", "Kind", "NOTE", "Descript", "cue", "color"] {
        assert!(
            episode
                .segments
                .iter()
                .all(|s| !s.text(&episode).contains(text)),
            "{text}"
        );
    }
}

#[test]
fn densely_voiced_files_leave_unvoiced_cues_without_a_speaker() {
    let episode = read("dense_voices.vtt");
    assert_eq!(
        rows(&episode),
        [
            (None, Some(0), "[Music]"),
            (Some("Ann"), Some(2), "Hello there."),
            (Some("Bob"), Some(4), "Hi Ann."),
            (None, Some(6), "[Laughter]"),
            (Some("Ann"), Some(8), "Shall we start?"),
        ]
    );
}

#[test]
fn two_voices_in_one_cue_and_a_nameless_voice() {
    let episode = read("two_voices_one_cue.vtt");
    assert_eq!(
        rows(&episode),
        [
            (Some("Ann"), Some(0), "Is it on?"),
            (None, Some(0), "Laughter"),
            (Some("Bob"), Some(0), "It is."),
            // Half the cues are voiced: an unvoiced one continues no one.
            (None, Some(2), "A nameless voice changes nothing."),
        ]
    );
}

#[test]
fn voices_and_written_labels_mix() {
    let episode = read("mixed_voice_and_label.vtt");
    assert_eq!(episode.speakers, ["Ann", "Bob"]);
    assert_eq!(
        texts(&episode),
        ["Good morning.", "Morning, Ann.", "Coffee?", "Please."]
    );
}

#[test]
fn feed_style_times_are_all_read_with_a_warning() {
    let episode = read("feed_times.vtt");
    let starts: Vec<_> = episode.segments.iter().map(|s| s.start).collect();
    assert_eq!(episode.segments.len(), 2, "{:?}", rows(&episode));
    // The third cue is still within a minute of the first; the fourth
    // ends a sentence past it.
    assert_eq!(starts, [Some(0), Some(213)]);
    assert!(texts(&episode)[1].ends_with("Fourth cue."));
    assert_eq!(
        episode.warnings,
        ["lenient-timestamps: 4 timing lines read leniently"]
    );
}

#[test]
fn a_conformant_file_loses_only_its_broken_cues() {
    let episode = read("conformant_with_typos.vtt");
    assert_eq!(texts(&episode), ["Kept one.", "Sixty hours in."]);
    assert_eq!(episode.segments[1].start, Some(216_000));
    assert_eq!(
        episode.warnings,
        ["bad-timestamp: 2 cues with unreadable times skipped"]
    );
}

#[test]
fn content_decides_not_the_extension() {
    let vtt = read("saved_as_text.txt");
    assert_eq!(vtt.format, Format::WebVtt);
    assert_eq!(rows(&vtt), [(Some("Ann"), Some(1), "Served as text.")]);
    let cues = read("headerless_cues.srt");
    assert_eq!(cues.format, Format::Srt);
    assert_eq!(cues.speakers, ["Ann", "Bob"]);
}

#[test]
fn rolling_captions_read_each_line_once() {
    let episode = read("rolling.vtt");
    assert_eq!(
        texts(&episode),
        ["so today we talk about bread and butter and bread again"]
    );
    assert_eq!(
        episode.meta_str("generator"),
        Some("YouTube (auto-generated)")
    );
    assert_eq!(
        episode.warnings,
        ["rolling-captions: 6 repeated lines removed"]
    );
}

#[test]
fn plain_captions_keep_a_line_said_twice() {
    let episode = read("repeats_kept.vtt");
    assert_eq!(
        texts(&episode),
        ["Again. Again. Something else. And more. Then a pause. And the end."]
    );
}

#[test]
fn control_sequences_never_survive() {
    let episode = read("escape_in_cue.vtt");
    for text in episode
        .speakers
        .iter()
        .map(String::as_str)
        .chain(episode.segments.iter().map(|s| s.text(&episode)))
    {
        assert!(!text.chars().any(char::is_control), "{text:?}");
    }
    // `&#27;[2J` decodes to a whole CSI sequence, removed whole.
    assert_eq!(texts(&episode), ["Hi red done"]);
}

#[test]
fn srt_labels_on_change_read_as_running_text() {
    let episode = read("labels_on_change.srt");
    assert_eq!(
        rows(&episode),
        [
            (
                Some("Ann Lee (host)"),
                Some(0),
                "Welcome back to the show. Today we talk about bread."
            ),
            (Some("Bo Chen"), Some(4), "Thanks for having me."),
            (Some("Ann Lee (host)"), Some(6), "Of course."),
            (Some("Bo Chen"), Some(7), "Great."),
        ]
    );
}

#[test]
fn srt_as_real_feeds_write_it() {
    let episode = read("messy.srt");
    assert_eq!(
        texts(&episode),
        ["No index, dots. Italic and & R&B Last, no final newline."]
    );
    assert_eq!(episode.format, Format::Srt);
}

#[test]
fn a_credit_line_or_a_note_invents_no_speaker() {
    let episode = read("credit_line.srt");
    assert!(episode.speakers.is_empty(), "{:?}", episode.speakers);
    assert!(texts(&episode)[0].starts_with("Subtitles: @someone"));
}

#[test]
fn podcasting_tokens_join_verbatim() {
    let episode = read("podcasting_tokens.json");
    assert_eq!(episode.format, Format::Podcasting20Json);
    assert_eq!(
        rows(&episode),
        [
            (Some("Ann"), Some(0), "We agree, mostly."),
            (Some("Bob"), Some(1), "Good.")
        ]
    );
}

#[test]
fn podcasting_words_and_same_time_lines() {
    let episode = read("podcasting_words.json");
    assert_eq!(
        rows(&episode),
        [
            (Some("Ann"), Some(0), "Hey, you there."),
            (Some("Bob"), Some(1), "Same time.")
        ]
    );
}

#[test]
fn podcasting_without_bodies_opens_as_empty_turns() {
    let episode = read("podcasting_no_body.json");
    assert_eq!(
        rows(&episode),
        [(Some("Ann"), Some(0), ""), (Some("Bob"), Some(4), "")]
    );
    assert_eq!(episode.warnings, ["no-text: 2 turns without any text"]);
}

#[test]
fn whisper_diarized_segments_merge_per_speaker() {
    let episode = read("whisper_diarized.json");
    assert_eq!(episode.format, Format::WhisperJson);
    assert_eq!(episode.meta_str("generator"), Some("Whisper"));
    assert_eq!(episode.meta_str("language"), Some("ca"));
    assert_eq!(
        rows(&episode),
        [
            (Some("SPEAKER_01"), Some(0), "Hola, bon dia, com et dius?"),
            (Some("SPEAKER_00"), Some(1), "Hola, em dic Carme. I tu?"),
            (Some("SPEAKER_01"), Some(4), "Jo també."),
        ]
    );
}

#[test]
fn whisperx_word_segments_never_double_the_text() {
    let episode = read("whisperx.json");
    assert_eq!(episode.meta_str("generator"), Some("WhisperX"));
    assert_eq!(texts(&episode), ["The 2 of us agree."]);
    let words = read("whisper_words_only.json");
    assert_eq!(texts(&words), ["Only words here."]);
}

#[test]
fn whisper_cpp_turns_and_insanely_fast_chunks() {
    let cpp = read("whisper_cpp.json");
    assert_eq!(cpp.meta_str("generator"), Some("whisper.cpp"));
    assert_eq!(texts(&cpp), ["First speaker talks.", "Second answers."]);
    assert_eq!(cpp.meta_f64("duration_seconds"), Some(4.0));
    let chunks = read("insanely_fast.json");
    assert_eq!(texts(&chunks), ["Chunks carry their own spaces."]);
}

#[test]
fn bare_arrays_in_milliseconds_or_seconds() {
    let ms = read("subtitle_ms.json");
    assert_eq!(ms.format, Format::SubtitleJson);
    assert_eq!(ms.meta_f64("duration_seconds"), Some(6.0));
    assert_eq!(
        ms.warnings,
        ["milliseconds: 1 file with times in milliseconds"]
    );
    let seconds = read("subtitle_seconds.json");
    assert_eq!(seconds.meta_f64("duration_seconds"), Some(6.0));
    assert!(seconds.warnings.is_empty());
}

#[test]
fn text_exports_with_labels() {
    let episode = read("labels.txt");
    assert_eq!(episode.format, Format::Text);
    assert_eq!(
        rows(&episode),
        [
            (Some("GUIDE"), None, "Welcome, both of you."),
            (Some("MAYA"), None, "Thanks for having us."),
            (
                Some("RUI VAN DAM"),
                None,
                "Glad to be here.\nSome more words from Rui,\nand another paragraph from him."
            ),
            (Some("MAYA"), None, "A reply on the line below."),
        ]
    );
}

#[test]
fn otter_exports() {
    let episode = read("otter.txt");
    assert_eq!(episode.meta_str("generator"), Some("otter.ai"));
    assert_eq!(
        rows(&episode),
        [
            (Some("Emma Stone"), Some(0), "Hello and welcome."),
            (Some("Unknown Speaker"), Some(7), "Hi, glad to be here."),
            (Some("Emma Stone"), Some(3723), "Bye."),
        ]
    );
}

#[test]
fn timed_text_and_prose() {
    let timed = read("timed.txt");
    let starts: Vec<_> = timed.segments.iter().map(|s| s.start).collect();
    // A timed paragraph never joins an untimed one; 5:02 is within two
    // minutes of 4:15 and joins it.
    assert_eq!(starts, [None, Some(27), Some(255)]);
    let prose = read("prose.txt");
    assert_eq!(
        rows(&prose),
        [(
            None,
            None,
            "Just some prose without any speaker.\nA second paragraph of it."
        )]
    );
}

#[test]
fn refusals_name_the_format_and_the_reason() {
    let misspelt = refused("misspelt.json");
    assert!(misspelt.ends_with("misspelt.json: looks like JSON, but JSON has no transcript: top-level keys language, segmens"), "{misspelt}");
    assert!(refused("diarization.json").contains("a diarization, not a transcript"));
    let broken = refused("broken.json");
    assert!(
        broken.contains("does not parse at line 2, column 0"),
        "{broken}"
    );
    assert!(refused("bad_signature.vtt").contains("looks like webvtt"));
    assert!(refused("no_cues.vtt").contains("no transcript found (0 cues)"));
    assert!(refused("whitespace.txt").contains("no transcript found (the file is empty)"));
}

#[test]
fn bom_utf16_crlf_and_lone_cr_read_alike() {
    let plain = std::fs::read_to_string(fixture("voices_on_change.vtt")).unwrap();
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in plain.encode_utf16() {
        le.extend(unit.to_le_bytes());
        be.extend(unit.to_be_bytes());
    }
    let variants = [
        plain.as_bytes().to_vec(),
        [b"\xEF\xBB\xBF".as_slice(), plain.as_bytes()].concat(),
        le,
        be,
        plain.replace('\n', "\r\n").into_bytes(),
        plain.replace('\n', "\r").into_bytes(),
    ];
    let reference = parse_bytes(&variants[0], Source::Builtin("x.vtt")).unwrap();
    for bytes in &variants[1..] {
        let episode = parse_bytes(bytes, Source::Builtin("x.vtt")).unwrap();
        assert_eq!(episode, reference);
    }
}

#[test]
fn markdown_is_still_markdown() {
    let episode = parse_bytes(b"Host (00:01):\nhi\n", Source::Builtin("x.txt")).unwrap();
    assert_eq!(episode.format, Format::Markdown);
    assert_eq!(episode.speakers, ["Host"]);
}

#[test]
fn whisper_tsv_with_labels() {
    let episode = read("whisper.tsv");
    assert_eq!(episode.format, Format::WhisperTsv);
    assert_eq!(
        rows(&episode),
        [
            (Some("ANN"), Some(0), "Tabs separate the times."),
            (Some("BOB"), Some(2), "In milliseconds."),
            (Some("ANN"), Some(4), "Right."),
        ]
    );
}

#[test]
fn youtube_json3_events() {
    let episode = read("youtube.json3");
    assert_eq!(episode.format, Format::YoutubeJson3);
    assert_eq!(
        episode.meta_str("generator"),
        Some("YouTube (auto-generated)")
    );
    // Unpunctuated captions: every event end may end a segment; the CJK
    // events join without a space.
    assert_eq!(texts(&episode), ["we bake bread every morning 今日はパン"]);
}

#[test]
fn html_saved_page_with_repeated_cites() {
    let episode = read("saved_page.html");
    assert_eq!(episode.format, Format::Html);
    assert_eq!(episode.title, "Episode 12: Sourdough");
    assert_eq!(episode.meta_str("language"), Some("en"));
    assert_eq!(
        rows(&episode),
        [
            (
                Some("Ann"),
                Some(3598),
                "Welcome to episode twelve.\nToday it's sourdough."
            ),
            (Some("Bob"), Some(3603), "Thanks for having me."),
        ]
    );
}

#[test]
fn html_paragraph_times_and_missing_times() {
    let episode = read("paragraph_times.html");
    assert_eq!(
        rows(&episode),
        [
            (None, None, "Before any speaker."),
            (Some("Ann"), Some(724), "A time written as a paragraph."),
            (Some("Bob"), None, "No time at all here."),
        ]
    );
}

#[test]
fn xml_that_is_no_transcript_is_refused_by_its_root() {
    let rss = refused("unknown_root.xml");
    assert!(
        rss.ends_with("looks like XML, but XML <rss> is not a transcript format"),
        "{rss}"
    );
}

#[test]
fn apple_ttml_agents_and_word_spans() {
    let episode = read("apple.ttml");
    assert_eq!(episode.format, Format::Ttml);
    assert_eq!(episode.meta_str("generator"), Some("Apple Podcasts"));
    assert_eq!(episode.meta_f64("duration_seconds"), Some(95.5));
    assert_eq!(
        rows(&episode),
        [
            (Some("Ann Lee"), Some(0), "Welcome to the show."),
            (Some("SPEAKER_2"), Some(5), "Thanks for having me."),
        ]
    );
}

#[test]
fn ttml_frames_offsets_and_line_breaks() {
    let episode = read("frames.ttml");
    assert_eq!(episode.meta_str("language"), Some("de"));
    assert_eq!(
        rows(&episode),
        [(
            None,
            Some(1),
            "First line, second line. Offsets in seconds."
        )]
    );
    assert_eq!(episode.meta_f64("duration_seconds"), Some(5.76));
}

#[test]
fn ttml_generic_sample() {
    let episode = read("generic.ttml");
    assert_eq!(rows(&episode), [(None, Some(0), "Hello")]);
}

#[test]
fn podlove_items_join_and_speeches_are_segments() {
    let episode = read("podlove.xml");
    assert_eq!(episode.format, Format::PodloveXml);
    assert_eq!(
        rows(&episode),
        [
            (Some("Ann"), Some(3), "Hello and welcome."),
            (None, Some(5), "A nameless turn."),
        ]
    );
}

#[test]
fn youtube_srv3_and_srv1() {
    let srv3 = read("youtube.srv3");
    assert_eq!(srv3.format, Format::YoutubeSrv3);
    assert_eq!(texts(&srv3), ["so today we bake"]);
    assert_eq!(srv3.meta_str("generator"), Some("YouTube (auto-generated)"));
    let srv1 = read("youtube.srv1");
    assert_eq!(srv1.format, Format::YoutubeSrv1);
    assert_eq!(texts(&srv1), ["it's \"fine\" and done."]);
    assert_eq!(srv1.segments[0].start, Some(12));
}
