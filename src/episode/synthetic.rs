//! Big episodes built from a real one, for benchmarks and size tests: the
//! archive's files are ~100 KB, and the parser must stay fast far above that.

/// The line that opens a transcript (docs/markdown-transcripts.md).
const TRANSCRIPT_MARK: &str = "## Transcript";

/// `text` with the part after its `## Transcript` line repeated `times`
/// times: the front matter and headings once, then the transcript body over
/// and over. `None` when there is no `## Transcript` line.
pub fn repeat_transcript(text: &str, times: usize) -> Option<String> {
    let mark = text.find(TRANSCRIPT_MARK)?;
    let body_start = text[mark..]
        .find('\n')
        .map_or(text.len(), |newline| mark + newline + 1);
    let (head, body) = text.split_at(body_start);
    let mut out = String::with_capacity(head.len() + body.len() * times + times);
    out.push_str(head);
    for _ in 0..times {
        out.push_str(body);
        if !body.ends_with('\n') {
            out.push('\n');
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeats_only_the_transcript_body() {
        let text = "---\nt: x\n---\n# T\n\n## Transcript\n\nA (00:01):\nhi";
        let big = repeat_transcript(text, 3).unwrap();
        assert_eq!(
            big,
            "---\nt: x\n---\n# T\n\n## Transcript\n\nA (00:01):\nhi\n\nA (00:01):\nhi\n\nA (00:01):\nhi\n"
        );
        assert_eq!(repeat_transcript("no mark", 3), None);
    }
}
