//! The `treffpunkt` command; everything lives in the library.

fn main() -> std::process::ExitCode {
    treffpunkt::cli::run()
}
