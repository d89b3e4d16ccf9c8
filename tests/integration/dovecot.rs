//! A real IMAP server for the reply reader's tests: Debian's Dovecot, started per test as its
//! own instance on a free loopback port (../shared/reference/test-services.md), stopped when
//! the test ends. `.ci/run` installs `dovecot-imapd`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use futures_util::TryStreamExt;
use tokio::net::TcpStream;

use crate::smtp::free_port;

pub const USER: &str = "rsvp";
pub const PASSWORD: &str = "secret123";

/// A running Dovecot with one mailbox user.
pub struct Dovecot {
    pub port: u16,
    dir: tempfile::TempDir,
}

fn id(flag: &str, user: &str) -> String {
    let out = Command::new("id").args([flag, user]).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

impl Dovecot {
    /// Starts a fresh server with an empty mailbox.
    pub fn start() -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path();
        run("chmod", &["755", path.to_str().unwrap()]);
        std::fs::create_dir_all(path.join("run")).unwrap();
        std::fs::create_dir_all(path.join("mail")).unwrap();
        run(
            "chown",
            &["dovecot:dovecot", path.join("mail").to_str().unwrap()],
        );
        std::fs::write(path.join("users"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        let dovecot = Dovecot {
            port: free_port(),
            dir,
        };
        std::fs::write(dovecot.conf(), dovecot.config_text()).unwrap();
        dovecot.launch();
        dovecot
    }

    fn conf(&self) -> PathBuf {
        self.dir.path().join("dovecot.conf")
    }

    fn config_text(&self) -> String {
        let d = self.dir.path().display();
        let (uid, gid) = (id("-u", "dovecot"), id("-g", "dovecot"));
        format!(
            "protocols = imap
listen = 127.0.0.1
base_dir = {d}/run
state_dir = {d}/run
log_path = {d}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
default_internal_group = dovecot
first_valid_uid = {uid}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {d}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={d}/mail/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
  chroot =
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
",
            port = self.port
        )
    }

    fn launch(&self) {
        let status = Command::new("dovecot")
            .args(["-c", self.conf().to_str().unwrap()])
            .status()
            .expect("dovecot runs (.ci/run installs dovecot-imapd)");
        assert!(status.success(), "dovecot did not start: {}", self.log());
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("dovecot does not listen on {}: {}", self.port, self.log());
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// Stops the server (its mail stays).
    pub fn stop(&self) {
        let pid_file = self.dir.path().join("run/master.pid");
        if let Ok(pid) = std::fs::read_to_string(&pid_file) {
            let _ = Command::new("kill").arg(pid.trim()).status();
            for _ in 0..100 {
                if !Path::new(&pid_file).exists()
                    && std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err()
                {
                    return;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
        }
    }

    /// Starts the stopped server again on the same port, with the same mail.
    pub fn restart(&self) {
        self.launch();
    }

    /// `TREFFPUNKT_REPLY_MAILBOX` for this server.
    pub fn url(&self) -> String {
        format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}/INBOX", self.port)
    }

    async fn session(&self) -> async_imap::Session<TcpStream> {
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.unwrap().unwrap();
        client
            .login(USER, PASSWORD)
            .await
            .map_err(|(e, _)| e)
            .unwrap()
    }

    /// Delivers `raw` into the inbox (IMAP APPEND), as the mail server would.
    pub async fn deliver(&self, raw: &[u8]) {
        let mut session = self.session().await;
        session.append("INBOX", None, None, raw).await.unwrap();
        session.logout().await.unwrap();
    }

    /// The messages in `folder` (none if it does not exist yet).
    pub async fn messages(&self, folder: &str) -> Vec<String> {
        let mut session = self.session().await;
        if session.select(folder).await.is_err() {
            return Vec::new();
        }
        let fetched: Vec<_> = session
            .fetch("1:*", "BODY.PEEK[]")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap_or_default();
        let texts = fetched
            .iter()
            .filter_map(|f| f.body())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .collect();
        session.logout().await.unwrap();
        texts
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

fn run(program: &str, args: &[&str]) {
    let status = Command::new(program).args(args).status().unwrap();
    assert!(status.success(), "{program} {args:?}");
}
