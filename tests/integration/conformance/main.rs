//! One conformance suite, every drive: the same scenarios run against This
//! computer and each cloud drive's client over the emulator. A scenario a
//! drive cannot run is skipped with the reason beside it.

mod fixtures;
mod scenarios;

macro_rules! conformance {
    ($drive:ident: $($scenario:ident),* $(,)?) => {
        mod $drive {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::scenarios::$scenario(super::fixtures::$drive().await).await;
                }
            )*
        }
    };
}

/// Every scenario, for every drive.
macro_rules! every_scenario {
    ($drive:ident) => {
        conformance!($drive:
            lists_root_and_nested, pages_down_to_one_item, keeps_unicode_names, transfers_every_size,
            reads_ranges, follows_conflict_policies, creates_and_deletes_folders, searches, shares_links,
            makes_thumbnails, copies_on_the_server, obeys_throttling, recovers_from_server_errors,
            resumes_cut_downloads, resumes_cut_uploads_without_resending_confirmed_chunks,
            refreshes_expired_tokens, reports_a_full_drive, catches_corrupted_bytes,
        );
    };
}

every_scenario!(local);
every_scenario!(dropbox);
every_scenario!(onedrive);
every_scenario!(boxcom);
every_scenario!(alfresco);
every_scenario!(amazon);
