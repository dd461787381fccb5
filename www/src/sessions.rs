//! Login sessions, one-time form tokens and flash messages.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::faults::Faults;
use crate::rules::Secret;

/// Who is logged in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Principal {
    /// The group administrator.
    Admin,
    /// A user, by user ID (self-service).
    User(String),
}

/// Why a user must change the password before doing anything else.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MustChange {
    /// The password expired.
    Expired,
    /// An administrator reset it and the rules force a change.
    AfterReset,
}

/// What a form token was issued for; a token only works for its own form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormPurpose {
    /// The Passwords page of a user.
    Passwords(String),
    /// A device action (`rebuild` or `reset`) on a device.
    DeviceAction(String, String),
    /// The Password Rules page.
    Rules,
    /// A variant's form (its name) for a user (or for nobody: "").
    Other(&'static str, String),
}

/// A message carried across a redirect.
#[derive(Clone, Debug, Default)]
pub struct Flash {
    /// Success lines.
    pub success: Vec<String>,
    /// Error lines, one per violated rule.
    pub errors: Vec<String>,
    /// The radio to preselect on the Passwords page.
    pub kind: Option<Secret>,
}

/// One login session.
#[derive(Debug)]
pub struct Session {
    /// Who.
    pub principal: Principal,
    /// Pending forced change.
    pub must_change: Option<MustChange>,
    last_seen: Instant,
    requests: u32,
    /// Issued tokens, oldest first: (token, purpose, used).
    tokens: Vec<(String, FormPurpose, bool)>,
    /// Message for the next page shown.
    pub flash: Option<Flash>,
}

/// What a submitted token turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenCheck {
    /// Issued for this form and not used yet.
    Fresh,
    /// Issued for this form and already used: a duplicate submission.
    Used,
    /// Unknown, or issued for another form.
    Invalid,
}

/// How many tokens a session remembers.
const MAX_TOKENS: usize = 256;

/// The result of looking a session up.
pub enum Lookup<'a> {
    /// A live session.
    Live(&'a mut Session),
    /// The cookie names a session that has expired (or never existed).
    Expired,
    /// No cookie.
    Anonymous,
}

/// All sessions.
#[derive(Debug, Default)]
pub struct Sessions {
    map: HashMap<String, Session>,
}

/// A random hex string of `bytes` bytes.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the OS random source works");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

impl Sessions {
    /// Starts a session and returns its ID.
    pub fn create(&mut self, principal: Principal, must_change: Option<MustChange>) -> String {
        let id = random_hex(16);
        self.map.insert(
            id.clone(),
            Session {
                principal,
                must_change,
                last_seen: Instant::now(),
                requests: 0,
                tokens: Vec::new(),
                flash: None,
            },
        );
        id
    }

    /// Ends a session.
    pub fn remove(&mut self, id: &str) {
        self.map.remove(id);
    }

    /// Ends every session.
    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// How many sessions are live.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Looks a session up for a request, applying the expiry faults: an
    /// idle or over-used session is dropped and reported as expired.
    pub fn touch(&mut self, id: Option<&str>, faults: &Faults) -> Lookup<'_> {
        let Some(id) = id else {
            return Lookup::Anonymous;
        };
        let now = Instant::now();
        let expired = match self.map.get(id) {
            None => return Lookup::Expired,
            Some(s) => {
                let idle = faults
                    .session_idle_secs
                    .is_some_and(|secs| now.duration_since(s.last_seen) > Duration::from_secs(secs));
                let used_up = faults.session_max_requests.is_some_and(|max| s.requests >= max);
                idle || used_up
            }
        };
        if expired {
            self.map.remove(id);
            return Lookup::Expired;
        }
        let session = self.map.get_mut(id).expect("checked above");
        session.last_seen = now;
        session.requests += 1;
        Lookup::Live(session)
    }

    /// A session by ID without counting a request (after `touch`).
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Session> {
        self.map.get_mut(id)
    }
}

impl Session {
    /// Issues a one-time token for a form.
    pub fn issue_token(&mut self, purpose: FormPurpose) -> String {
        let token = random_hex(12);
        self.tokens.push((token.clone(), purpose, false));
        if self.tokens.len() > MAX_TOKENS {
            self.tokens.remove(0);
        }
        token
    }

    /// Checks a submitted token against the form it must belong to, without
    /// using it up.
    pub fn check_token(&self, token: &str, purpose: &FormPurpose) -> TokenCheck {
        match self.tokens.iter().find(|(t, _, _)| t == token) {
            Some((_, p, used)) if p == purpose => {
                if *used {
                    TokenCheck::Used
                } else {
                    TokenCheck::Fresh
                }
            }
            _ => TokenCheck::Invalid,
        }
    }

    /// Marks a token used: a later submission with it is a duplicate.
    pub fn use_token(&mut self, token: &str) {
        if let Some(entry) = self.tokens.iter_mut().find(|(t, _, _)| t == token) {
            entry.2 = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bound_to_their_form_and_used_once() {
        let mut s = Sessions::default();
        let id = s.create(Principal::Admin, None);
        let Lookup::Live(session) = s.touch(Some(&id), &Faults::default()) else {
            panic!("session should be live");
        };
        let purpose = FormPurpose::Passwords("u".into());
        let t = session.issue_token(purpose.clone());
        assert_eq!(session.check_token(&t, &FormPurpose::Rules), TokenCheck::Invalid);
        assert_eq!(session.check_token(&t, &purpose), TokenCheck::Fresh);
        session.use_token(&t);
        assert_eq!(session.check_token(&t, &purpose), TokenCheck::Used);
    }

    #[test]
    fn a_session_expires_after_its_request_budget() {
        let mut s = Sessions::default();
        let id = s.create(Principal::Admin, None);
        let faults = Faults { session_max_requests: Some(2), ..Faults::default() };
        assert!(matches!(s.touch(Some(&id), &faults), Lookup::Live(_)));
        assert!(matches!(s.touch(Some(&id), &faults), Lookup::Live(_)));
        assert!(matches!(s.touch(Some(&id), &faults), Lookup::Expired));
        assert_eq!(s.len(), 0);
    }
}
