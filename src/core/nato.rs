//! NATO phonetic spelling, for admins who read a password to a user over the
//! phone: "Kilo - lowercase kilo - Seven - ...".

const LETTERS: [&str; 26] = [
    "Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India", "Juliett", "Kilo",
    "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo", "Sierra", "Tango", "Uniform", "Victor",
    "Whiskey", "X-ray", "Yankee", "Zulu",
];

const DIGITS: [&str; 10] = ["Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine"];

fn symbol(c: char) -> Option<&'static str> {
    Some(match c {
        ' ' => "Space",
        '!' => "Exclamation mark",
        '"' => "Double quote",
        '#' => "Hash",
        '$' => "Dollar sign",
        '%' => "Percent sign",
        '&' => "Ampersand",
        '\'' => "Apostrophe",
        '(' => "Left parenthesis",
        ')' => "Right parenthesis",
        '*' => "Asterisk",
        '+' => "Plus sign",
        ',' => "Comma",
        '-' => "Hyphen",
        '.' => "Full stop",
        '/' => "Slash",
        ':' => "Colon",
        ';' => "Semicolon",
        '<' => "Less-than sign",
        '=' => "Equals sign",
        '>' => "Greater-than sign",
        '?' => "Question mark",
        '@' => "At sign",
        '[' => "Left square bracket",
        '\\' => "Backslash",
        ']' => "Right square bracket",
        '^' => "Caret",
        '_' => "Underscore",
        '`' => "Backtick",
        '{' => "Left curly brace",
        '|' => "Vertical bar",
        '}' => "Right curly brace",
        '~' => "Tilde",
        _ => return None,
    })
}

/// The spoken word for one character: uppercase letters by their code word,
/// lowercase ones as "lowercase" and the word, digits and symbols by name.
pub fn word(c: char) -> String {
    match c {
        'A'..='Z' => LETTERS[(c as u8 - b'A') as usize].to_owned(),
        'a'..='z' => format!("lowercase {}", LETTERS[(c as u8 - b'a') as usize].to_lowercase()),
        '0'..='9' => DIGITS[(c as u8 - b'0') as usize].to_owned(),
        c => symbol(c).map_or_else(|| format!("U+{:04X}", c as u32), str::to_owned),
    }
}

/// One word per character.
pub fn words(secret: &str) -> Vec<String> {
    secret.chars().map(word).collect()
}

/// The whole secret spelled out, words separated by " - ".
pub fn spell(secret: &str) -> String {
    words(secret).join(" - ")
}

/// A speakable secret read aloud: its words as words ("capital" before one
/// that starts with a capital), everything else spelled as above.
pub fn speakable(secret: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if word.chars().count() >= 2 {
            let lower = word.to_lowercase();
            if word.chars().next().is_some_and(char::is_uppercase) {
                out.push(format!("capital {lower}"));
            } else {
                out.push(lower);
            }
        } else {
            out.extend(word.chars().map(self::word));
        }
        word.clear();
    };
    for c in secret.chars() {
        if c.is_ascii_alphabetic() && !(c.is_ascii_uppercase() && !word.is_empty()) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            if c.is_ascii_alphabetic() {
                word.push(c);
            } else {
                out.push(self::word(c));
            }
        }
    }
    flush(&mut word, &mut out);
    out.join(" - ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakable_reads_words_as_words() {
        assert_eq!(speakable("Maple-tiger7"), "capital maple - Hyphen - tiger - Seven");
    }

    #[test]
    fn spells_like_the_issue_says() {
        assert_eq!(spell("Kk7"), "Kilo - lowercase kilo - Seven");
    }

    #[test]
    fn every_printable_character_has_a_distinct_word() {
        let all: Vec<String> = (' '..='~').map(word).collect();
        let mut distinct = all.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), 95);
        assert!(all.iter().all(|w| !w.starts_with("U+")));
    }

    #[test]
    fn non_ascii_is_named_by_code_point() {
        assert_eq!(word('é'), "U+00E9");
    }
}
