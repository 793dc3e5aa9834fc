//! The `pricelab` binary: see the library for everything it does.

fn main() -> std::process::ExitCode {
    pricelab::cli::main()
}
