//! Helpers shared by the unit tests.

/// Every string made of up to `most` of `pieces` in a row (the empty one
/// included), each once, sorted: exhaustive inputs for checking a quick
/// routine against a slow, obvious one.
pub fn concatenations(pieces: &[&str], most: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    for _ in 0..most {
        let longer: Vec<String> = all
            .iter()
            .flat_map(|start| pieces.iter().map(move |p| format!("{start}{p}")))
            .collect();
        all.extend(longer);
        all.sort();
        all.dedup();
    }
    all
}
