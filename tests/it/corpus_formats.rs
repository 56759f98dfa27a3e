//! The shared sample of real files in other formats (`corpus/formats/`),
//! read from beside the repository. They are others' files: none is
//! copied here. Without the corpus the test says so and checks nothing;
//! `.ci/run` sets `EARMARK_CORPUS` so that its absence fails there.

use std::path::{Path, PathBuf};

use earmark::episode::Episode;
use earmark::formats::parse_file;

fn formats_dir() -> Option<PathBuf> {
    let root = match std::env::var("EARMARK_CORPUS") {
        Ok(dir) => PathBuf::from(dir),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    let dir = root.join("formats");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("EARMARK_CORPUS").is_err(),
        "EARMARK_CORPUS is set but {} is missing",
        dir.display()
    );
    eprintln!("corpus/formats not found beside the repository: skipping");
    None
}

fn read(dir: &Path, relative: &str) -> Episode {
    parse_file(&dir.join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// Speakers of the turns (runs of one speaker), in order.
fn turns(episode: &Episode) -> Vec<Option<&str>> {
    let mut turns: Vec<Option<&str>> = Vec::new();
    for segment in &episode.segments {
        let speaker = episode.speaker_name(segment);
        if turns.last() != Some(&speaker) {
            turns.push(speaker);
        }
    }
    turns
}

#[test]
fn every_sample_of_a_format_earmark_reads_opens_clean() {
    let Some(dir) = formats_dir() else {
        return;
    };
    let readable = [
        ("webvtt", "webvtt"),
        ("srt", "srt"),
        ("podcasting20-json", "podcasting20-json"),
        ("whisper-json", "whisper-json"),
        ("text", "text"),
        ("html", "html"),
        ("ttml", "ttml"),
    ];
    let mut count = 0;
    for (folder, format) in readable {
        for entry in std::fs::read_dir(dir.join(folder)).expect("a format folder") {
            let path = entry.expect("an entry").path();
            let episode = parse_file(&path).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(episode.format.name(), format, "{}", path.display());
            assert!(!episode.segments.is_empty(), "{}", path.display());
            let texts = episode.segments.iter().map(|s| s.text(&episode));
            for text in episode.speakers.iter().map(String::as_str).chain(texts) {
                assert!(
                    !text.chars().any(|c| c.is_control() && c != '\n'),
                    "{}: {text:?}",
                    path.display()
                );
            }
            count += 1;
        }
    }
    assert!(count >= 24, "only {count} samples read");
}

#[test]
fn diarized_whisper_alternates_speakers() {
    let Some(dir) = formats_dir() else {
        return;
    };
    let json = read(
        &dir,
        "whisper-json/Softcatala_whisper-ctranslate2__ref-medium-diarization__dosparlants.json",
    );
    let turns = turns(&json);
    assert_eq!(turns.len(), 11, "{turns:?}");
    for pair in turns.windows(2) {
        assert_ne!(pair[0], pair[1]);
    }
    let text = read(
        &dir,
        "text/Softcatala_whisper-ctranslate2__ref-medium-diarization__dosparlants.txt",
    );
    assert_eq!(text.speakers, json.speakers);
    assert_eq!(self::turns(&text).len(), 11);
}

#[test]
fn feeds_lenient_times_and_rolling_captions() {
    let Some(dir) = formats_dir() else {
        return;
    };
    let podnews = read(
        &dir,
        "webvtt/stevencrader_transcriptator__podnews_daily_2024-01-25.vtt",
    );
    assert!(
        podnews.warnings[0].starts_with("lenient-timestamps: "),
        "{:?}",
        podnews.warnings
    );
    assert!(podnews.segments.len() > 3);
    let rolling = read(&dir, "webvtt/TeamDman_vtt__test.vtt");
    assert_eq!(
        rolling.meta_str("generator"),
        Some("YouTube (auto-generated)")
    );
    let text: String = rolling.segments.iter().map(|s| s.text(&rolling)).collect();
    assert_eq!(
        text.matches("when I started working on embedded").count(),
        1
    );
}

#[test]
fn voices_labels_and_the_same_episode_in_three_formats() {
    let Some(dir) = formats_dir() else {
        return;
    };
    let parrot = read(&dir, "webvtt/microsoft_typeagent-py__Parrot_Sketch.vtt");
    assert_eq!(parrot.speakers[..2], ["Praline", "Shopkeeper"]);
    assert_eq!(parrot.segments[0].speaker, None, "the [ANIMATION] cue");
    let fake = read(&dir, "text/microsoft_typeagent-py__FakePodcast.txt");
    assert_eq!(
        fake.speakers,
        ["GUIDO", "UMESH", "STEVE", "GUIDO VAN ROSSUM"]
    );
    let buzz = [
        "srt/stevencrader_transcriptator__buzzcast.srt",
        "podcasting20-json/stevencrader_transcriptator__buzzcast.json",
        "html/stevencrader_transcriptator__buzzcast.html",
    ]
    .map(|f| read(&dir, f));
    for other in &buzz[1..] {
        assert_eq!(buzz[0].speakers, other.speakers);
        assert_eq!(turns(&buzz[0]), turns(other));
    }
}
