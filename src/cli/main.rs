//! `passwright`: generate and check portal passwords and passcodes from the
//! command line. Passwords to check are read from standard input, never from
//! the command line, where other users and shell history could see them.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use passwright_core::check::{self, Outcome};
use passwright_core::generate::{Generator, Options};
use passwright_core::policy::{self, Kind, PRESETS, Policy, Source};
use passwright_core::rng::SystemRng;
use passwright_core::{Context, nato};
use zeroize::Zeroizing;

#[derive(Parser)]
#[command(
    name = "passwright",
    version,
    about = "Portal passwords and passcodes that meet the portal's rules"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print compliant passwords or passcodes, one per line.
    Generate {
        #[command(flatten)]
        policy: PolicyArgs,
        /// Length (default: 16 for web passwords, the minimum plus two for passcodes).
        #[arg(long)]
        length: Option<usize>,
        /// How many to print.
        #[arg(short = 'n', long = "count", default_value_t = 1)]
        count: usize,
        /// Allow 0 O o 1 l I in web passwords.
        #[arg(long)]
        allow_look_alikes: bool,
        /// Also print the NATO phonetic reading.
        #[arg(long)]
        nato: bool,
        /// Print JSON: the secrets with their entropy and reading.
        #[arg(long)]
        json: bool,
    },
    /// Check a password read from standard input; exit 0 if compliant, 1 if not.
    Check {
        #[command(flatten)]
        policy: PolicyArgs,
        /// Print the verdicts as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the presets with their rules.
    Presets {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
struct PolicyArgs {
    /// A named policy: broadsmart (default), bell, sinch, bt.
    #[arg(long, conflicts_with = "rules")]
    preset: Option<String>,
    /// passwordrules text, e.g. 'minlength: 8; required: digit; allowed: upper, lower'.
    #[arg(long)]
    rules: Option<String>,
    /// web (the web access password) or passcode (the portal passcode).
    #[arg(long, default_value = "web")]
    kind: String,
    /// The user's ID (for "may not contain the user ID").
    #[arg(long)]
    user_id: Option<String>,
    /// The user's extension.
    #[arg(long)]
    extension: Option<String>,
    /// The user's phone number.
    #[arg(long)]
    phone: Option<String>,
}

impl PolicyArgs {
    fn build(&self) -> Result<(Policy, Context), String> {
        let kind: Kind = self.kind.parse().map_err(|e: policy::PolicyError| e.to_string())?;
        let source = match (&self.preset, &self.rules) {
            (_, Some(rules)) => Source::Rules(rules.clone()),
            (Some(name), None) => Source::Preset(name.clone()),
            (None, None) => Source::default(),
        };
        let policy = source.policy(kind).map_err(|e| e.to_string())?;
        let ctx = Context {
            user_id: self.user_id.clone(),
            extension: self.extension.clone(),
            phone: self.phone.clone(),
            ..Default::default()
        };
        Ok((policy, ctx))
    }
}

/// A failure that is the user's input: exit 2 with one line on stderr.
struct BadInput(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate { policy, length, count, allow_look_alikes, nato, json } => {
            let opts = Options { length, exclude_look_alikes: !allow_look_alikes, ..Options::default() };
            generate(&policy, &opts, count, nato, json)
        }
        Command::Check { policy, json } => check(&policy, json),
        Command::Presets { json } => presets(json),
    };
    match result {
        Ok(code) => code,
        Err(BadInput(message)) => {
            eprintln!("passwright: {message}");
            ExitCode::from(2)
        }
    }
}

fn generate(
    args: &PolicyArgs,
    opts: &Options,
    count: usize,
    spell: bool,
    json: bool,
) -> Result<ExitCode, BadInput> {
    let (policy, ctx) = args.build().map_err(BadInput)?;
    let generator = Generator::new(&policy, &ctx, opts).map_err(|e| BadInput(e.to_string()))?;
    let mut rng = SystemRng::new().map_err(|e| BadInput(e.to_string()))?;
    let mut out = io::stdout().lock();
    let mut items = Vec::new();
    for _ in 0..count {
        let generated = generator.generate(&mut rng).map_err(|e| BadInput(e.to_string()))?;
        if json {
            items.push(serde_json::json!({
                "password": generated.secret.as_str(),
                "kind": policy.kind.as_str(),
                "entropy_bits": (generated.entropy_bits * 10.0).round() / 10.0,
                "nato": nato::spell(&generated.secret),
            }));
        } else if spell {
            let _ = writeln!(out, "{}\t{}", generated.secret.as_str(), nato::spell(&generated.secret));
        } else {
            let _ = writeln!(out, "{}", generated.secret.as_str());
        }
    }
    if json {
        let text = Zeroizing::new(serde_json::to_string_pretty(&items).unwrap_or_default());
        let _ = writeln!(out, "{}", text.as_str());
    }
    Ok(ExitCode::SUCCESS)
}

fn check(args: &PolicyArgs, json: bool) -> Result<ExitCode, BadInput> {
    let (policy, ctx) = args.build().map_err(BadInput)?;
    let mut bytes = Zeroizing::new(Vec::new());
    io::stdin().read_to_end(&mut bytes).map_err(|e| BadInput(format!("cannot read standard input: {e}")))?;
    let text =
        std::str::from_utf8(&bytes).map_err(|_| BadInput("standard input is not UTF-8 text".into()))?;
    // One line: the password, without its line ending.
    let secret = text.strip_suffix('\n').map(|s| s.strip_suffix('\r').unwrap_or(s)).unwrap_or(text);
    let report = check::check(&policy, &ctx, secret);
    let mut out = io::stdout().lock();
    if json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&report).unwrap_or_default());
    } else {
        for v in &report.verdicts {
            let mark = match v.outcome {
                Outcome::Pass => "pass",
                Outcome::Fail => "FAIL",
                Outcome::NotChecked => "  - ",
            };
            match &v.problem {
                Some(problem) => {
                    let _ = writeln!(out, "{mark}  {}: {problem}", v.label);
                }
                None => {
                    let _ = writeln!(out, "{mark}  {}", v.label);
                }
            }
        }
    }
    Ok(if report.compliant() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn presets(json: bool) -> Result<ExitCode, BadInput> {
    let mut out = io::stdout().lock();
    let mut all = Vec::new();
    for preset in PRESETS {
        let spec = preset.spec();
        let mut rules = serde_json::Map::new();
        for kind in [Kind::Web, Kind::Passcode] {
            let policy = spec.policy(kind).map_err(|e| BadInput(format!("preset {}: {e}", preset.name)))?;
            let labels: Vec<String> =
                check::rules(&policy).into_iter().map(|r| check::label(&policy, r)).collect();
            rules.insert(kind.as_str().into(), labels.into());
        }
        if json {
            all.push(serde_json::json!({
                "name": preset.name,
                "title": preset.title,
                "summary": preset.summary,
                "rules": rules,
                "spec": spec,
            }));
        } else {
            let _ = writeln!(out, "{}: {}", preset.name, preset.title);
            for kind in ["web", "passcode"] {
                let _ = writeln!(out, "  {kind}:");
                for label in rules[kind].as_array().into_iter().flatten() {
                    let _ = writeln!(out, "    - {}", label.as_str().unwrap_or_default());
                }
            }
        }
    }
    if json {
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&all).unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}
