//! Reading throughput per format: bytes → episode (decoding, detection,
//! the reader and the merge into segments), on generated inputs of about
//! 25 MB each, beside the Markdown parser on the shared-size Markdown
//! input. Target (issue 12): at least 200 MB/s for every reader.
//!
//! Every input is two speakers taking turns over 60–70 characters of
//! text per caption, generated here (no data files); the word-level
//! shapes give each caption's words as separate pieces, with the extra
//! fields real producers write. `EARMARK_BENCH_MB` sets another size;
//! a name after `--` runs only the shapes containing it
//! (`cargo bench --bench formats -- ttml`).

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use earmark::episode::Source;
use earmark::formats::parse_bytes;

/// Words captions are made of.
const WORDS: [&str; 24] = [
    "the",
    "a",
    "podcast",
    "about",
    "listening",
    "and",
    "reading",
    "transcripts",
    "we",
    "talk",
    "with",
    "guests",
    "every",
    "week",
    "so",
    "that",
    "you",
    "can",
    "follow",
    "along",
    "while",
    "they",
    "speak",
    "history",
];
const NAMES: [&str; 2] = ["Ann Lee", "Bob Stone"];

/// Caption `i`: 60–70 characters, a sentence.
fn caption(i: usize) -> String {
    let mut text = String::new();
    let mut state = i.wrapping_mul(2_654_435_761) | 1;
    while text.len() < 60 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(WORDS[state % WORDS.len()]);
    }
    text.push('.');
    text
}

/// `h:mm:ss.mmm`, with `sep` before the milliseconds.
fn clock(ms: usize, sep: char) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h:02}:{m:02}:{s:02}{sep}{:03}", ms % 1000)
}

/// Caption `i`'s words, each with its start and end in ms (the caption
/// starts at `i * 3000` and lasts 2.5 s, shared evenly).
fn words(i: usize) -> Vec<(String, usize, usize)> {
    let text = caption(i);
    let words: Vec<&str> = text.split(' ').collect();
    let step = 2500 / words.len();
    (words.iter().enumerate())
        .map(|(k, w)| {
            (
                w.to_string(),
                i * 3000 + k * step,
                i * 3000 + (k + 1) * step,
            )
        })
        .collect()
}

/// Seconds as JSON and attributes write them (`3`, `4.5`).
fn secs(ms: usize) -> f64 {
    ms as f64 / 1000.0
}

/// Appends one piece per caption until `out` holds `bytes`, then `tail`.
fn build(
    bytes: usize,
    head: &str,
    tail: &str,
    mut piece: impl FnMut(&mut String, usize),
) -> Vec<u8> {
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(head);
    let mut i = 0;
    while out.len() + tail.len() < bytes {
        piece(&mut out, i);
        i += 1;
    }
    out.push_str(tail);
    out.into_bytes()
}

/// Comma between JSON items after the first.
fn comma(out: &mut String, i: usize) {
    if i > 0 {
        out.push(',');
    }
}

fn inputs(bytes: usize, keep: &dyn Fn(&str) -> bool) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    // A shape not kept is built empty: only the shapes asked for cost time.
    let size = |name: &str| if keep(name) { bytes } else { 0 };
    let (ms, name) = (|i: usize| i * 3000, |i: usize| NAMES[i % 2]);
    let w = |out: &mut String, args: std::fmt::Arguments| {
        let _ = out.write_fmt(args);
    };
    vec![
        (
            "markdown",
            "big.md",
            build(
                size("markdown"),
                "---\ntitle: Bench\n---\n\n## Transcript\n\n",
                "",
                |o, i| {
                    let s = ms(i) / 1000;
                    w(
                        o,
                        format_args!(
                            "{} ({:02}:{:02}:{:02}):\n{}\n\n",
                            name(i),
                            s / 3600,
                            s / 60 % 60,
                            s % 60,
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "webvtt",
            "big.vtt",
            build(size("webvtt"), "WEBVTT\n\n", "", |o, i| {
                w(
                    o,
                    format_args!(
                        "{} --> {}\n<v {}>{}\n\n",
                        clock(ms(i), '.'),
                        clock(ms(i) + 2500, '.'),
                        name(i),
                        caption(i)
                    ),
                )
            }),
        ),
        (
            // YouTube's rolling auto-captions: each line shows twice.
            "webvtt_rolling",
            "big.vtt",
            build(size("webvtt_rolling"), "WEBVTT\nKind: captions\nLanguage: en\n\n", "", |o, i| {
                let (start, end) = (clock(ms(i), '.'), clock(ms(i) + 10, '.'));
                w(o, format_args!("{start} --> {end}\n{}\n \n\n", caption(i)));
                w(
                    o,
                    format_args!(
                        "{end} --> {}\n{}\n{}<00:00:01.000><c> more</c>\n\n",
                        clock(ms(i) + 3000, '.'),
                        caption(i),
                        caption(i + 1)
                    ),
                )
            }),
        ),
        (
            "srt",
            "big.srt",
            build(size("srt"), "", "", |o, i| {
                w(
                    o,
                    format_args!(
                        "{}\n{} --> {}\n{}: {}\n\n",
                        i + 1,
                        clock(ms(i), ','),
                        clock(ms(i) + 2500, ','),
                        name(i),
                        caption(i)
                    ),
                )
            }),
        ),
        (
            "text",
            "big.txt",
            build(size("text"), "", "", |o, i| {
                w(o, format_args!("{}: {}\n\n", name(i), caption(i)))
            }),
        ),
        (
            "whisper_tsv",
            "big.tsv",
            build(size("whisper_tsv"), "start\tend\ttext\n", "", |o, i| {
                w(
                    o,
                    format_args!("{}\t{}\t{}\n", ms(i), ms(i) + 2500, caption(i)),
                )
            }),
        ),
        (
            "podcasting20_json",
            "big.json",
            build(
                size("podcasting20_json"),
                "{\"version\":\"1.0.0\",\"segments\":[",
                "]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"speaker\":\"{}\",\"startTime\":{},\"endTime\":{},\"body\":\"{}\"}}",
                            name(i),
                            ms(i) as f64 / 1000.0,
                            (ms(i) + 2500) as f64 / 1000.0,
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "whisper_json",
            "big.json",
            build(
                size("whisper_json"),
                "{\"language\":\"en\",\"segments\":[",
                "]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"id\":{i},\"start\":{},\"end\":{},\"text\":\" {}\"}}",
                            ms(i) as f64 / 1000.0,
                            (ms(i) + 2500) as f64 / 1000.0,
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "youtube_json3",
            "big.json3",
            build(
                size("youtube_json3"),
                "{\"wireMagic\":\"pb3\",\"events\":[",
                "]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"tStartMs\":{},\"dDurationMs\":2500,\"segs\":[{{\"utf8\":\"{}\"}}]}}",
                            ms(i),
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "html",
            "big.html",
            build(size("html"), "<html><body>\n", "</body></html>\n", |o, i| {
                w(
                    o,
                    format_args!(
                        "<cite>{}:</cite>\n<time>{}</time>\n<p>{}</p>\n",
                        name(i),
                        clock(ms(i), '.'),
                        caption(i)
                    ),
                )
            }),
        ),
        (
            "ttml",
            "big.ttml",
            build(
                size("ttml"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"><body><div>\n",
                "</div></body></tt>\n",
                |o, i| {
                    w(
                        o,
                        format_args!(
                            "<p begin=\"{}\" end=\"{}\" ttm:agent=\"{}\">{}</p>\n",
                            clock(ms(i), '.'),
                            clock(ms(i) + 2500, '.'),
                            ["a", "b"][i % 2],
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "podlove_xml",
            "big.xml",
            build(
                size("podlove_xml"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pst:transcripts xmlns:pst=\"http://podlove.org/simple-transcripts\" version=\"1.0\">\n",
                "</pst:transcripts>\n",
                |o, i| {
                    w(
                        o,
                        format_args!(
                            "<pst:speech><pst:speaker>{}</pst:speaker><pst:item start=\"{}\" end=\"{}\">{}</pst:item></pst:speech>\n",
                            name(i),
                            clock(ms(i), '.'),
                            clock(ms(i) + 2500, '.'),
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "youtube_srv1",
            "big.xml",
            build(
                size("youtube_srv1"),
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?><transcript>",
                "</transcript>",
                |o, i| {
                    w(
                        o,
                        format_args!(
                            "<text start=\"{}\" dur=\"2.5\">{}</text>",
                            ms(i) as f64 / 1000.0,
                            caption(i)
                        ),
                    )
                },
            ),
        ),
        (
            "youtube_srv3",
            "big.xml",
            build(
                size("youtube_srv3"),
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\"><body>",
                "</body></timedtext>",
                |o, i| {
                    w(
                        o,
                        format_args!("<p t=\"{}\" d=\"2500\">{}</p>", ms(i), caption(i)),
                    )
                },
            ),
        ),
    ]
    .into_iter()
    .chain(word_level_inputs(bytes, keep))
    .collect()
}

/// The shapes whose pieces are words, and the usual extra fields of
/// real producers: each caption's words as separate pieces.
fn word_level_inputs(
    bytes: usize,
    keep: &dyn Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let size = |name: &str| if keep(name) { bytes } else { 0 };
    let name = |i: usize| NAMES[i % 2];
    let w = |out: &mut String, args: std::fmt::Arguments| {
        let _ = out.write_fmt(args);
    };
    vec![
        (
            "podcasting20_json_words",
            "big.json",
            build(
                size("podcasting20_json_words"),
                "{\"version\":\"1.0.0\",\"segments\":[",
                "]}",
                |o, i| {
                    for (word, start, end) in words(i) {
                        comma(o, i + usize::from(start != i * 3000));
                        w(
                            o,
                            format_args!(
                                "{{\"speaker\":\"{}\",\"startTime\":{},\"endTime\":{},\"body\":\"{word}\"}}",
                                name(i),
                                secs(start),
                                secs(end)
                            ),
                        );
                    }
                },
            ),
        ),
        (
            "subtitle_json",
            "big.json",
            build(size("subtitle_json"), "[", "]", |o, i| {
                comma(o, i);
                w(
                    o,
                    format_args!(
                        "{{\"start\":{},\"end\":{},\"text\":\"{}\"}}",
                        secs(i * 3000),
                        secs(i * 3000 + 2500),
                        caption(i)
                    ),
                );
            }),
        ),
        (
            "whisper_json_openai",
            "big.json",
            build(
                size("whisper_json_openai"),
                "{\"text\":\"\",\"language\":\"en\",\"segments\":[",
                "]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"id\":{i},\"seek\":{},\"start\":{},\"end\":{},\"text\":\" {}\",\"tokens\":[50364,440,1168,307],\"temperature\":0.0,\"avg_logprob\":-0.21,\"compression_ratio\":1.5,\"no_speech_prob\":0.01}}",
                            i * 3000,
                            secs(i * 3000),
                            secs(i * 3000 + 2500),
                            caption(i)
                        ),
                    );
                },
            ),
        ),
        (
            "whisper_json_whisperx_words",
            "big.json",
            build(
                size("whisper_json_whisperx_words"),
                "{\"segments\":[",
                "],\"word_segments\":[]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"start\":{},\"end\":{},\"text\":\" {}\",\"speaker\":\"{}\",\"words\":[",
                            secs(i * 3000),
                            secs(i * 3000 + 2500),
                            caption(i),
                            name(i)
                        ),
                    );
                    for (k, (word, start, end)) in words(i).into_iter().enumerate() {
                        comma(o, k);
                        w(
                            o,
                            format_args!(
                                "{{\"word\":\"{word}\",\"start\":{},\"end\":{},\"score\":0.9,\"speaker\":\"{}\"}}",
                                secs(start),
                                secs(end),
                                name(i)
                            ),
                        );
                    }
                    o.push_str("]}");
                },
            ),
        ),
        (
            "youtube_json3_words",
            "big.json3",
            build(
                size("youtube_json3_words"),
                "{\"wireMagic\":\"pb3\",\"events\":[",
                "]}",
                |o, i| {
                    comma(o, i);
                    w(
                        o,
                        format_args!(
                            "{{\"tStartMs\":{},\"dDurationMs\":2500,\"wWinId\":1,\"segs\":[",
                            i * 3000
                        ),
                    );
                    for (k, (word, start, _)) in words(i).into_iter().enumerate() {
                        comma(o, k);
                        let space = if k > 0 { " " } else { "" };
                        w(
                            o,
                            format_args!(
                                "{{\"utf8\":\"{space}{word}\",\"tOffsetMs\":{},\"acAsrConf\":0}}",
                                start - i * 3000
                            ),
                        );
                    }
                    o.push_str("]}");
                },
            ),
        ),
        (
            "ttml_lines",
            "big.ttml",
            build(
                size("ttml_lines"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"><body><div>\n",
                "</div></body></tt>\n",
                |o, i| {
                    let text = caption(i);
                    let (first, second) = text.split_at(30);
                    w(
                        o,
                        format_args!(
                            "<p begin=\"{}\" end=\"{}\" ttm:agent=\"{}\">{first}<br/>{second}</p>\n",
                            clock(i * 3000, '.'),
                            clock(i * 3000 + 2500, '.'),
                            ["a", "b"][i % 2]
                        ),
                    );
                },
            ),
        ),
        (
            "ttml_apple_words",
            "big.ttml",
            build(
                size("ttml_apple_words"),
                "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:podcasts=\"http://podcasts.apple.com/transcript-ttml-internal\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"><body><div>\n",
                "</div></body></tt>\n",
                |o, i| {
                    w(
                        o,
                        format_args!(
                            "<p begin=\"{}\" end=\"{}\" ttm:agent=\"SPEAKER_{}\"><span podcasts:unit=\"sentence\">",
                            secs(i * 3000),
                            secs(i * 3000 + 2500),
                            i % 2
                        ),
                    );
                    for (word, start, end) in words(i) {
                        w(
                            o,
                            format_args!(
                                "<span podcasts:unit=\"word\" begin=\"{}\" end=\"{}\">{word}</span>",
                                secs(start),
                                secs(end)
                            ),
                        );
                    }
                    o.push_str("</span></p>\n");
                },
            ),
        ),
        (
            "podlove_xml_words",
            "big.xml",
            build(
                size("podlove_xml_words"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pst:transcripts xmlns:pst=\"http://podlove.org/simple-transcripts\" version=\"1.0\">\n",
                "</pst:transcripts>\n",
                |o, i| {
                    w(
                        o,
                        format_args!("<pst:speech><pst:speaker>{}</pst:speaker>", name(i)),
                    );
                    for (word, start, end) in words(i) {
                        w(
                            o,
                            format_args!(
                                "<pst:item start=\"{}\" end=\"{}\">{word}</pst:item>",
                                clock(start, '.'),
                                clock(end, '.')
                            ),
                        );
                    }
                    o.push_str("</pst:speech>\n");
                },
            ),
        ),
        (
            "youtube_srv1_escaped",
            "big.xml",
            build(
                size("youtube_srv1_escaped"),
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?><transcript>",
                "</transcript>",
                |o, i| {
                    w(
                        o,
                        format_args!(
                            "<text start=\"{}\" dur=\"2.5\">{} &amp;#39;em</text>",
                            secs(i * 3000),
                            caption(i)
                        ),
                    );
                },
            ),
        ),
        (
            "youtube_srv3_words",
            "big.xml",
            build(
                size("youtube_srv3_words"),
                "<?xml version=\"1.0\" encoding=\"utf-8\" ?><timedtext format=\"3\"><body>",
                "</body></timedtext>",
                |o, i| {
                    w(o, format_args!("<p t=\"{}\" d=\"2500\" w=\"1\">", i * 3000));
                    for (k, (word, start, _)) in words(i).into_iter().enumerate() {
                        let space = if k > 0 { " " } else { "" };
                        w(
                            o,
                            format_args!(
                                "<s t=\"{}\" ac=\"0\">{space}{word}</s>",
                                start - i * 3000
                            ),
                        );
                    }
                    o.push_str("</p>");
                },
            ),
        ),
    ]
}

fn formats(c: &mut Criterion) {
    let mb: usize = std::env::var("EARMARK_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(25);
    if std::env::var_os("EARMARK_BENCH_CPU").is_some() {
        return cpu_figures(mb);
    }
    let mut group = c.benchmark_group("formats");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    for (reader, file_name, bytes) in inputs(mb * 1_000_000, &|_| true) {
        let episode = parse_bytes(&bytes, Source::Builtin(file_name)).expect("the input reads");
        // Read by the reader named (a shape's name starts with its
        // format's), into many segments.
        let format = episode.format.name();
        assert!(
            reader.replace('_', "-").starts_with(format),
            "{reader}: {format}"
        );
        assert!(
            episode.segments.len() > 100,
            "{reader}: {} segments",
            episode.segments.len()
        );
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(reader, |b| {
            b.iter(|| parse_bytes(black_box(&bytes), Source::Builtin(file_name)))
        });
    }
    group.finish();
}

/// `EARMARK_BENCH_CPU=1`: instead of criterion's wall-clock figures,
/// each shape's throughput in thread CPU time (the best of five reads),
/// which a machine busy with other work disturbs far less. A name after
/// `--` keeps only the shapes containing it (and only those are built), as
/// for criterion; `EARMARK_BENCH_KEEP=DIR` also writes each input there
/// (for `benches/dump_cmp.sh`).
fn cpu_figures(mb: usize) {
    let wanted: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let keep =
        |reader: &str| wanted.is_empty() || wanted.iter().any(|w| reader.contains(w.as_str()));
    for (reader, file_name, bytes) in inputs(mb * 1_000_000, &keep) {
        if !keep(reader) {
            continue;
        }
        if let Some(folder) = std::env::var_os("EARMARK_BENCH_KEEP") {
            let path = std::path::Path::new(&folder).join(format!("{reader}-{file_name}"));
            std::fs::write(&path, &bytes).expect("the input is written");
        }
        let best = (0..5)
            .map(|_| {
                let started = thread_cpu_time();
                let episode = parse_bytes(black_box(&bytes), Source::Builtin(file_name));
                let spent = thread_cpu_time() - started;
                drop(black_box(episode));
                spent
            })
            .min()
            .unwrap_or_default();
        let mb_per_s = bytes.len() as f64 / 1e6 / best.as_secs_f64().max(1e-9);
        println!(
            "cpu {reader:<30} {:>8.1} ms {mb_per_s:>8.0} MB/s",
            best.as_secs_f64() * 1e3
        );
    }
}

fn thread_cpu_time() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

criterion_group!(benches, formats);
criterion_main!(benches);
