//! The command-line tool as a user runs it: output, exit codes, one-line errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use passwright_core::check::check;
use passwright_core::policy::preset;
use passwright_core::{Context, Kind};

fn run(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passwright"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    if let Some(input) = stdin {
        child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("it exits")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("UTF-8 errors")
}

fn assert_bad_input(o: &Output, expected: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.contains(expected), "{err:?} should mention {expected:?}");
    assert!(o.stdout.is_empty());
}

#[test]
fn generate_prints_count_compliant_passwords() {
    let o = run(&["generate", "-n", "5", "--user-id", "jsmith", "--preset", "bell"], None);
    assert!(o.status.success());
    let spec = preset("bell").unwrap().spec();
    let policy = spec.policy(Kind::Web).unwrap();
    let ctx = Context { user_id: Some("jsmith".into()), ..Default::default() };
    let lines: Vec<String> = stdout(&o).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 5);
    for line in &lines {
        assert_eq!(line.len(), 16);
        assert!(check(&policy, &ctx, line).compliant(), "{line}");
    }
}

#[test]
fn generate_passcodes_with_length_and_json() {
    let o = run(
        &[
            "generate",
            "--kind",
            "passcode",
            "--preset",
            "bt",
            "--extension",
            "2468",
            "--length",
            "5",
            "--json",
            "-n",
            "2",
        ],
        None,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let items: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let code = item["password"].as_str().unwrap();
        assert_eq!(code.len(), 5);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert!(item["entropy_bits"].as_f64().unwrap() > 10.0);
        assert_eq!(item["nato"].as_str().unwrap().split(" - ").count(), 5);
    }
}

#[test]
fn generate_from_passwordrules() {
    let o =
        run(&["generate", "--rules", "minlength: 20; required: special; allowed: lower", "-n", "3"], None);
    assert!(o.status.success(), "{}", stderr(&o));
    for line in stdout(&o).lines() {
        assert_eq!(line.len(), 20);
        assert!(line.chars().any(|c| !c.is_ascii_alphanumeric()), "{line}");
        assert!(line.chars().all(|c| c.is_ascii_lowercase() || !c.is_ascii_alphanumeric()), "{line}");
    }
}

#[test]
fn check_reads_stdin_and_sets_the_exit_code() {
    let ok = run(&["check", "--preset", "broadsmart"], Some(b"abcdefg1\n"));
    assert_eq!(ok.status.code(), Some(0));
    assert!(stdout(&ok).contains("pass  At least 8 characters"));

    let bad = run(&["check", "--preset", "broadsmart"], Some(b"abcdefg\r\n"));
    assert_eq!(bad.status.code(), Some(1));
    let out = stdout(&bad);
    assert!(out.contains("FAIL  At least 8 characters: 7 characters; at least 8 needed"), "{out}");
    assert!(out.contains("FAIL  At least 1 digit: 0 found; at least 1 needed"), "{out}");

    let code =
        run(&["check", "--preset", "sinch", "--kind", "passcode", "--extension", "1234"], Some(b"4321"));
    assert_eq!(code.status.code(), Some(1));
    assert!(stdout(&code).contains("FAIL  Not the extension reversed: is the extension reversed"));

    let json = run(&["check", "--json"], Some(b"abc"));
    assert_eq!(json.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(report["verdicts"][0]["rule"], "min-length");
}

#[test]
fn check_takes_no_password_argument() {
    // The password may only come from stdin: a stray argument is a usage error.
    let o = run(&["check", "Secret123"], Some(b""));
    assert_eq!(o.status.code(), Some(2));
    assert!(!stdout(&o).contains("Secret123"));
}

#[test]
fn bad_input_exits_2_with_one_line() {
    assert_bad_input(&run(&["generate", "--preset", "acme"], None), "unknown preset \"acme\"");
    assert_bad_input(&run(&["generate", "--rules", "minlength: eight"], None), "passwordrules: expected");
    assert_bad_input(
        &run(
            &["generate", "--rules", "maxlength: 2; required: upper; required: lower; required: digit"],
            None,
        ),
        "the required characters need 3 positions but the maximum length is 2",
    );
    assert_bad_input(&run(&["check"], Some(&[0x66, 0xff, 0xfe])), "standard input is not UTF-8");
    assert_bad_input(&run(&["generate", "--kind", "voicemail"], None), "unknown kind \"voicemail\"");
    assert_bad_input(&run(&["generate", "--length", "4"], None), "length 4 is outside the policy's 8 to 60");
    assert_bad_input(
        &run(&["generate", "--kind", "passcode", "--rules", "allowed: upper"], None),
        "no character is allowed",
    );
}

#[test]
fn presets_lists_each_with_its_rules() {
    let o = run(&["presets"], None);
    assert!(o.status.success());
    let out = stdout(&o);
    for name in ["broadsmart:", "bell:", "sinch:", "bt:"] {
        assert!(out.lines().any(|l| l.starts_with(name)), "{name} in {out}");
    }
    assert!(out.contains("No ascending run longer than 2 (like 1234)"));
    let json: serde_json::Value = serde_json::from_str(&stdout(&run(&["presets", "--json"], None))).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    assert_eq!(json[0]["spec"]["passcode"]["max_length"], 10);
}
