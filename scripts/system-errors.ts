// A failed file-system call or process start as one line a person can act on: what irvn tried,
// the path, what the error means and what to do. Never a stack trace.
import { isAbsolute, relative } from "node:path";

const ADVICE: Readonly<Record<string, string>> = {
  EACCES: "permission denied: check the owner and mode of the path, or choose another location",
  EPERM: "operation not permitted: check the owner and mode of the path, or choose another location",
  EROFS: "the file system is read-only: choose a location on a writable file system",
  ENOSPC: "no space left on the device: free some space and run again",
  EDQUOT: "the disk quota is used up: free some space and run again",
  ENOENT: "no such file or directory: check the path",
  ENOTDIR: "a part of the path is a file, not a directory: check the path",
  EISDIR: "it is a directory, where a file was expected: give the path of a file",
  ENOTEMPTY: "the directory is not empty: remove it or choose another location",
  EEXIST: "it already exists: remove it or choose another path",
  // mkdir -p of a path through a file
  "mkdir EEXIST": "a file of that name is in the way of the directory: remove it or choose another path",
  EBUSY: "it is in use (a mount point, or open elsewhere): choose another location",
  EXDEV: "it lies on another file system than its destination: keep both on one file system",
  ELOOP: "too many levels of symbolic links: check the path",
  ENAMETOOLONG: "the path is too long: choose a shorter one",
  EMFILE: "too many open files: raise the limit (ulimit -n) and run again",
  ENFILE: "too many open files on this machine: close some programs and run again",
  EIO: "an input/output error: check the disk",
};

const ACTIONS: Readonly<Record<string, string>> = {
  open: "open",
  read: "read",
  write: "write",
  mkdir: "create the directory",
  mkdtemp: "create a temporary directory in",
  rmdir: "remove",
  rm: "remove",
  unlink: "remove",
  rename: "move",
  scandir: "list the directory",
  opendir: "list the directory",
  stat: "look at",
  lstat: "look at",
  realpath: "resolve",
  chmod: "change the mode of",
  copyfile: "copy",
  symlink: "create the link",
  link: "create the link",
  spawn: "start",
  chdir: "run a program in",
  fsync: "write",
  close: "write",
  lock: "create the lock file",
};

/** An error from the operating system (it has an errno code), as opposed to a bug. */
export function isSystemError(err: unknown): err is NodeJS.ErrnoException {
  return (
    err instanceof Error &&
    typeof (err as NodeJS.ErrnoException).code === "string" &&
    /^E[A-Z]+$/.test((err as NodeJS.ErrnoException).code!) &&
    typeof (err as NodeJS.ErrnoException).syscall === "string"
  );
}

/** "cannot create the directory out/x: the file system is read-only: choose … (EROFS)" */
export function describeSystemError(err: NodeJS.ErrnoException, cwd: string): string {
  const code = err.code!;
  const syscall = (err.syscall ?? "").replace(/^spawn .*/, "spawn");
  const action = ACTIONS[syscall] ?? syscall;
  const path = err.path === undefined ? "" : ` ${shown(err.path, cwd)}`;
  const dest = (err as { dest?: string }).dest;
  const to = syscall === "rename" && dest !== undefined ? ` to ${shown(dest, cwd)}` : "";
  const advice =
    ADVICE[`${syscall} ${code}`] ?? ADVICE[code] ?? (err.message.replace(/^[A-Z]+: /, "") || "failed");
  return `cannot ${action}${path}${to}: ${advice} (${code})`;
}

function shown(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}
