//! `bench-convert IN OUT WIDTH HEIGHT`: Cloudpick's conversion pipeline as a
//! command, for `bench/convert.sh` to time beside `vipsthumbnail`. It does
//! the seeds' conversion: the centre of the image at the output's shape is
//! cut first (`crop_first`), then resized; the output's format follows OUT's
//! extension, at quality 85.

use cloudpick_core::transform::{convert_file, OutputFormat, Transform};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, input, output, width, height] = args.as_slice() else {
        eprintln!("usage: bench-convert IN OUT WIDTH HEIGHT");
        return ExitCode::from(2);
    };
    let (Ok(width), Ok(height)) = (width.parse(), height.parse()) else {
        eprintln!("WIDTH and HEIGHT are numbers of pixels");
        return ExitCode::from(2);
    };
    let t = Transform {
        width: Some(width),
        height: Some(height),
        crop_first: true,
        format: OutputFormat::from_name(output),
        quality: 85,
        ..Transform::default()
    };
    match convert_file(std::path::Path::new(input), &t) {
        Ok(converted) => match std::fs::write(output, converted.bytes) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("{output}: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
