//! What `dump --to FORMAT` read back must keep, format by format, and the
//! check itself (shared by the property test and the corpus test).

#![allow(dead_code)] // each test file uses a different part of this

use earmark::episode::{Episode, Source};
use earmark::formats::parse_bytes;
use earmark::formats::write::{OutputFormat, render};

/// One segment as compared: speaker, start, text.
pub type Said = (Option<String>, Option<u32>, String);

fn said(episode: &Episode) -> Vec<Said> {
    episode
        .segments
        .iter()
        .map(|s| {
            (
                episode.speaker_name(s).map(str::to_string),
                s.start,
                s.text(episode).to_string(),
            )
        })
        .collect()
}

/// Text with every run of whitespace one space.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text as every format but Markdown keeps it: each line's runs of
/// spaces one space.
fn tidy(text: &str) -> String {
    text.split('\n').map(words).collect::<Vec<_>>().join("\n")
}

/// Writes `episode` as `target` and reads it back as a file of that
/// format's extension would be read.
pub fn written_and_read(episode: &Episode, target: OutputFormat) -> Result<Episode, String> {
    let bytes = render(episode, target)?;
    let name: &'static str = match target {
        OutputFormat::Markdown => "back.md",
        OutputFormat::WebVtt => "back.vtt",
        OutputFormat::Srt => "back.srt",
        OutputFormat::Json => "back.json",
        OutputFormat::Text => "back.txt",
    };
    parse_bytes(&bytes, Source::Builtin(name)).map_err(|e| e.to_string())
}

/// Checks a real file's round trip through `target`: JSON and WebVTT as
/// [`check`] does; Markdown, text and SRT, which cannot say everything a
/// file can (no speaker after someone spoke, a segment without a time),
/// keep every word in order with its speaker, a speaker without a name in
/// the format being the one before, and invent no start.
pub fn check_words(original: &Episode, target: OutputFormat) -> Result<(), String> {
    if matches!(target, OutputFormat::Json | OutputFormat::WebVtt) {
        return check(original, target);
    }
    let back = written_and_read(original, target)?;
    let (want, got) = (said(original), said(&back));
    let (want_words, got_words) = (spoken_words(&want), spoken_words(&got));
    if want_words != got_words {
        let at = want_words
            .iter()
            .zip(&got_words)
            .take_while(|(w, g)| w == g)
            .count();
        let near = |w: &[(Option<String>, String)]| {
            w[at.saturating_sub(3)..(at + 3).min(w.len())].to_vec()
        };
        return Err(format!(
            "{target:?}: words differ at {at}: wrote {:?}, read {:?}",
            near(&want_words),
            near(&got_words)
        ));
    }
    let starts: std::collections::HashSet<_> = want.iter().map(|w| w.1).collect();
    // A cue needs a time: one without gets the time before it, or 0.
    let invented = |g: &&Said| g.1.is_some() && g.1 != Some(0) && !starts.contains(&g.1);
    match got.iter().find(invented) {
        Some(g) => Err(format!(
            "{target:?}: read back a start never written: {g:?}"
        )),
        None => Ok(()),
    }
}

/// Every char but whitespace with its speaker; a segment without one
/// continues the speaker before it.
fn spoken_words(said: &[Said]) -> Vec<(Option<String>, String)> {
    let mut speaker = None;
    let mut words = Vec::new();
    for (name, _, text) in said {
        if name.is_some() {
            speaker.clone_from(name);
        }
        // Char by char: joining pieces may glue punctuation to a word.
        let chars = text.chars().filter(|c| !c.is_whitespace());
        words.extend(chars.map(|c| (speaker.clone(), c.to_string())));
    }
    words
}

/// Checks the round trip through `target`:
/// - JSON and text: the same segments, speakers, starts and text (runs of
///   spaces in a line read as one);
/// - Markdown: the same, text compared word by word (a line that would
///   read as a header is joined to its neighbour);
/// - WebVTT: the same segments, speakers and starts where the episode has
///   them (a cue needs a time), text word by word (cue lines join);
/// - SRT, which cannot say where a segment ends: each segment read back is
///   a run of written ones by one speaker, at the run's first start.
pub fn check(original: &Episode, target: OutputFormat) -> Result<(), String> {
    let back = written_and_read(original, target)?;
    let (want, got) = (said(original), said(&back));
    match target {
        OutputFormat::Json | OutputFormat::Text => same(&want, &got, false, false),
        OutputFormat::Markdown => same(&want, &got, false, true),
        OutputFormat::WebVtt => same(&want, &got, true, true),
        OutputFormat::Srt => runs(&want, &got),
    }
    .map_err(|e| format!("{target:?}: {e}"))
}

fn same(want: &[Said], got: &[Said], timed: bool, by_words: bool) -> Result<(), String> {
    if want.len() != got.len() {
        return Err(format!(
            "{} segments written, {} read back:\n{want:#?}\n{got:#?}",
            want.len(),
            got.len()
        ));
    }
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let start_ok = w.1 == g.1 || (timed && w.1.is_none());
        let text_ok = if by_words {
            words(&w.2) == words(&g.2)
        } else {
            tidy(&w.2) == g.2
        };
        if w.0 != g.0 || !start_ok || !text_ok {
            return Err(format!("segment {i}: wrote {w:?}, read {g:?}"));
        }
    }
    Ok(())
}

/// Each read-back segment is a run of written ones of its speaker.
fn runs(want: &[Said], got: &[Said]) -> Result<(), String> {
    let squeeze = |t: &str| t.split_whitespace().collect::<String>();
    let mut k = 0;
    for (i, g) in got.iter().enumerate() {
        let first = want
            .get(k)
            .ok_or(format!("segment {i} read back, none left: {g:?}"))?;
        if first.0 != g.0 || (first.1.is_some() && first.1 != g.1) {
            return Err(format!("segment {i}: wrote {first:?}, read {g:?}"));
        }
        let target = squeeze(&g.2);
        let mut text = String::new();
        while text.len() < target.len() {
            let w = want
                .get(k)
                .filter(|w| w.0 == g.0)
                .ok_or(format!("segment {i}: {g:?} is no run of written segments"))?;
            text.push_str(&squeeze(&w.2));
            k += 1;
        }
        if text != target {
            return Err(format!("segment {i}: wrote {text:?}, read {target:?}"));
        }
    }
    if k != want.len() {
        return Err(format!("{} segments written, {k} read back", want.len()));
    }
    Ok(())
}
