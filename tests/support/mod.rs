pub mod cli;
pub mod generate;
pub mod growth;
pub mod harness;
pub mod pty;
pub mod round_trip;
pub mod screen;
pub mod segments;
