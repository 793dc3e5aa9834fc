//! The README's examples run as written, and the figures it quotes are the ones they print: an
//! example or a figure that rots fails here.
//!
//! The commands run in a temporary folder where `scenarios` is a link to the repository's, so
//! that `scenarios/…` reads the shipped files while what the commands write (`customers.ron`,
//! `acme.pdf`, `shadow-bills.csv`) stays out of the repository.

use std::path::Path;
use std::process::{Command, Output};

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The README's text with every run of white space made one space (its sentences are wrapped).
fn prose() -> String {
    readme().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A folder to run the README's commands in (see the module's documentation).
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios"), dir.path().join("scenarios"))
        .unwrap();
    dir
}

/// Runs `pricelab` with `args` in `dir`.
fn run_in(dir: &Path, args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pricelab")).args(args).current_dir(dir).output().unwrap()
}

/// Runs `pricelab` with `args` in `dir`; it must exit 0. Its standard output.
fn succeeds_in(dir: &Path, args: &[String]) -> String {
    let o = run_in(dir, args);
    assert_eq!(o.status.code(), Some(0), "pricelab {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

/// The README's fenced blocks: the language written after the fence (`sh`, or empty) and the
/// lines inside, each with its line number in the README.
fn blocks(text: &str) -> Vec<(String, Vec<(usize, String)>)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Vec<(usize, String)>)> = None;
    for (i, line) in text.lines().enumerate() {
        match (line.strip_prefix("```"), open.take()) {
            (Some(lang), None) => open = Some((lang.trim().to_owned(), Vec::new())),
            (Some(_), Some(block)) => blocks.push(block),
            (None, Some(mut block)) => {
                block.1.push((i + 1, line.to_owned()));
                open = Some(block);
            }
            (None, None) => {}
        }
    }
    assert!(open.is_none(), "README.md: a fenced block is not closed");
    blocks
}

/// The commands of the README's `sh` blocks, each with its line number, a line ending in `\`
/// joined to the next.
fn sh_commands(text: &str) -> Vec<(usize, String)> {
    let mut commands = Vec::new();
    for (_, lines) in blocks(text).into_iter().filter(|(lang, _)| lang == "sh") {
        let mut pending: Option<(usize, String)> = None;
        for (n, line) in lines {
            let (start, mut joined) = pending.take().unwrap_or((n, String::new()));
            match line.strip_suffix('\\') {
                Some(part) => {
                    joined.push_str(part);
                    pending = Some((start, joined));
                }
                None => {
                    joined.push_str(&line);
                    commands.push((start, joined));
                }
            }
        }
        assert!(pending.is_none(), "README.md: an sh block ends in a continued line");
    }
    commands
}

/// The words of a shell command line as `sh` splits them: `'…'` as written, `"…"` with `\"`,
/// `\$`, `\\` and `` \` `` escaped, `\x` outside quotes, a `#` starting a word begins a comment.
/// What would need a shell to run (variables, pipes, redirections, `;`, `&`) is refused.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                w.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '$' | '`' => panic!("README.md: `{line}` needs a shell (a variable or a command in quotes)"),
                        '\\' => {
                            let next = chars.next().unwrap();
                            if !matches!(next, '$' | '`' | '"' | '\\') {
                                w.push('\\');
                            }
                            w.push(next);
                        }
                        c => w.push(c),
                    }
                }
            }
            '\\' => word.get_or_insert_with(String::new).push(chars.next().unwrap()),
            '#' if word.is_none() => break,
            '$' | '`' | '|' | '>' | '<' | ';' | '&' | '(' | ')' | '*' | '?' => {
                panic!("README.md: `{line}` needs a shell ({c}); run it here some other way")
            }
            c if c.is_whitespace() => words.extend(word.take()),
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The arguments of a README command that runs pricelab (`pricelab ARGS` or `cargo run
/// --release -- ARGS`), or `None` for another program.
fn pricelab_args(command: &str) -> Option<Vec<String>> {
    let words = words(command);
    match words.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["pricelab", ..] => Some(words[1..].to_vec()),
        ["cargo", "run", "--release", "--", ..] => Some(words[4..].to_vec()),
        _ => None,
    }
}

#[test]
fn the_shell_words_of_a_readme_line_are_those_sh_sees() {
    let line = r#"pricelab solve f.ron --plan "Per resolution + \$85 seats" --vary 'plans["A"].price' x\ y  # why"#;
    assert_eq!(
        words(line),
        ["pricelab", "solve", "f.ron", "--plan", "Per resolution + $85 seats", "--vary", r#"plans["A"].price"#, "x y"]
    );
    assert_eq!(pricelab_args("cargo run --release -- simulate a.ron"), Some(vec!["simulate".into(), "a.ron".into()]));
    assert_eq!(pricelab_args("cargo install --locked --path ."), None);
    let joined = sh_commands("```sh\npricelab a \\\n  b\ncargo test\n```\n```\npricelab not-sh\n```\n");
    assert_eq!(joined, [(2, "pricelab a   b".to_owned()), (4, "cargo test".to_owned())]);
}

/// Every `pricelab` command of the README's `sh` blocks runs, in the README's order (`backtest
/// customers.ron` needs the `import` before it), and exits 0. Those that open the desktop app
/// (no command, or a file) are left out.
#[test]
fn every_pricelab_command_in_the_readme_runs() {
    let dir = workdir();
    let (mut ran, mut app) = (Vec::new(), 0);
    for (line, command) in sh_commands(&readme()) {
        let Some(args) = pricelab_args(&command) else { continue };
        if args.first().is_none_or(|a| Path::new(a).extension().is_some_and(|e| e == "ron")) {
            app += 1;
            continue;
        }
        let o = run_in(dir.path(), &args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "README.md:{line}: `{command}` failed: {err}");
        assert!(
            !o.stdout.is_empty() || args.iter().any(|a| a == "--output"),
            "README.md:{line}: `{command}` said nothing"
        );
        ran.push(args[0].clone());
    }
    // The README shows at least these; a parser that found nothing must not pass.
    ran.sort();
    ran.dedup();
    assert_eq!(ran, ["backtest", "import", "quote", "simulate", "solve", "sweep", "tornado"], "{app} for the app");
    let pdf = std::fs::read(dir.path().join("acme.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "the quote example writes a PDF");
    let csv = std::fs::read_to_string(dir.path().join("shadow-bills.csv")).unwrap();
    assert!(csv.starts_with("account,plan,total,baseline_total,change,change_pct\n"), "{csv}");
}

/// The synopsis under "The command line": every command it lists exists, with every flag it
/// shows for it.
#[test]
fn the_synopsis_names_real_commands_and_flags() {
    let text = readme();
    let synopsis = blocks(&text)
        .into_iter()
        .find(|(lang, lines)| lang.is_empty() && lines.first().is_some_and(|(_, l)| l.starts_with("pricelab  ")))
        .expect("the synopsis block")
        .1;
    // Lines that start with spaces continue the command above.
    let mut commands: Vec<(usize, String)> = Vec::new();
    for (n, line) in synopsis {
        match commands.last_mut() {
            Some(last) if line.starts_with(' ') => last.1.push_str(&line),
            _ => commands.push((n, line)),
        }
    }
    let mut checked = 0;
    for (n, line) in commands {
        let usage = line.split('#').next().unwrap();
        let mut words = usage.split_whitespace().skip(1);
        let subcommands: Vec<&str> = match words.next() {
            Some(first) if first.chars().all(|c| c.is_ascii_lowercase()) => {
                let mut names = vec![first];
                while let Some("|") = words.next() {
                    names.extend(words.next());
                }
                names
            }
            _ => continue, // the desktop app
        };
        let flags: Vec<&str> = usage
            .split(|c: char| c.is_whitespace() || c == '[' || c == ']' || c == '=')
            .filter(|w| w.starts_with("--"))
            .collect();
        for sub in subcommands {
            let help = succeeds_in(Path::new("."), &[sub.to_owned(), "--help".to_owned()]);
            for flag in &flags {
                assert!(
                    help.contains(&format!("{flag} ")) || help.contains(&format!("{flag}[")),
                    "README.md:{n}: `pricelab {sub}` has no {flag}:\n{help}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} commands found in the synopsis");
}

/// The first `sh` command of the README that starts with `start`, as words for pricelab.
fn readme_command(text: &str, start: &str) -> Vec<String> {
    let (_, command) = sh_commands(text)
        .into_iter()
        .find(|(_, c)| c.starts_with(start))
        .unwrap_or_else(|| panic!("README.md has no example starting with `{start}`"));
    pricelab_args(&command).unwrap()
}

/// "Run it": the table the README shows is what `simulate` prints on the Fin scenario, row by
/// row (the README leaves lines out, marked `...`, and the last columns).
#[test]
fn the_readme_simulate_table_is_what_simulate_prints() {
    let text = readme();
    let all = blocks(&text);
    let at = all
        .iter()
        .position(|(lang, lines)| {
            lang == "sh"
                && lines.iter().any(|(_, l)| l == "cargo run --release -- simulate scenarios/fin-outcome-pricing.ron")
        })
        .expect("the simulate example");
    let args = pricelab_args("cargo run --release -- simulate scenarios/fin-outcome-pricing.ron").unwrap();
    let printed = succeeds_in(workdir().path(), &args);
    let printed: Vec<Vec<&str>> = printed.lines().map(|l| l.split_whitespace().collect()).collect();
    let shown = &all[at + 1].1;
    assert!(shown.len() >= 6, "{shown:?}");
    let mut from = 0;
    for (n, line) in shown.iter().filter(|(_, l)| l != "...") {
        let words: Vec<&str> = line.split_whitespace().collect();
        let found = printed[from..].iter().position(|p| p.starts_with(&words));
        let found = found
            .unwrap_or_else(|| panic!("README.md:{n}: `simulate` prints no line starting\n{line}\nafter line {from}"));
        from += found + 1;
    }
}

/// "Comparing two versions": the README's `diff` output, byte for byte, for the two versions
/// it describes (the small scenario of the analyses' tests, its price per resolution raised from
/// 0.99 to 1.49).
#[test]
fn the_readme_diff_example_is_what_diff_prints() {
    let text = readme();
    let shown = blocks(&text)
        .into_iter()
        .find(|(_, lines)| lines.first().is_some_and(|(_, l)| l == "old.ron → new.ron"))
        .expect("the diff example")
        .1;
    let shown: String = shown.iter().map(|(_, l)| format!("{l}\n")).collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.ron"), crate::decide::SMALL).unwrap();
    std::fs::write(dir.path().join("new.ron"), crate::decide::SMALL.replace("\"0.99\"", "\"1.49\"")).unwrap();
    let printed = succeeds_in(dir.path(), &["diff", "old.ron", "new.ron"].map(String::from));
    assert_eq!(printed, shown);
}

/// The words of the row of `table` that starts with `name`, after the name.
fn row<'a>(table: &'a str, name: &str) -> Vec<&'a str> {
    let line = table.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no row {name}:\n{table}"));
    line[name.len()..].split_whitespace().collect()
}

/// `1,234.56`, `-16.65%` or `+26.98%` as a number.
fn number(s: &str) -> f64 {
    s.trim_end_matches('%').replace(',', "").parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// "Your customers": the backtest figures of the README's paragraph are those its commands print.
#[test]
fn the_readme_backtest_figures_are_what_the_commands_print() {
    let text = readme();
    let prose = prose();
    let dir = workdir();
    let at = dir.path();
    succeeds_in(at, &readme_command(&text, "pricelab import scenarios/backtest/usage.csv"));
    let table = succeeds_in(at, &readme_command(&text, "pricelab backtest customers.ron"));
    assert!(table.contains("24 recorded months, 2024-01 to 2025-12; 300 customers"), "{table}");
    let plan = "$0.35 per resolution + $29 seats";
    // Total, change, pay more, pay less, same, P5, median, P95.
    let (baseline, candidate) = (row(&table, "Seats ($99)"), row(&table, plan));
    let share = (-100.0 * number(candidate[1]) / number(baseline[0])).round();
    let (more, less, same) = (number(candidate[2]), number(candidate[3]), number(candidate[4]));
    let median = -number(candidate[6]).round();
    let said = format!(
        "$0.35 per resolution plus $29 seats would have cost {share}% of seat revenue over the two recorded years, \
         with {less} of {} customers paying less (median −{median}%)",
        more + less + same
    );
    assert!(prose.contains(&said), "README.md should say: {said}\n{table}");
    // The largest increase in %, among all customers (the shadow bills of the README's command).
    let command = readme_command(&text, "pricelab backtest customers.ron --format csv --output shadow-bills.csv");
    succeeds_in(at, &command);
    let csv = std::fs::read_to_string(at.join("shadow-bills.csv")).unwrap();
    let largest = csv
        .lines()
        .skip(1)
        .filter(|l| l.contains(&format!(",{plan},")))
        .map(|l| number(l.rsplit(',').next().unwrap()))
        .fold(f64::MIN, f64::max);
    let said = format!("the customers whose AI resolves most paying up to {}% more", largest.round());
    assert!(prose.contains(&said), "README.md should say: {said} (largest increase {largest}%)");
    // Forward: the price neutral in year 2 alone.
    let command = readme_command(&text, "pricelab solve customers.ron");
    let solved = succeeds_in(at, &command);
    let price =
        solved.lines().find_map(|l| l.split_once("].price = ")).map(|(_, v)| v).unwrap_or_else(|| panic!("{solved}"));
    let said = format!("`solve` puts the revenue-neutral price for year 2 alone at ${price}");
    assert!(prose.contains(&said), "README.md should say: {said}\n{solved}");
}

/// The shipped examples' table: the portfolio's accounts and the backtest's customers and months.
#[test]
fn the_readme_table_of_examples_counts_right() {
    let prose = prose();
    let dir = workdir();
    let check = succeeds_in(dir.path(), &["check", "scenarios/saas-portfolio.ron"].map(String::from));
    let accounts = check.split_once(" account profiles (").and_then(|(_, r)| r.split_once(" accounts)")).unwrap().0;
    let accounts: u64 = accounts.parse().unwrap();
    let grouped =
        if accounts < 1000 { accounts.to_string() } else { format!("{},{:03}", accounts / 1000, accounts % 1000) };
    let said = format!("| `saas-portfolio.ron` | SMB, mid-market and enterprise profiles, {grouped} accounts |");
    assert!(prose.contains(&said), "README.md should say: {said}\n{check}");
    let table = succeeds_in(dir.path(), &["backtest", "scenarios/backtest/customers.ron"].map(String::from));
    let header = table.lines().nth(1).unwrap();
    let (months, customers) = (header.split(" recorded months").next().unwrap(), header.split("; ").nth(1).unwrap());
    let said = format!(
        "| `backtest/customers.ron` | {} real-looking customers with {months} months of recorded usage",
        customers.trim_end_matches(" customers")
    );
    assert!(prose.contains(&said), "README.md should say: {said}\n{header}");
}

/// "Moving the book": the figures the README quotes are those `simulate` prints for the shipped
/// transition.
#[test]
fn the_readme_transition_figures_are_what_simulate_prints() {
    let text = prose();
    let args = readme_command(&readme(), "pricelab simulate scenarios/backtest/transition.ron");
    let printed = succeeds_in(workdir().path(), &args);
    let line = row(&printed, "Move to $0.35 per resolution");
    assert!(line.contains(&"+2.3%") && line.contains(&"2027-02"), "{line:?}");
    assert!(text.contains("earns +2.3% over the four years") && text.contains("catches up with seats in 2027-02"));
    let seats = row(&printed, "$0.35 per resolution + $29 seats");
    assert!(seats.contains(&"+10.5%") && text.contains("(+10.5% had every customer"), "{seats:?}");
    let counts = printed.lines().rev().find(|l| l.starts_with("Move to $0.35 per resolution ")).unwrap();
    for figure in ["256.09", "43.91", "28.08%"] {
        assert!(counts.contains(figure), "{figure} not in {counts}");
        assert!(text.contains(figure), "the README does not say {figure}");
    }
}
