//! Reading a file costs at most three times its size (plus the process
//! itself), for every reader: `earmark dump --json` on a generated file of
//! each format, its peak resident set read from /proc while it runs.
//!
//! Each fragment once owned a `String`, and the merge kept a list of every
//! segment beside the finished ones: WebVTT took 5.1× its file, text 5.8×,
//! SRT 4.5×, Whisper TSV 3.9× (BENCHMARKS.md). A debug build reads these
//! at 8 MB, a third of the 25 MB measured in release: the ratio is the point.

use crate::support;

use support::peak_memory::dump_peak_kb;

/// How big each generated file is.
const SIZE: usize = 8_000_000;
/// The process itself, beside what the file costs (a debug build's
/// `dump` of a one-cue file peaks at ~10 MB).
const BASE_KB: u64 = 12 * 1024;
const NAMES: [&str; 2] = ["Ann Lee", "Bob Stone"];

/// Caption `i`: about 65 characters, a sentence.
fn caption(i: usize) -> String {
    let words = [
        "we",
        "talk",
        "about",
        "reading",
        "podcast",
        "transcripts",
        "today",
    ];
    let mut text = String::new();
    let mut n = i;
    while text.len() < 60 {
        text.push_str(words[n % words.len()]);
        text.push(' ');
        n = n / 3 + 5;
    }
    format!("{}.", text.trim_end())
}

fn clock(ms: usize, sep: char) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h:02}:{m:02}:{s:02}{sep}{:03}", ms % 1000)
}

/// `head`, then one `piece(i)` after another up to [`SIZE`] bytes, then
/// `tail`.
fn generate(head: &str, tail: &str, piece: impl Fn(usize) -> String) -> Vec<u8> {
    let mut text = String::from(head);
    let mut i = 0;
    while text.len() + tail.len() < SIZE {
        text.push_str(&piece(i));
        i += 1;
    }
    text.push_str(tail);
    text.into_bytes()
}

/// [`dump_peak_kb`] on `bytes` written as `name`.
fn peak_dump_kb(name: &str, bytes: &[u8]) -> Option<u64> {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    dump_peak_kb(&path)
}

fn assert_within_three_times(name: &str, bytes: &[u8]) {
    let Some(peak) = peak_dump_kb(name, bytes) else {
        eprintln!("skipped: no /proc to read peak memory from");
        return;
    };
    let budget = 3 * bytes.len() as u64 / 1024 + BASE_KB;
    eprintln!(
        "{name}: {} bytes, peak {peak} KB, budget {budget} KB",
        bytes.len()
    );
    assert!(peak <= budget, "{name}: peak {peak} KB over {budget} KB");
}

#[test]
fn webvtt_reads_within_three_times_its_size() {
    let vtt = generate("WEBVTT\n\n", "", |i| {
        let (start, end) = (clock(i * 3000, '.'), clock(i * 3000 + 2500, '.'));
        format!("{start} --> {end}\n<v {}>{}\n\n", NAMES[i % 2], caption(i))
    });
    assert_within_three_times("big.vtt", &vtt);
}

#[test]
fn srt_reads_within_three_times_its_size() {
    let srt = generate("", "", |i| {
        let (start, end) = (clock(i * 3000, ','), clock(i * 3000 + 2500, ','));
        format!(
            "{}\n{start} --> {end}\n{}: {}\n\n",
            i + 1,
            NAMES[i % 2],
            caption(i)
        )
    });
    assert_within_three_times("big.srt", &srt);
}

#[test]
fn labelled_text_reads_within_three_times_its_size() {
    let text = generate("", "", |i| format!("{}: {}\n\n", NAMES[i % 2], caption(i)));
    assert_within_three_times("big.txt", &text);
}

#[test]
fn whisper_tsv_reads_within_three_times_its_size() {
    let tsv = generate("start\tend\ttext\n", "", |i| {
        format!("{}\t{}\t{}\n", i * 3000, i * 3000 + 2500, caption(i))
    });
    assert_within_three_times("big.tsv", &tsv);
}

// The tree-shaped readers (JSON, HTML, TTML, Podlove, YouTube XML). Their
// files are read at 20 MB: at 8 MB the process's own 12 MB hides a reader
// that takes 4× its file, which most of these once did (JSON 3.8–5.5×,
// HTML and TTML 4.1×: BENCHMARKS.md).

/// How big each tree-shaped file is.
const TREE_SIZE: usize = 20_000_000;

/// `head`, then one `piece(i)` after another up to `size` bytes, each
/// after the first preceded by `separator`, then `tail`.
fn generate_list(
    size: usize,
    (head, separator, tail): (&str, &str, &str),
    piece: impl Fn(usize) -> String,
) -> Vec<u8> {
    let mut text = String::from(head);
    let mut i = 0;
    while text.len() + tail.len() < size {
        if i > 0 {
            text.push_str(separator);
        }
        text.push_str(&piece(i));
        i += 1;
    }
    text.push_str(tail);
    text.into_bytes()
}

/// Seconds with a fraction, as JSON producers write them.
fn seconds(ms: usize) -> String {
    format!("{}.{:03}", ms / 1000, ms % 1000)
}

#[test]
fn podcasting20_json_words_read_within_three_times_their_size() {
    let words = generate_list(
        TREE_SIZE,
        ("{\"version\":\"1.0.0\",\"segments\":[", ",", "]}"),
        |i| {
            let word = caption(i / 8)
                .split(' ')
                .nth(i % 8)
                .unwrap_or("so")
                .to_string();
            format!(
                "{{\"speaker\":\"{}\",\"startTime\":{},\"endTime\":{},\"body\":\"{word}\"}}",
                NAMES[i / 40 % 2],
                seconds(i * 310),
                seconds(i * 310 + 300)
            )
        },
    );
    assert_within_three_times("words.json", &words);
}

#[test]
fn whisper_json_and_subtitle_arrays_read_within_three_times_their_size() {
    let whisperx = generate_list(
        TREE_SIZE,
        ("{\"segments\":[", ",", "],\"word_segments\":[]}"),
        |i| {
            let words: Vec<String> = caption(i)
                .split(' ')
                .enumerate()
                .map(|(k, w)| {
                    let at = i * 3000 + k * 200;
                    format!(
                        "{{\"word\":\"{w}\",\"start\":{},\"end\":{},\"score\":0.9}}",
                        seconds(at),
                        seconds(at + 150)
                    )
                })
                .collect();
            format!(
                "{{\"start\":{},\"end\":{},\"text\":\" {}\",\"speaker\":\"SPEAKER_0{}\",\"words\":[{}]}}",
                seconds(i * 3000),
                seconds(i * 3000 + 2500),
                caption(i),
                i % 2,
                words.join(",")
            )
        },
    );
    assert_within_three_times("whisperx.json", &whisperx);
    let subtitles = generate_list(TREE_SIZE, ("[", ",", "]"), |i| {
        format!(
            "{{\"start\":{},\"end\":{},\"text\":\"{}\"}}",
            seconds(i * 3000),
            seconds(i * 3000 + 2500),
            caption(i)
        )
    });
    assert_within_three_times("subtitles.json", &subtitles);
    let json3 = generate_list(
        TREE_SIZE,
        ("{\"wireMagic\":\"pb3\",\"events\":[", ",", "]}"),
        |i| {
            format!(
                "{{\"tStartMs\":{},\"dDurationMs\":2500,\"wWinId\":1,\"segs\":[{{\"utf8\":\"{}\"}}]}}",
                i * 3000,
                caption(i)
            )
        },
    );
    assert_within_three_times("captions.json3", &json3);
}

#[test]
fn html_reads_within_three_times_its_size() {
    let html = generate_list(
        TREE_SIZE,
        (
            "<html><head><title>Ep</title></head><body>\n",
            "",
            "</body></html>\n",
        ),
        |i| {
            format!(
                "<cite>{}:</cite>\n<time>{}</time>\n<p>{}</p>\n",
                NAMES[i % 2],
                clock(i * 3000, '.'),
                caption(i)
            )
        },
    );
    assert_within_three_times("page.html", &html);
}

#[test]
fn ttml_reads_within_three_times_its_size() {
    let head = "<?xml version=\"1.0\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" xmlns:podcasts=\"http://podcasts.apple.com/transcript-ttml-internal\"><body><div>\n";
    let lines = generate_list(TREE_SIZE, (head, "", "</div></body></tt>\n"), |i| {
        let (start, end) = (clock(i * 3000, '.'), clock(i * 3000 + 2500, '.'));
        let text = caption(i);
        let (first, second) = text.split_at(30);
        format!(
            "<p begin=\"{start}\" end=\"{end}\" ttm:agent=\"a{}\">{first}<br/>{second}</p>\n",
            i % 2
        )
    });
    assert_within_three_times("lines.ttml", &lines);
    let words = generate_list(TREE_SIZE, (head, "", "</div></body></tt>\n"), |i| {
        let spans: String = caption(i)
            .split(' ')
            .map(|w| format!("<span podcasts:unit=\"word\">{w}</span>"))
            .collect();
        format!(
            "<p begin=\"{}\" ttm:agent=\"a{}\"><span podcasts:unit=\"sentence\">{spans}</span></p>\n",
            seconds(i * 3000),
            i % 2
        )
    });
    assert_within_three_times("words.ttml", &words);
}

#[test]
fn podlove_and_youtube_xml_read_within_three_times_their_size() {
    let podlove = generate_list(
        TREE_SIZE,
        (
            "<pst:transcripts xmlns:pst=\"http://podlove.org/simple-transcripts\">\n",
            "",
            "</pst:transcripts>\n",
        ),
        |i| {
            let items: String = caption(i)
                .split(' ')
                .enumerate()
                .map(|(k, w)| {
                    format!(
                        "<pst:item start=\"{}\">{w} </pst:item>",
                        clock(i * 3000 + k * 200, '.')
                    )
                })
                .collect();
            format!(
                "<pst:speech><pst:speaker>{}</pst:speaker>{items}</pst:speech>\n",
                NAMES[i % 2]
            )
        },
    );
    assert_within_three_times("podlove.xml", &podlove);
    let srv1 = generate_list(
        TREE_SIZE,
        ("<?xml version=\"1.0\"?><transcript>", "", "</transcript>\n"),
        |i| {
            format!(
                "<text start=\"{}\" dur=\"2.5\">{} it&amp;#39;s</text>",
                seconds(i * 3000),
                caption(i)
            )
        },
    );
    assert_within_three_times("srv1.xml", &srv1);
    let srv3 = generate_list(
        TREE_SIZE,
        (
            "<timedtext format=\"3\"><body>\n",
            "",
            "</body></timedtext>\n",
        ),
        |i| {
            let pieces: String = caption(i)
                .split(' ')
                .map(|w| format!("<s ac=\"0\"> {w}</s>"))
                .collect();
            format!("<p t=\"{}\" d=\"2500\">{pieces}</p>\n", i * 3000)
        },
    );
    assert_within_three_times("srv3.xml", &srv3);
}
