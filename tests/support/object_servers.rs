//! Real object-storage servers that this repo does not write, started for a
//! test on a free loopback port and stopped when dropped: moto's S3 server
//! (from `tests/interop/.venv`) and Azurite's blob service (from
//! `tests/objects/node_modules`). `scripts/setup.sh test` installs both.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Azurite's well-known development account (documented by Microsoft).
pub const AZURITE_ACCOUNT: &str = "devstoreaccount1";
pub const AZURITE_KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// A running server; killed on drop.
pub struct Server {
    child: Child,
    /// Its base URL: `http://127.0.0.1:PORT` (moto) or
    /// `http://127.0.0.1:PORT/devstoreaccount1` (Azurite).
    pub endpoint: String,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The interop venv's Python, which has moto, boto3 and azure-storage-blob.
pub fn python() -> PathBuf {
    let python = tests_dir().join("interop/.venv/bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/setup.sh test",
        python.display()
    );
    python
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(
    program: &Path,
    args: &[&str],
    port: u16,
    endpoint: String,
    data: tempfile::TempDir,
) -> Server {
    assert!(
        program.exists(),
        "{} is missing: run scripts/setup.sh test",
        program.display()
    );
    let child = Command::new(program)
        .args(args)
        .current_dir(data.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{} does not start: {e}", program.display()));
    let server = Server {
        child,
        endpoint,
        _data: data,
    };
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    // Polls until the server listens, with a deadline; 50 ms between tries.
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{} did not listen on {port} within 60 s",
            program.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// moto's S3 server (`moto_server`), path-style, any keys accepted.
pub fn moto() -> Server {
    let port = free_port();
    let program = tests_dir().join("interop/.venv/bin/moto_server");
    let port_text = port.to_string();
    start(
        &program,
        &["-H", "127.0.0.1", "-p", &port_text],
        port,
        format!("http://127.0.0.1:{port}"),
        tempfile::tempdir().unwrap(),
    )
}

/// Azurite's blob service, keeping its data in a temp folder.
pub fn azurite() -> Server {
    let port = free_port();
    let program = tests_dir().join("objects/node_modules/.bin/azurite-blob");
    let data = tempfile::tempdir().unwrap();
    let location = data.path().display().to_string();
    let port_text = port.to_string();
    start(
        &program,
        &[
            "--blobHost",
            "127.0.0.1",
            "--blobPort",
            &port_text,
            "--location",
            &location,
            "--silent",
            "--loose",
        ],
        port,
        format!("http://127.0.0.1:{port}/{AZURITE_ACCOUNT}"),
        data,
    )
}

/// Runs `tests/objects/sdk.py` with the official SDK (boto3 or
/// azure-storage-blob): `args` are its command and operands. Returns stdout.
pub fn sdk(server: &Server, kind: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(python())
        .arg(tests_dir().join("objects/sdk.py"))
        .arg(kind)
        .arg(&server.endpoint)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "sdk.py {kind} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}
