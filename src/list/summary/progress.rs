//! How far a summary got, in words: `Progress`, the heading that says plainly what was read
//! (`heading`, on screen and as the CSV's first line) and the line that counts the events read
//! so far (`progress_text`).

use crate::i18n::{m, number, tn};

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
    if read >= matching {
        let id = match progress {
            Progress::Complete => m::SUMMARY__HEADING,
            Progress::Cancelled => m::SUMMARY__HEADING_CANCELLED,
            Progress::Stopped => m::SUMMARY__HEADING_STOPPED,
        };
        return tn(id, read, &[]);
    }
    let id = match progress {
        Progress::Complete => m::SUMMARY__HEADING_NEWEST,
        Progress::Cancelled => m::SUMMARY__HEADING_CANCELLED_NEWEST,
        Progress::Stopped => m::SUMMARY__HEADING_STOPPED_NEWEST,
    };
    tn(id, matching, &[("read", &number(read))])
}

/// "3,500 of 20,000 events read".
pub fn progress_text(read: u64, target: u64) -> String {
    tn(m::SUMMARY__PROGRESS, target, &[("read", &number(read))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::list::summary::{heat_level, share_shown, share_text};

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
        assert_eq!(
            heading(1, 1, Progress::Stopped),
            "Partial summary (stopped by an error): 1 event"
        );
        assert_eq!(progress_text(3_500, 20_000), "3,500 of 20,000 events read");
        assert_eq!(share_text(1, 3), "33.3%");
        assert_eq!(share_text(2, 3), "66.7%");
        assert_eq!(share_text(1, 100_000), "<0.1%");
        assert_eq!(share_text(0, 10), "0%");
        assert_eq!(share_text(5, 0), "0%");
        for (count, of) in [
            (1, 3),
            (2, 3),
            (1, 100_000),
            (0, 10),
            (5, 0),
            (7, 7),
            (1, 8),
        ] {
            assert_eq!(
                share_shown(count, of),
                share_text(count, of),
                "{count} of {of}"
            );
        }
        assert_eq!(heat_level(0, 10), 0);
        assert_eq!(heat_level(1, 10), 1);
        assert_eq!(heat_level(10, 10), 5);
    }
}
