//! Videos and sound: a video's frame from about 10% in (the grid's picture)
//! and its length, through ffmpeg and ffprobe, which read the file from a
//! loopback server of Cloudpick's (`serve.rs`) so that only the parts they
//! need leave the drive. Both are optional programs of the system: without
//! them, videos show their icon.

mod serve;

pub use serve::{serve, Served};

use crate::documents::tools::{self, Network};
use crate::drive::Drive;
use crate::error::{Error, ErrorKind, Result};
use crate::item::DriveItem;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use ts_rs::TS;

const INSTALL: &str = "Video pictures need ffmpeg: install it with `sudo apt install ffmpeg`";

/// What the window shows of a video or a sound: its length and size.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MediaInfo {
    /// Seconds, with fractions; `None` when the file does not say.
    pub duration: Option<f64>,
    /// The picture's size, for a video.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// The videos whose frame the grid shows (the window's `isVideoName` names the same).
pub const VIDEO: [&str; 5] = ["mp4", "m4v", "mov", "mkv", "webm"];
const AUDIO: [&str; 7] = ["mp3", "m4a", "ogg", "oga", "opus", "wav", "flac"];

/// Whether `name` is a video whose frame the grid shows.
pub fn is_video(name: &str) -> bool {
    VIDEO.contains(&crate::names::extension(name).as_str())
}

/// Whether `name` is a sound file.
pub fn is_audio(name: &str) -> bool {
    AUDIO.contains(&crate::names::extension(name).as_str())
}

/// The demuxer ffmpeg must use for `head`: only these two are allowed, so
/// a file cannot make ffmpeg follow a playlist or another URL.
fn demuxer(head: &[u8]) -> Option<&'static str> {
    match head {
        [_, _, _, _, b'f', b't', b'y', b'p', ..] => Some("mov"),
        [_, _, _, _, b'm', b'o', b'o', b'v', ..] | [_, _, _, _, b'm', b'd', b'a', b't', ..] => {
            Some("mov")
        }
        [0x1A, 0x45, 0xDF, 0xA3, ..] => Some("matroska"),
        [b'I', b'D', b'3', ..] | [0xFF, 0xFB | 0xF3 | 0xF2, ..] => Some("mp3"),
        [b'O', b'g', b'g', b'S', ..] => Some("ogg"),
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'A', b'V', b'E', ..] => Some("wav"),
        [b'f', b'L', b'a', b'C', ..] => Some("flac"),
        _ => None,
    }
}

/// The arguments that open `url` safely: loopback HTTP only, one demuxer.
fn input(url: &str, format: &str) -> Vec<String> {
    [
        "-nostdin",
        "-hide_banner",
        "-v",
        "error",
        "-protocol_whitelist",
        "http,tcp",
        // Little read ahead: what is not decoded stays on the drive.
        "-recv_buffer_size",
        "131072",
        "-f",
        format,
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .chain(["-i".to_owned(), url.to_owned()])
    .collect()
}

/// A served file and what it is, ready for ffmpeg.
struct Opened {
    served: Served,
    format: &'static str,
}

async fn open(drive: Arc<dyn Drive>, item: &DriveItem) -> Result<Opened> {
    use futures::TryStreamExt;
    let range = crate::item::ByteRange {
        start: 0,
        len: Some(16),
    };
    let mut body = drive.read(&item.id, Some(range)).await?;
    let mut head = Vec::new();
    while let Some(chunk) = body.try_next().await? {
        head.extend_from_slice(&chunk);
    }
    let format = demuxer(&head).ok_or_else(|| {
        Error::new(
            ErrorKind::Unsupported,
            format!("{} is not a video or sound file Cloudpick reads", item.name),
        )
    })?;
    let served = serve(drive, item.clone()).await?;
    Ok(Opened { served, format })
}

#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    streams: Vec<ProbeStream>,
    format: Option<ProbeFormat>,
}

#[derive(Deserialize)]
struct ProbeStream {
    codec_type: Option<String>,
    width: Option<u32>,
    height: Option<u32>,
}

#[derive(Deserialize)]
struct ProbeFormat {
    duration: Option<String>,
}

/// A video's or a sound's length and picture size, by ffprobe.
pub async fn info(drive: Arc<dyn Drive>, item: &DriveItem) -> Result<MediaInfo> {
    probe(&open(drive, item).await?, item).await
}

/// ffprobe on an opened file.
async fn probe(opened: &Opened, item: &DriveItem) -> Result<MediaInfo> {
    let ffprobe = tools::find(&["ffprobe"], "CLOUDPICK_FFPROBE", INSTALL)?;
    let mut args = input(&opened.served.url, opened.format);
    // ffprobe takes its input last, without -i.
    args.retain(|a| a != "-i" && a != "-nostdin");
    args.extend(
        [
            "-show_entries",
            "format=duration:stream=codec_type,width,height",
            "-of",
            "json",
        ]
        .map(str::to_owned),
    );
    let what = format!("Reading {}", item.name);
    let ran = tools::run_with(&ffprobe, &args, tools::TIMEOUT, &what, Network::Loopback).await?;
    let probe: Probe = serde_json::from_slice(&ran.stdout)
        .ok()
        .filter(|_| ran.success)
        .ok_or_else(|| damaged(item, &ran.stderr))?;
    let video = probe
        .streams
        .iter()
        .find(|s| s.codec_type.as_deref() == Some("video"));
    Ok(MediaInfo {
        duration: probe
            .format
            .and_then(|f| f.duration)
            .and_then(|d| d.parse::<f64>().ok())
            .filter(|d| d.is_finite() && *d >= 0.0),
        width: video.and_then(|v| v.width),
        height: video.and_then(|v| v.height),
    })
}

/// A frame from about 10% into the video, at most `side` pixels on its
/// longer side, as PNG; and what ffprobe said of the file.
pub async fn frame(
    drive: Arc<dyn Drive>,
    item: &DriveItem,
    side: u32,
) -> Result<(Vec<u8>, MediaInfo)> {
    let ffmpeg = tools::find(&["ffmpeg"], "CLOUDPICK_FFMPEG", INSTALL)?;
    // One server for ffprobe and ffmpeg: the file's start is read once.
    let opened = open(drive, item).await?;
    let about = probe(&opened, item).await?;
    let (Some(width), Some(height)) = (about.width, about.height) else {
        return Err(Error::new(
            ErrorKind::Unsupported,
            format!("{} has no picture", item.name),
        ));
    };
    // One decoded frame, as the decode budget counts pixels.
    let limits = crate::decodes::thumbnail_limits();
    limits
        .check(width, height)
        .and_then(|()| limits.fits(width, height, 4).map(|_| ()))
        .map_err(|reason| Error::new(ErrorKind::Unsupported, format!("{}: {reason}", item.name)))?;
    let _admitted =
        crate::decodes::admit(crate::decodes::need(Some((width, height)), &limits)).await?;
    let at = about.duration.map_or(0.0, |d| d * 0.1);
    let work = tempfile::tempdir().map_err(|e| Error::from_io(e, "create", "a scratch folder"))?;
    let out = work.path().join("frame.png");
    let side = side.clamp(16, 2048);
    let mut args = vec!["-ss".to_owned(), format!("{at:.3}")];
    args.extend(input(&opened.served.url, opened.format));
    args.extend(
        [
            "-frames:v",
            "1",
            "-vf",
            &format!("scale=w={side}:h={side}:force_original_aspect_ratio=decrease"),
            "-y",
        ]
        .map(str::to_owned),
    );
    args.push(out.display().to_string());
    let what = format!("Taking a frame of {}", item.name);
    let ran = tools::run_with(&ffmpeg, &args, tools::TIMEOUT, &what, Network::Loopback).await?;
    match std::fs::read(&out) {
        Ok(png) if ran.success && !png.is_empty() => Ok((png, about)),
        _ => Err(damaged(item, &ran.stderr)),
    }
}

fn damaged(item: &DriveItem, stderr: &str) -> Error {
    let detail = stderr.lines().last().unwrap_or("").trim();
    Error::new(
        ErrorKind::InvalidInput,
        format!(
            "{} could not be read: it may be damaged ({detail})",
            item.name
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_first_bytes_choose_what_ffmpeg_may_open() {
        assert!(is_video("Holiday.MP4") && is_video("clip.webm") && !is_video("a.mp3"));
        assert!(is_audio("song.flac") && !is_audio("clip.mov"));
        assert_eq!(demuxer(b"\0\0\0\x20ftypisom"), Some("mov"));
        assert_eq!(demuxer(&[0x1A, 0x45, 0xDF, 0xA3, 1]), Some("matroska"));
        // A playlist, whatever its name, is not opened.
        assert_eq!(demuxer(b"#EXTM3U\nhttp://elsewhere/"), None);
    }
}
