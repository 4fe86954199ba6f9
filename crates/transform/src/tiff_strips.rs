//! The common TIFF, in parallel: strips of 8- or 16-bit samples, stored
//! uncompressed or LZW (with or without the horizontal predictor), are read
//! in order on the caller's thread and decompressed on one thread per core,
//! then handed back in order. LZW is most of a TIFF's decoding time, and
//! its strips are independent. Anything else goes through the `tiff`
//! crate, one chunk after another.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom};
use std::sync::{mpsc, Mutex};

/// How the strips of a file are stored.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: usize,
    pub height: usize,
    pub rows_per_strip: usize,
    pub samples: usize,
    /// 8 or 16.
    pub bits: usize,
    pub lzw: bool,
    pub predictor: bool,
    pub little_endian: bool,
    pub offsets: Vec<u64>,
    pub counts: Vec<u64>,
}

impl Layout {
    /// The bytes of a decompressed strip of `rows` rows.
    fn strip_bytes(&self, rows: usize) -> usize {
        self.width * rows * self.samples * self.bits / 8
    }
}

/// Strips in flight at once, read ahead of the ones handed back.
const AHEAD: usize = 6;
/// The largest compressed strip read.
const MAX_STRIP: u64 = 64 * 1024 * 1024;

/// Decompresses strips `first..=last` of `layout` from `input`, and gives
/// each one's rows, as 8-bit samples, to `rows` in order.
pub fn decode<R: Read + Seek>(
    input: &mut R,
    layout: &Layout,
    first: usize,
    last: usize,
    mut rows: impl FnMut(usize, &[u8]),
) -> Result<(), String> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(AHEAD);
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Result<Vec<u8>, String>)>();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            scope.spawn(move || loop {
                let job = job_rx.lock().ok().and_then(|rx| rx.recv().ok());
                let Some((index, raw)) = job else { break };
                if done_tx.send((index, strip(layout, index, &raw))).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut next) = (first, first);
        let mut ready = BTreeMap::new();
        let result = (|| {
            while next <= last {
                while sent <= last && sent < next + AHEAD {
                    job_tx
                        .send((sent, read_strip(input, layout, sent)?))
                        .map_err(|_| "a decoding thread stopped")?;
                    sent += 1;
                }
                let (index, decoded) = done_rx.recv().map_err(|_| "a decoding thread stopped")?;
                ready.insert(index, decoded?);
                while let Some(samples) = ready.remove(&next) {
                    rows(next * layout.rows_per_strip, &samples);
                    next += 1;
                }
            }
            Ok(())
        })();
        drop(job_tx);
        result
    })
}

fn read_strip<R: Read + Seek>(
    input: &mut R,
    layout: &Layout,
    index: usize,
) -> Result<Vec<u8>, String> {
    let (offset, count) = (layout.offsets[index], layout.counts[index]);
    if count > MAX_STRIP {
        return Err("its strips are larger than Cloudpick decodes".into());
    }
    input
        .seek(SeekFrom::Start(offset))
        .map_err(|e| e.to_string())?;
    let mut raw = vec![0; count as usize];
    input.read_exact(&mut raw).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            "the file ends too early (truncated)".to_owned()
        } else {
            e.to_string()
        }
    })?;
    Ok(raw)
}

/// One strip's rows as 8-bit samples.
fn strip(layout: &Layout, index: usize, raw: &[u8]) -> Result<Vec<u8>, String> {
    let rows = layout
        .rows_per_strip
        .min(layout.height - index * layout.rows_per_strip);
    let size = layout.strip_bytes(rows);
    let mut out = vec![0u8; size];
    if layout.lzw {
        let mut lzw = weezl::decode::Decoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8);
        let (mut read, mut written) = (0, 0);
        while written < size {
            let step = lzw.decode_bytes(&raw[read..], &mut out[written..]);
            read += step.consumed_in;
            written += step.consumed_out;
            match step.status {
                Ok(weezl::LzwStatus::Ok) if step.consumed_in + step.consumed_out > 0 => {}
                Ok(_) => break,
                Err(e) => return Err(format!("it is damaged ({e})")),
            }
        }
        if written < size {
            return Err("the file ends too early (truncated)".into());
        }
    } else {
        let part = raw
            .get(..size)
            .ok_or("the file ends too early (truncated)")?;
        out.copy_from_slice(part);
    }
    let line = layout.width * layout.samples;
    if layout.bits == 16 {
        let mut samples: Vec<u16> = out
            .chunks_exact(2)
            .map(|b| {
                if layout.little_endian {
                    u16::from_le_bytes([b[0], b[1]])
                } else {
                    u16::from_be_bytes([b[0], b[1]])
                }
            })
            .collect();
        if layout.predictor {
            for row in samples.chunks_exact_mut(line) {
                for i in layout.samples..line {
                    row[i] = row[i].wrapping_add(row[i - layout.samples]);
                }
            }
        }
        return Ok(samples.into_iter().map(|s| (s >> 8) as u8).collect());
    }
    if layout.predictor {
        for row in out.chunks_exact_mut(line) {
            for i in layout.samples..line {
                row[i] = row[i].wrapping_add(row[i - layout.samples]);
            }
        }
    }
    Ok(out)
}
