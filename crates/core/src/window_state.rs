//! The window's size and place, kept in the data folder (`window.json`) so
//! that Cloudpick opens where it was left, unless that place is no longer on
//! any screen (a monitor unplugged).

use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Physical pixels, as the window system gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowState {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub maximized: bool,
}

/// A screen's area, in physical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

impl WindowState {
    pub fn file(data_dir: &Path) -> PathBuf {
        data_dir.join("window.json")
    }

    /// The state kept, if there is one that reads.
    pub fn load(data_dir: &Path) -> Option<Self> {
        let text = std::fs::read_to_string(Self::file(data_dir)).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn save(&self, data_dir: &Path) -> Result<()> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| crate::Error::from_io(e, "create", &data_dir.display().to_string()))?;
        let text = serde_json::to_string_pretty(self).unwrap_or_default();
        crate::settings::write_atomic(&Self::file(data_dir), text.as_bytes())
    }

    /// Where to put the window back: where it was, when it can be grabbed
    /// there; else centred on the first screen, made to fit it.
    pub fn placed_on(&self, screens: &[Screen]) -> WindowState {
        match screens.first() {
            Some(screen) if !self.reachable_on(screens) => {
                let width = self.width.min(screen.width);
                let height = self.height.min(screen.height);
                WindowState {
                    x: screen.x + ((screen.width - width) / 2) as i32,
                    y: screen.y + ((screen.height - height) / 2) as i32,
                    width,
                    height,
                    maximized: self.maximized,
                }
            }
            _ => *self,
        }
    }

    /// Whether enough of the window's title bar is on one of `screens` to
    /// grab it: 64 × 32 pixels of its top strip.
    pub fn reachable_on(&self, screens: &[Screen]) -> bool {
        const GRIP_W: i64 = 64;
        const GRIP_H: i64 = 32;
        let (left, top) = (i64::from(self.x), i64::from(self.y));
        let right = left + i64::from(self.width);
        screens.iter().any(|s| {
            let (sl, st) = (i64::from(s.x), i64::from(s.y));
            let (sr, sb) = (sl + i64::from(s.width), st + i64::from(s.height));
            let across = right.min(sr) - left.max(sl);
            let down = (top + GRIP_H).min(sb) - top.max(st);
            across >= GRIP_W && down >= GRIP_H
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen {
        x: 0,
        y: 0,
        width: 1920,
        height: 1080,
    };
    const RIGHT: Screen = Screen {
        x: 1920,
        y: 0,
        width: 2560,
        height: 1440,
    };

    fn at(x: i32, y: i32) -> WindowState {
        WindowState {
            x,
            y,
            width: 1040,
            height: 680,
            maximized: false,
        }
    }

    #[test]
    fn a_window_is_put_back_only_where_it_can_be_grabbed() {
        assert!(at(100, 80).reachable_on(&[LAPTOP]));
        assert!(at(2400, 200).reachable_on(&[LAPTOP, RIGHT]));
        assert!(
            !at(2400, 200).reachable_on(&[LAPTOP]),
            "its monitor is gone"
        );
        assert!(
            !at(1900, 100).reachable_on(&[LAPTOP]),
            "only 20 pixels show"
        );
        assert!(
            !at(100, 1070).reachable_on(&[LAPTOP]),
            "its title bar is below the screen"
        );
        assert!(
            at(-900, 10).reachable_on(&[LAPTOP]),
            "half off the left edge is fine"
        );
    }

    #[test]
    fn a_window_off_every_screen_comes_back_centred_and_fitting() {
        assert_eq!(at(100, 80).placed_on(&[LAPTOP]), at(100, 80));
        let lost = WindowState {
            x: 6000,
            y: 4000,
            width: 2000,
            height: 600,
            maximized: false,
        };
        assert_eq!(
            lost.placed_on(&[LAPTOP, RIGHT]),
            WindowState {
                x: 0,
                y: 240,
                width: 1920,
                height: 600,
                maximized: false
            }
        );
        assert_eq!(
            lost.placed_on(&[]),
            lost,
            "no screens known: left as it was"
        );
    }

    #[test]
    fn it_is_kept_in_the_data_folder_and_a_broken_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(WindowState::load(dir.path()), None);
        at(30, 40).save(dir.path()).unwrap();
        assert_eq!(WindowState::load(dir.path()), Some(at(30, 40)));
        std::fs::write(WindowState::file(dir.path()), "{not json").unwrap();
        assert_eq!(WindowState::load(dir.path()), None);
    }
}
