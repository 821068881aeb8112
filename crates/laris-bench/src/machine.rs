//! What a run ran on: cores, CPU model, kernel, SQLite version, and the filesystem under the
//! scratch directory (the disk whose fsync the figures depend on).

use std::path::Path;

use serde_json::Value;

/// Machine facts as report fields; `scratch` is the directory the databases live in.
pub fn fields(scratch: &Path) -> Vec<(String, Value)> {
    let fs = filesystem_of(scratch);
    let mut out = vec![
        ("nproc".to_string(), Value::from(nproc())),
        ("cpu".to_string(), Value::from(cpu_model())),
        (
            "kernel".to_string(),
            Value::from(read_trim("/proc/sys/kernel/osrelease")),
        ),
        ("sqlite".to_string(), Value::from(rusqlite::version())),
        (
            "tmp_dir".to_string(),
            Value::from(scratch.display().to_string()),
        ),
    ];
    if let Some(fs) = fs {
        out.push(("fs_type".into(), fs.fstype.into()));
        out.push(("fs_device".into(), fs.source.into()));
        out.push(("fs_mount".into(), fs.mount_point.into()));
        out.push(("fs_options".into(), fs.options.into()));
    }
    out.push(("unix_time".into(), Value::from(unix_time())));
    out
}

pub fn nproc() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}

fn read_trim(path: &str) -> String {
    std::fs::read_to_string(path).map_or_else(|_| "unknown".into(), |s| s.trim().to_string())
}

fn unix_time() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

#[derive(Debug)]
struct Mount {
    mount_point: String,
    fstype: String,
    source: String,
    options: String,
}

/// The mount that holds `path`: the longest mount point that is a prefix of it.
fn filesystem_of(path: &Path) -> Option<Mount> {
    let path = std::fs::canonicalize(path).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    info.lines()
        .filter_map(parse_mountinfo_line)
        .filter(|m| path.starts_with(&m.mount_point))
        .max_by_key(|m| m.mount_point.len())
}

/// `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
fn parse_mountinfo_line(line: &str) -> Option<Mount> {
    let (left, right) = line.split_once(" - ")?;
    let left: Vec<&str> = left.split(' ').collect();
    let mut right = right.split(' ');
    let fstype = right.next()?.to_string();
    let source = right.next()?.to_string();
    let super_opts = right.next().unwrap_or("");
    Some(Mount {
        mount_point: unescape(left.get(4)?),
        fstype,
        source,
        options: format!("{},{super_opts}", left.get(5).copied().unwrap_or("")),
    })
}

/// mountinfo escapes space, tab, newline and backslash as octal `\040` etc.
fn unescape(s: &str) -> String {
    s.replace("\\040", " ")
        .replace("\\011", "\t")
        .replace("\\012", "\n")
        .replace("\\134", "\\")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_mountinfo_line() {
        let m = parse_mountinfo_line(
            "36 35 98:0 / /mnt\\040x rw,noatime master:1 - ext4 /dev/vda rw,errors=continue",
        )
        .unwrap();
        assert_eq!(m.mount_point, "/mnt x");
        assert_eq!(m.fstype, "ext4");
        assert_eq!(m.source, "/dev/vda");
        assert_eq!(m.options, "rw,noatime,rw,errors=continue");
    }
}
