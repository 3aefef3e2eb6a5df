//! How far a summary got, in words: `Progress`, the heading that says plainly what was read
//! (`heading`) and the line that counts the events read so far (`progress_text`).

use crate::common::format::thousands;

/// How far a summary got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Complete,
    Cancelled,
    Stopped,
}

/// The summary's heading, which says plainly what was read: "Summary of 1,234 events", "Summary
/// of the newest 20,000 of 183,402 events", "Partial summary (cancelled): the newest 3,500 of
/// 183,402 events".
pub fn heading(read: u64, matching: u64, progress: Progress) -> String {
    let what = if read >= matching {
        format!(
            "{} event{}",
            thousands(read),
            if read == 1 { "" } else { "s" }
        )
    } else {
        format!(
            "the newest {} of {} events",
            thousands(read),
            thousands(matching)
        )
    };
    match progress {
        Progress::Complete => format!("Summary of {what}"),
        Progress::Cancelled => format!("Partial summary (cancelled): {what}"),
        Progress::Stopped => format!("Partial summary (stopped by an error): {what}"),
    }
}

/// "3,500 of 20,000 events read".
pub fn progress_text(read: u64, target: u64) -> String {
    format!("{} of {} events read", thousands(read), thousands(target))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::summary::{heat_level, share_text};

    #[test]
    fn headings_say_what_was_read() {
        assert_eq!(
            heading(1234, 1234, Progress::Complete),
            "Summary of 1,234 events"
        );
        assert_eq!(heading(1, 1, Progress::Complete), "Summary of 1 event");
        assert_eq!(
            heading(20_000, 183_402, Progress::Complete),
            "Summary of the newest 20,000 of 183,402 events"
        );
        assert_eq!(
            heading(3_500, 183_402, Progress::Cancelled),
            "Partial summary (cancelled): the newest 3,500 of 183,402 events"
        );
        assert_eq!(progress_text(3_500, 20_000), "3,500 of 20,000 events read");
        assert_eq!(share_text(1, 3), "33.3%");
        assert_eq!(share_text(2, 3), "66.7%");
        assert_eq!(share_text(1, 100_000), "<0.1%");
        assert_eq!(share_text(0, 10), "0%");
        assert_eq!(share_text(5, 0), "0%");
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(10, 10), 5);
    }
}
