//! The demo's S3 drive: moto's S3 server (someone else's code, as in the
//! tests) with a `demo` bucket holding a few of the demo files. It runs
//! when moto is installed (`moto_server` on the PATH, or the test venv's),
//! or at `CLOUDPICK_DEMO_S3` when that names a running server
//! (`CLOUDPICK_DEMO_S3=off`: none). Without it, the S3 entry says how to add one.

use cloudpick_core::app::Cloudpick;
use cloudpick_core::drive::Upload;
use cloudpick_core::drives::objects::{ObjectStore, StoreSecret};
use cloudpick_core::drives::remote::{HttpClient, Secret};
use cloudpick_core::drives::s3;
use cloudpick_core::{ConflictPolicy, Drive, ItemId, Result};
use futures::StreamExt;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const BUCKET: &str = "demo";

/// moto, when the demo started it: stopped with the app.
pub struct Moto(Child);

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Connects the demo S3 drive, starting moto if needed. `None` (and no
/// drive) when there is no moto: the sidebar then says how to add one.
pub fn start(app: &Cloudpick, seed: &Path, http: &HttpClient) -> Result<Option<Moto>> {
    let (endpoint, moto) = match std::env::var("CLOUDPICK_DEMO_S3") {
        Ok(off) if off == "off" => return Ok(None),
        Ok(endpoint) => (endpoint, None),
        Err(_) => match moto_server() {
            Some(program) => {
                let (endpoint, child) = spawn(&program)?;
                (endpoint, Some(child))
            }
            None => return Ok(None),
        },
    };
    tauri::async_runtime::block_on(async {
        // moto makes a bucket on an unsigned PUT; a demo bucket kept from before is fine.
        let made = http.put(format!("{endpoint}/{BUCKET}")).send().await;
        made.map_err(|e| {
            cloudpick_core::Error::new(
                cloudpick_core::ErrorKind::Io,
                format!("The demo S3 server at {endpoint} did not answer: {e}"),
            )
        })?;
        let store = ObjectStore {
            endpoint: endpoint.clone(),
            path_style: true,
            identity: "demo".into(),
            ..ObjectStore::default()
        };
        let secret = StoreSecret::new(Secret::new("demo-secret"), false);
        let drive = cloudpick_core::drives::objects::open::<s3::S3>(store, secret, http.clone())?;
        fill(&*drive, seed).await?;
        let account = drive.account().await?;
        app.connect(drive, account, "Demo · moto S3 server");
        Ok(Some(moto))
    })
    .map(|connected: Option<Option<Moto>>| connected.flatten())
}

/// A few demo files, in `demo/Photos` and `demo/Documents`, once.
async fn fill(drive: &dyn Drive, seed: &Path) -> Result<()> {
    for folder in ["Photos", "Documents"] {
        let Ok(entries) = std::fs::read_dir(seed.join(folder)) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        let target = ItemId::new(format!("{BUCKET}/{folder}/"));
        for path in files.into_iter().take(4) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            let bytes = std::fs::read(&path)
                .map_err(|e| cloudpick_core::Error::from_io(e, "read", &name))?;
            let upload = Upload {
                name,
                size: Some(bytes.len() as u64),
                body: futures::stream::once(async move { Ok(bytes::Bytes::from(bytes)) }).boxed(),
                // Kept from an earlier demo: the file is there already.
                on_conflict: ConflictPolicy::Fail,
            };
            match drive.write(&target, upload).await {
                Ok(_) => {}
                Err(e) if e.kind() == cloudpick_core::ErrorKind::Conflict => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

fn moto_server() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("moto_server"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let venv = PathBuf::from("tests/interop/.venv/bin/moto_server");
        venv.is_file().then_some(venv)
    })
}

/// Starts moto on a free loopback port and waits until it listens.
fn spawn(program: &Path) -> Result<(String, Moto)> {
    let failed = |what: String| cloudpick_core::Error::new(cloudpick_core::ErrorKind::Io, what);
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| failed(format!("No free port for the demo S3 server: {e}")))?
        .port();
    let child = Command::new(program)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(format!("Could not start {}: {e}", program.display())))?;
    let moto = Moto(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if Instant::now() > deadline {
            return Err(failed(format!(
                "{} did not start within 20 s",
                program.display()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((format!("http://127.0.0.1:{port}"), moto))
}
