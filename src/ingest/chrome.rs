//! Site chrome: the parts of a generated HTML page that are not its text.
//!
//! Documentation generators wrap every page in the same navigation,
//! breadcrumbs, sidebars, permalink anchors and version badges; indexed,
//! they fill the results with near-identical passages ("Expand description",
//! "1.0.0 · Source", `§Examples`). [`is_chrome`] recognises such elements by
//! their ARIA role and their `class`/`id` names (rustdoc, Sphinx, MkDocs,
//! GitHub and common themes); [`is_chrome_text`] the link texts that are
//! only chrome ("Read more", "Skip to content", a lone `§` or `¶`).

/// ARIA landmark roles that are never a page's main text.
const ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menubar",
    "menu",
    "toolbar",
    "tablist",
];

/// `class` or `id` names of chrome elements.
const NAMES: &[&str] = &[
    // rustdoc
    "rightside",
    "since",
    "src",
    "srclink",
    "out-of-band",
    "doc-anchor",
    "anchor",
    "hideme",
    "sidebar",
    "sidebar-elems",
    "sub-heading",
    "main-heading-toolbar",
    "search-form",
    "notable-traits",
    // Sphinx
    "headerlink",
    "sphinxsidebar",
    "sphinxsidebarwrapper",
    "related",
    "wy-nav-side",
    "wy-breadcrumbs",
    "rst-footer-buttons",
    "rst-versions",
    // MkDocs (and Material)
    "md-header",
    "md-footer",
    "md-sidebar",
    "md-nav",
    "md-source",
    "md-skip",
    "md-search",
    "md-tabs",
    // DocBook (valgrind, many /usr/share/doc manuals)
    "navheader",
    "navfooter",
    // GitHub and common themes
    "permalink",
    "skip-link",
    "skip-to-content",
    "skip-nav",
    "navbar",
    "edit-link",
    "edit-this-page",
    "prev-next",
    "pagination",
];

/// Whether a start tag is chrome: its `role`, `class` or `id` (read through
/// `attr`, lower-cased) names navigation, a sidebar, breadcrumbs, a
/// permalink anchor or a version badge.
pub fn is_chrome(attr: &dyn Fn(&str) -> Option<String>) -> bool {
    if attr("role").is_some_and(|r| r.split_ascii_whitespace().any(|r| ROLES.contains(&r))) {
        return true;
    }
    if attr("aria-label").is_some_and(|l| l.contains("breadcrumb")) {
        return true;
    }
    ["class", "id"].into_iter().any(|key| {
        attr(key).is_some_and(|value| {
            value.split_ascii_whitespace().any(|name| {
                NAMES.contains(&name) || name.contains("breadcrumb") || name.starts_with("skip-")
            })
        })
    })
}

/// Link and summary texts that are only chrome.
const PHRASES: &[&str] = &[
    "read more",
    "expand description",
    "skip to content",
    "skip to main content",
    "skip to navigation",
    "back to top",
    "edit on github",
    "edit this page",
    "view source",
    "[src]",
    "[−]",
    "[+]",
];

/// Whether `text`, the whole text of a link, `summary` or `button`, is only
/// chrome: a phrase such as "Read more" or "Skip to content", or symbols
/// used as permalinks (`§`, `¶`, `#`, `🔗`).
pub fn is_chrome_text(text: &str) -> bool {
    let t = text
        .trim()
        .trim_end_matches(['…', '.', '»', '›', '→'])
        .trim();
    if t.is_empty() {
        return false;
    }
    if t.chars()
        .all(|c| matches!(c, '§' | '¶' | '#' | '🔗' | '⚓') || c.is_whitespace())
    {
        return true;
    }
    t.len() <= 24 && PHRASES.iter().any(|p| t.eq_ignore_ascii_case(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            pairs
                .iter()
                .find(|(key, _)| *key == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn chrome_elements() {
        for pairs in [
            &[("role", "navigation")][..],
            &[("class", "rightside")],
            &[("class", "headerlink")],
            &[("class", "wy-breadcrumbs")],
            &[("aria-label", "breadcrumbs navigation")],
            &[("class", "md-sidebar md-sidebar--primary")],
            &[("id", "skip-to-main")],
        ] {
            assert!(is_chrome(&attrs(pairs)), "{pairs:?}");
        }
        for pairs in [
            &[("role", "main")][..],
            &[("class", "docblock")],
            &[("class", "section")],
            &[],
        ] {
            assert!(!is_chrome(&attrs(pairs)), "{pairs:?}");
        }
    }

    #[test]
    fn chrome_texts() {
        for t in [
            "Read more",
            "Read more…",
            "§",
            " ¶ ",
            "Skip to content",
            "Back to top",
        ] {
            assert!(is_chrome_text(t), "{t}");
        }
        for t in ["Read the manual", "Examples", "", "Open source software"] {
            assert!(!is_chrome_text(t), "{t}");
        }
    }
}
