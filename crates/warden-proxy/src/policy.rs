//! Tool policy: which tools a server may offer and the client may call.

/// A shell-style pattern over tool names: `*` matches any run of characters, `?` one character,
/// everything else itself (case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob(String);

impl Glob {
    pub fn new(pattern: impl Into<String>) -> Self {
        Glob(pattern.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn matches(&self, name: &str) -> bool {
        let p: Vec<char> = self.0.chars().collect();
        let t: Vec<char> = name.chars().collect();
        // Iterative matcher with single-star backtracking: O(|p|·|t|) worst case.
        let (mut pi, mut ti) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while ti < t.len() {
            if pi < p.len() && (p[pi] == '?' || (p[pi] != '*' && p[pi] == t[ti])) {
                pi += 1;
                ti += 1;
            } else if pi < p.len() && p[pi] == '*' {
                star = Some((pi, ti));
                pi += 1;
            } else if let Some((sp, st)) = star {
                pi = sp + 1;
                ti = st + 1;
                star = Some((sp, st + 1));
            } else {
                return false;
            }
        }
        p[pi..].iter().all(|&c| c == '*')
    }
}

/// What the guard enforces. Pure data, independent of any command line parser.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Tools matching any of these are removed from listings and refused.
    pub deny: Vec<Glob>,
    /// When not empty, only tools matching one of these are allowed (deny still wins).
    pub allow: Vec<Glob>,
    /// Largest client message accepted, in bytes.
    pub max_client_message: usize,
    /// Largest server message accepted, in bytes.
    pub max_server_message: usize,
    /// Most client requests awaiting an answer at once.
    pub max_pending: usize,
    /// Check tool definitions against the pin store.
    pub pins: bool,
    /// Also withhold tools whose descriptions carry instruction-injection markers
    /// (hidden characters are always withheld).
    pub withhold_suspicious: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            deny: Vec::new(),
            allow: Vec::new(),
            max_client_message: 16 << 20,
            max_server_message: 64 << 20,
            max_pending: 4096,
            pins: true,
            withhold_suspicious: false,
        }
    }
}

/// Why a tool is not available.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// Matches a `deny` pattern.
    Denied(String),
    /// An `allow` list is set and nothing in it matches.
    NotAllowed,
}

impl Policy {
    /// `None` when the policy permits `tool`.
    pub fn check(&self, tool: &str) -> Option<Denial> {
        if let Some(g) = self.deny.iter().find(|g| g.matches(tool)) {
            return Some(Denial::Denied(g.as_str().to_string()));
        }
        if !self.allow.is_empty() && !self.allow.iter().any(|g| g.matches(tool)) {
            return Some(Denial::NotAllowed);
        }
        None
    }
}

impl std::fmt::Display for Denial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Denial::Denied(p) => write!(f, "denied by pattern `{p}`"),
            Denial::NotAllowed => f.write_str("not in the allowed tools"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_matching() {
        let g = Glob::new;
        assert!(g("write_*").matches("write_file"));
        assert!(!g("write_*").matches("read_file"));
        assert!(g("*file*").matches("read_text_file"));
        assert!(g("?ead").matches("read"));
        assert!(!g("?ead").matches("bread"));
        assert!(g("*").matches(""));
        assert!(g("a*b*c").matches("aXbYbZc"));
        assert!(!g("a*b*c").matches("aXbYbZ"));
        assert!(!g("Write").matches("write"));
    }

    #[test]
    fn deny_wins_over_allow() {
        let p = Policy {
            deny: vec![Glob::new("*_file")],
            allow: vec![Glob::new("read_*")],
            ..Policy::default()
        };
        assert_eq!(p.check("read_file"), Some(Denial::Denied("*_file".into())));
        assert_eq!(p.check("read_dir"), None);
        assert_eq!(p.check("list"), Some(Denial::NotAllowed));
    }
}
