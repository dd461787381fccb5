//! NATO phonetic spelling, for admins who read a password to a user over the
//! phone: "Kilo - lowercase kilo - Seven - ...", and the reading of words
//! passwords ([`read_aloud`]): "word tiger - Hyphen - capitalised word Apple".

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

/// How a run of the secret is read: a word of [`crate::words::list`] in one
/// of the three forms the words passwords use, or one character.
fn word_form(run: &[char]) -> Option<String> {
    if !(3..=5).contains(&run.len()) {
        return None;
    }
    let text: String = run.iter().collect();
    let lower = text.to_ascii_lowercase();
    if !crate::words::is_word(&lower) {
        return None;
    }
    let capitalised = run[0].is_ascii_uppercase() && text[1..] == lower[1..];
    Some(if text == lower {
        format!("word {text}")
    } else if text == lower.to_ascii_uppercase() && run.iter().filter(|c| c.is_ascii_alphabetic()).count() > 1
    {
        format!("all-capitals word {text}")
    } else if capitalised {
        format!("capitalised word {text}")
    } else {
        return None;
    })
}

/// A secret read aloud: every word of [`crate::words::list`] as a word
/// ("word tiger", "capitalised word Tiger", "all-capitals word TIGER"), every
/// other character by [`word`] (NATO code words for letters, names for
/// digits and symbols). Words are marked as such because some are also
/// spoken digits or code words ("seven", "golf"). The reading covers the
/// fewest pieces, so a words password reads as its words; any secret reads
/// back to exactly its characters.
pub fn read_aloud(secret: &str) -> Vec<String> {
    let chars: Vec<char> = secret.chars().collect();
    // best[i]: the fewest pieces covering chars[..i], and the last one's start.
    let mut best: Vec<(usize, usize)> = vec![(usize::MAX, 0); chars.len() + 1];
    best[0] = (0, 0);
    for end in 1..=chars.len() {
        for start in end.saturating_sub(5)..end {
            let one = end - start == 1 || word_form(&chars[start..end]).is_some();
            if one && best[start].0 != usize::MAX && best[start].0 + 1 < best[end].0 {
                best[end] = (best[start].0 + 1, start);
            }
        }
    }
    let mut pieces = Vec::new();
    let mut end = chars.len();
    while end > 0 {
        let start = best[end].1;
        pieces.push(if end - start == 1 {
            word(chars[start])
        } else {
            word_form(&chars[start..end]).unwrap_or_default()
        });
        end = start;
    }
    pieces.reverse();
    pieces
}

/// [`read_aloud`], pieces separated by " - ".
pub fn speak(secret: &str) -> String {
    read_aloud(secret).join(" - ")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn words_read_as_words_and_the_rest_as_before() {
        assert_eq!(
            speak("tiger-Apple7yo-yo!SEVEN"),
            "word tiger - Hyphen - capitalised word Apple - Seven - word yo-yo - Exclamation mark - all-capitals word SEVEN"
        );
        // Not words: spelled as nato::spell does.
        assert_eq!(read_aloud("Kk7"), words("Kk7"));
        assert_eq!(speak("tIger"), spell("tIger"));
        // A word inside other letters still reads as a word.
        assert_eq!(speak("xtigerQ"), "lowercase x-ray - word tiger - Quebec");
        assert_eq!(read_aloud(""), Vec::<String>::new());
    }

    #[test]
    fn non_ascii_is_named_by_code_point() {
        assert_eq!(word('é'), "U+00E9");
    }
}
