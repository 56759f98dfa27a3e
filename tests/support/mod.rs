pub mod generate;
pub mod pty;
pub mod screen;
