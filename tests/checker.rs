//! Every rule of the checker, at its boundaries, with the admin's wording.

use passwright::check::{Outcome, RuleId, check};
use passwright::policy::{CharRules, PasscodeRules, Policy, WebRules, preset};
use passwright::{Context, Kind};
use zeroize::Zeroizing;

fn verdict(policy: &Policy, ctx: &Context, secret: &str, rule: RuleId) -> (Outcome, Option<String>) {
    let report = check(policy, ctx, secret);
    let v =
        report.verdicts.iter().find(|v| v.rule == rule).unwrap_or_else(|| panic!("no verdict for {rule}"));
    (v.outcome, v.problem.clone())
}

fn web(rules: WebRules) -> Policy {
    Policy::web(&rules, None).unwrap()
}

fn passcode(rules: PasscodeRules) -> Policy {
    Policy::passcode(&rules, None).unwrap()
}

fn user() -> Context {
    Context {
        user_id: Some("jsmith@acme.example".into()),
        extension: Some("4321".into()),
        phone: Some("+1 555 010 2233".into()),
        ..Default::default()
    }
}

#[test]
fn min_length_boundary() {
    let p = web(WebRules { min_length: Some(8), ..Default::default() });
    let ctx = Context::default();
    assert_eq!(verdict(&p, &ctx, "abcdefgh", RuleId::MinLength).0, Outcome::Pass);
    assert_eq!(
        verdict(&p, &ctx, "abcdefg", RuleId::MinLength),
        (Outcome::Fail, Some("7 characters; at least 8 needed".into()))
    );
}

#[test]
fn max_length_boundary_is_the_portal_limit() {
    let p = web(WebRules::default());
    let ctx = Context::default();
    assert_eq!(verdict(&p, &ctx, &"a".repeat(60), RuleId::MaxLength).0, Outcome::Pass);
    assert_eq!(
        verdict(&p, &ctx, &"a".repeat(61), RuleId::MaxLength),
        (Outcome::Fail, Some("61 characters; at most 60 allowed".into()))
    );
}

#[test]
fn counts_of_each_class() {
    let p = web(WebRules {
        min_digits: Some(2),
        min_upper: Some(1),
        min_lower: Some(1),
        min_non_alphanumeric: Some(1),
        ..Default::default()
    });
    let ctx = Context::default();
    let report = check(&p, &ctx, "Ab1!2");
    assert!(report.compliant(), "{report:?}");
    let report = check(&p, &ctx, "Ab1!");
    let failed: Vec<_> = report.failures().map(|v| (v.label.as_str(), v.problem.as_deref())).collect();
    assert_eq!(failed, vec![("At least 2 digits", Some("1 found; at least 2 needed"))]);
    let report = check(&p, &ctx, "ab12x");
    let labels: Vec<_> = report.failures().map(|v| v.label.as_str()).collect();
    assert_eq!(labels, vec!["At least 1 uppercase letter", "At least 1 special character"]);
}

#[test]
fn allowed_characters_name_the_offenders() {
    let chars = CharRules::parse("allowed: lower, digit").unwrap();
    let p = Policy::web(&WebRules::default(), Some(&chars)).unwrap();
    let ctx = Context::default();
    assert_eq!(
        verdict(&p, &ctx, "ab c!é!", RuleId::Allowed),
        (Outcome::Fail, Some("space, ! and é are not allowed".into()))
    );
    assert_eq!(verdict(&p, &ctx, "abc123", RuleId::Allowed).0, Outcome::Pass);
}

#[test]
fn user_id_is_found_case_insensitively_with_or_without_domain() {
    let p = web(WebRules { forbid_user_id: true, ..Default::default() });
    assert_eq!(
        verdict(&p, &user(), "xxJSmith99", RuleId::UserId),
        (Outcome::Fail, Some("contains the user ID jsmith".into()))
    );
    assert_eq!(verdict(&p, &user(), "jsmit-h99", RuleId::UserId).0, Outcome::Pass);
    assert_eq!(
        verdict(&p, &Context::default(), "anything", RuleId::UserId),
        (Outcome::NotChecked, Some("user ID not known; the portal checks this".into()))
    );
}

#[test]
fn repeated_digits_boundary() {
    let p = passcode(PasscodeRules { max_repeated_digits: Some(2), ..Default::default() });
    let ctx = Context::default();
    assert_eq!(verdict(&p, &ctx, "1122", RuleId::MaxConsecutive).0, Outcome::Pass);
    assert_eq!(
        verdict(&p, &ctx, "81117", RuleId::MaxConsecutive),
        (Outcome::Fail, Some("111 repeats 1 3 times in a row; at most 2 allowed".into()))
    );
}

#[test]
fn ascending_and_descending_runs_boundary() {
    let p = passcode(PasscodeRules { max_ascending: Some(3), max_descending: Some(3), ..Default::default() });
    let ctx = Context::default();
    assert_eq!(verdict(&p, &ctx, "9123", RuleId::MaxAscending).0, Outcome::Pass);
    assert_eq!(
        verdict(&p, &ctx, "91234", RuleId::MaxAscending),
        (Outcome::Fail, Some("1234 is an ascending run of 4; at most 3 allowed".into()))
    );
    assert_eq!(verdict(&p, &ctx, "5432", RuleId::MaxDescending).0, Outcome::Fail);
    assert_eq!(verdict(&p, &ctx, "543", RuleId::MaxDescending).0, Outcome::Pass);
    // 9 then 0 is not a step.
    assert_eq!(verdict(&p, &ctx, "789012", RuleId::MaxAscending).0, Outcome::Pass);
}

#[test]
fn repeated_patterns() {
    let p = passcode(PasscodeRules { forbid_repeated_patterns: true, ..Default::default() });
    let ctx = Context::default();
    assert_eq!(
        verdict(&p, &ctx, "1212", RuleId::RepeatedPattern),
        (Outcome::Fail, Some("1212 repeats the pattern 12".into()))
    );
    assert_eq!(verdict(&p, &ctx, "9123123", RuleId::RepeatedPattern).0, Outcome::Fail);
    assert_eq!(verdict(&p, &ctx, "121", RuleId::RepeatedPattern).0, Outcome::Pass);
    assert_eq!(verdict(&p, &ctx, "1231", RuleId::RepeatedPattern).0, Outcome::Pass);
}

#[test]
fn phone_and_extension_and_their_reverses() {
    let p = passcode(PasscodeRules {
        max_length: 15,
        forbid_phone: true,
        forbid_phone_reversed: true,
        forbid_extension: true,
        forbid_extension_reversed: true,
        ..Default::default()
    });
    let ctx = user();
    let failing = |s: &str| -> Vec<String> {
        check(&p, &ctx, s).failures().map(|v| v.problem.clone().unwrap_or_default()).collect()
    };
    assert_eq!(failing("4321"), vec!["is the extension"]);
    assert_eq!(failing("1234"), vec!["is the extension reversed"]);
    assert_eq!(failing("15550102233"), vec!["is the phone number"]);
    assert_eq!(failing("33220105551"), vec!["is the phone number reversed"]);
    assert!(failing("43210").is_empty());
    let unknown = check(&p, &Context::default(), "4321");
    assert!(unknown.compliant());
    assert!(unknown.verdicts.iter().skip(3).all(|v| v.outcome == Outcome::NotChecked));
}

#[test]
fn old_secret_and_its_reverse_and_history() {
    let p = passcode(PasscodeRules { forbid_old: true, history: Some(2), ..Default::default() });
    let ctx = Context {
        previous: vec![
            Zeroizing::new("2468".into()),
            Zeroizing::new("1357".into()),
            Zeroizing::new("9999".into()),
        ],
        ..Default::default()
    };
    assert_eq!(verdict(&p, &ctx, "2468", RuleId::Old).1.as_deref(), Some("is the previous passcode"));
    assert_eq!(
        verdict(&p, &ctx, "8642", RuleId::Old).1.as_deref(),
        Some("is the previous passcode reversed")
    );
    assert_eq!(verdict(&p, &ctx, "1357", RuleId::History).0, Outcome::Fail);
    assert_eq!(verdict(&p, &ctx, "9999", RuleId::History).0, Outcome::Pass, "only the last 2 count");
    assert_eq!(verdict(&p, &Context::default(), "1357", RuleId::History).0, Outcome::NotChecked);
}

#[test]
fn passcode_alphabet_and_lengths() {
    let p = passcode(PasscodeRules { min_length: 4, max_length: 6, ..Default::default() });
    let ctx = Context::default();
    assert_eq!(verdict(&p, &ctx, "12a4", RuleId::Allowed).1.as_deref(), Some("a is not allowed"));
    assert_eq!(verdict(&p, &ctx, "123", RuleId::MinLength).1.as_deref(), Some("3 digits; at least 4 needed"));
    assert_eq!(
        verdict(&p, &ctx, "1234567", RuleId::MaxLength).1.as_deref(),
        Some("7 digits; at most 6 allowed")
    );
}

#[test]
fn labels_read_like_a_checklist() {
    let spec = preset("sinch").unwrap().spec();
    let p = spec.policy(Kind::Passcode).unwrap();
    let labels: Vec<String> =
        check(&p, &Context::default(), "").verdicts.into_iter().map(|v| v.label).collect();
    assert_eq!(
        labels,
        vec![
            "At least 4 digits",
            "At most 8 digits",
            "Digits only",
            "No digit repeated more than 3 times in a row",
            "No ascending run longer than 3 (like 1234)",
            "No descending run longer than 3 (like 4321)",
            "No repeated pattern (like 1212 or 123123)",
            "Not the phone number",
            "Not the phone number reversed",
            "Not the extension",
            "Not the extension reversed",
            "Not the previous passcode or its reverse",
        ]
    );
}

#[test]
fn report_serialises_with_stable_rule_keys() {
    let p = web(WebRules { min_length: Some(8), min_digits: Some(1), ..Default::default() });
    let json = serde_json::to_value(check(&p, &Context::default(), "short")).unwrap();
    let rules: Vec<&str> =
        json["verdicts"].as_array().unwrap().iter().map(|v| v["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, vec!["min-length", "max-length", "allowed", "required-0"]);
    assert_eq!(json["verdicts"][0]["outcome"], "fail");
}
