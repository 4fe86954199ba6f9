//! Any bytes, as any conversion: the first eight bytes choose the
//! conversion, the rest is the file. Decoding and every transform must
//! answer with an image or an error, never a crash, a hang or a huge
//! allocation.
#![no_main]

use cloudpick_transform::{convert, Align, CropRect, Fit, Limits, OutputFormat, Transform};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((choice, file)) = data.split_first_chunk::<8>() else {
        return;
    };
    let side = |b: u8| (b != 0).then_some(u32::from(b) * 3);
    let t = Transform {
        width: side(choice[0]),
        height: side(choice[1]),
        fit: [Fit::Clip, Fit::Crop, Fit::Scale, Fit::Max][usize::from(choice[2] & 3)],
        align: [Align::Center, Align::Top, Align::Bottom, Align::Left, Align::Right]
            [usize::from(choice[2] >> 2) % 5],
        crop: (choice[3] & 1 == 1).then(|| CropRect {
            x: u32::from(choice[4]),
            y: u32::from(choice[5]),
            width: u32::from(choice[4] ^ choice[5]) + 1,
            height: u32::from(choice[5].wrapping_mul(3)) + 1,
        }),
        crop_first: choice[3] & 2 == 2,
        rotate: [0.0, 90.0, 180.0, 270.0, 33.0, -45.0][usize::from(choice[3] >> 2) % 6],
        circle: choice[4] & 0x80 != 0,
        flip: choice[6] & 1 == 1,
        flop: choice[6] & 2 == 2,
        format: [None, Some(OutputFormat::Jpeg), Some(OutputFormat::Png), Some(OutputFormat::Webp)]
            [usize::from(choice[6] >> 2) % 4],
        quality: choice[7] % 100 + 1,
        ..Transform::default()
    };
    // Tighter than the app's, so that each run stays quick.
    let limits = Limits {
        max_side: 4096,
        max_pixels: 4_000_000,
        max_alloc: 64 * 1024 * 1024,
        max_input: 4 * 1024 * 1024,
    };
    let _ = convert(std::io::Cursor::new(file), &t, &limits);
});
