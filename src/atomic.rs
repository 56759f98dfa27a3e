//! Writing files we own so that a reader never sees half of one, and a lock
//! so that two earmark processes do not interleave read-merge-write.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Replaces `path` with `bytes` atomically: a temporary file in the same
/// directory (so the rename stays on one file system), written and synced,
/// renamed over `path`, then the directory synced so the rename survives a
/// crash. On failure the temporary file is removed and `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    let (temp_path, file) = create_temp_beside(path)?;
    let written = write_and_sync(file, bytes).and_then(|()| fs::rename(&temp_path, path));
    if let Err(error) = written {
        // Best effort: the original error is the one worth reporting.
        let _ = fs::remove_file(&temp_path);
        return Err(error);
    }
    sync_dir(&dir)
}

/// The directory holding `path` (`.` for a bare file name).
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates a fresh temporary file next to `path`. `create_new` guarantees we
/// never write into someone else's file; the name carries the process id and
/// a counter so threads and processes do not collide, and a few retries
/// cover a stale leftover with the same name.
fn create_temp_beside(path: &Path) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let dir = parent_dir(path);
    let mut last_error = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.tmp-{}-{n}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(file) => return Ok((temp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last_error = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last_error.unwrap_or_else(|| io::Error::other("no free temporary file name")))
}

/// Removes temporary files a crashed earmark left beside `path`
/// (`.<name>.tmp-<pid>-<n>`), once the process that made each is gone.
/// Only where that can be known (Linux's `/proc`); elsewhere nothing is
/// removed, since a live writer's file must never be. Best effort: a file
/// that cannot be listed or removed is left.
pub fn remove_stale_temporaries(path: &Path) {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return;
    };
    let prefix = format!(".{name}.tmp-");
    let Ok(entries) = fs::read_dir(parent_dir(path)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let pid = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, n)| n.parse::<u64>().ok().and(pid.parse::<u32>().ok()));
        if pid.is_some_and(process_is_gone) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Whether no process `pid` runs now. Known only on Linux; elsewhere
/// every process is taken to be running.
fn process_is_gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    cfg!(target_os = "linux")
        && Path::new("/proc/self").exists()
        && !Path::new("/proc").join(pid.to_string()).exists()
}

fn write_and_sync(mut file: File, bytes: &[u8]) -> io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename durable. Directories cannot be opened for syncing on
/// every platform, so this is done only where it works (Unix).
fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// An exclusive lock on `<path>.lock`, held until dropped.
///
/// The lock lives in a separate file because the data file itself is
/// replaced by rename: a lock on it would be on the old inode. The lock file
/// is left in place, since deleting it would race with a process about to
/// lock it.
#[derive(Debug)]
pub struct FileLock {
    file: File,
    path: PathBuf,
}

impl FileLock {
    /// Blocks until this process holds the lock for `path`.
    pub fn acquire(path: &Path) -> io::Result<Self> {
        let lock_path = lock_path(path);
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)?;
        file.lock()?;
        Ok(Self {
            file,
            path: lock_path,
        })
    }

    /// The lock file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // Closing the file would release it too; unlocking first makes the
        // release not depend on every duplicate of the handle being closed.
        let _ = self.file.unlock();
    }
}

/// `<path>.lock`.
fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<std::ffi::OsString> {
        fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect()
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.yaml");
        fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(names_in(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn fails_without_a_directory_and_leaves_nothing() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("plain");
        fs::write(&file, "x").unwrap();
        assert!(write_atomically(&file.join("a.yaml"), b"new").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failed_rename_removes_the_temporary() {
        let dir = tempfile::TempDir::new().unwrap();
        // A non-empty directory where the file should go: rename fails.
        let target = dir.path().join("a.yaml");
        fs::create_dir(&target).unwrap();
        fs::write(target.join("inside"), "x").unwrap();
        assert!(write_atomically(&target, b"new").is_err());
        assert_eq!(names_in(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn the_lock_is_exclusive_and_released_on_drop() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.yaml");
        let held = FileLock::acquire(&path).unwrap();
        assert_eq!(held.path(), dir.path().join("a.yaml.lock"));
        let other = File::options().write(true).open(held.path()).unwrap();
        assert!(matches!(
            other.try_lock(),
            Err(std::fs::TryLockError::WouldBlock)
        ));
        drop(held);
        assert!(other.try_lock().is_ok());
    }

    #[test]
    fn stale_temporaries_of_gone_processes_are_removed_and_live_ones_kept() {
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("a.yaml");
        let gone = {
            let mut child = std::process::Command::new("true").spawn().unwrap();
            let pid = child.id();
            child.wait().unwrap();
            pid
        };
        let stale = format!(".a.yaml.tmp-{gone}-0");
        let live = format!(".a.yaml.tmp-{}-3", std::process::id());
        for name in [
            &stale,
            &live,
            &".b.yaml.tmp-1-0".to_string(),
            &"a.yaml".into(),
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        remove_stale_temporaries(&path);
        let mut names: Vec<String> = names_in(dir.path())
            .into_iter()
            .map(|n| n.to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected = vec![live, ".b.yaml.tmp-1-0".to_string(), "a.yaml".to_string()];
        if !cfg!(target_os = "linux") {
            expected.push(stale);
        }
        expected.sort();
        assert_eq!(names, expected);
    }
}
