//! One conformance suite, every drive: the same scenarios run against This
//! computer and each cloud drive's client over the emulator. A scenario a
//! drive cannot run is skipped with the reason beside it.

mod fixtures;
mod scenarios;

macro_rules! conformance {
    ($drive:ident = $kind:literal: $($scenario:ident),* $(,)?) => {
        mod $drive {
            $(
                #[tokio::test]
                async fn $scenario() {
                    super::scenarios::$scenario(super::fixtures::of($kind).await).await;
                }
            )*
        }
    };
}

/// Every scenario, for every drive named, and the list of the kinds run.
macro_rules! every_scenario {
    ($($drive:ident = $kind:literal),* $(,)?) => {
        $(
            conformance!($drive = $kind:
                lists_root_and_nested, pages_down_to_one_item, keeps_unicode_names, transfers_every_size,
                reads_ranges, follows_conflict_policies, creates_and_deletes_folders, searches, shares_links,
                makes_thumbnails, copies_on_the_server, obeys_throttling, recovers_from_server_errors,
                resumes_cut_downloads, resumes_cut_uploads_without_resending_confirmed_chunks,
                refreshes_expired_tokens, reports_a_full_drive, catches_corrupted_bytes,
            );
        )*
        /// The drive kinds the suite runs.
        const RUN: &[&str] = &[$($kind),*];
    };
}

every_scenario!(
    local = "local",
    dropbox = "dropbox",
    onedrive = "onedrive",
    boxcom = "box",
    alfresco = "alfresco",
    clouddrive = "clouddrive",
    s3 = "s3",
    azblob = "azblob",
);

/// A drive added to the registry is run here too, or this fails.
#[test]
fn every_drive_of_the_registry_runs_the_suite() {
    let mut registry: Vec<&str> = cloudpick_core::drives::registry::DRIVES
        .iter()
        .map(|r| r.kind)
        .collect();
    let mut run = RUN.to_vec();
    registry.sort_unstable();
    run.sort_unstable();
    assert_eq!(run, registry);
}
