//! The pagers: compact above the table, full below it.
//!
//! Pure, native-tested, here: pagination maths (page counts, the numbered links with ellipses).
//! Component (wasm32): `nav` (both pagers, the jump to a page, rows per page).
//!
//! May use: `list`'s query, `app`, `common`.

#[cfg(target_arch = "wasm32")]
pub mod nav;

/// Pages for `count` results at `size` per page; an empty result still has page 1.
pub fn page_count(count: u64, size: u32) -> u64 {
    count.div_ceil(size.max(1) as u64).max(1)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageItem {
    Page(u64),
    Gap,
}

/// First, last, and the current page with `around` neighbours each side; gaps become ellipses,
/// but a gap of one page shows that page instead (an ellipsis hiding one number helps nobody).
pub fn page_items(current: u64, total: u64, around: u64) -> Vec<PageItem> {
    let total = total.max(1);
    let current = current.clamp(1, total);
    let lo = current.saturating_sub(around).max(1);
    let hi = (current + around).min(total);
    let mut pages: Vec<u64> = vec![1];
    pages.extend(lo..=hi);
    pages.push(total);
    // In order already (1 <= lo <= hi <= total): only the repeats go.
    pages.dedup();
    let mut out = Vec::with_capacity(pages.len() + 2);
    let mut prev = 0;
    for p in pages {
        if p == prev + 2 {
            out.push(PageItem::Page(prev + 1));
        } else if p > prev + 2 {
            out.push(PageItem::Gap);
        }
        out.push(PageItem::Page(p));
        prev = p;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::PageItem::{Gap, Page};
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(page_count(0, 50), 1);
        assert_eq!(page_count(50, 50), 1);
        assert_eq!(page_count(51, 50), 2);
        assert_eq!(page_count(12_345, 50), 247);
    }

    #[test]
    fn ellipses() {
        assert_eq!(page_items(1, 1, 2), vec![Page(1)]);
        assert_eq!(page_items(1, 5, 2), (1..=5).map(Page).collect::<Vec<_>>());
        assert_eq!(
            page_items(10, 247, 2),
            vec![
                Page(1),
                Gap,
                Page(8),
                Page(9),
                Page(10),
                Page(11),
                Page(12),
                Gap,
                Page(247)
            ]
        );
        assert_eq!(
            page_items(4, 20, 1),
            vec![Page(1), Page(2), Page(3), Page(4), Page(5), Gap, Page(20)],
            "a one-page gap shows the page"
        );
        assert_eq!(
            page_items(999, 20, 1),
            vec![Page(1), Gap, Page(19), Page(20)]
        );
    }
}
