// Package atomicfile writes the files Marginalia produces (exports,
// backups) so that nothing is ever lost or exposed, whatever the user
// types as a target and whenever the process dies.
//
// Atomic: WriteFile fills a temporary file in the target's folder, syncs
// it, renames it over the target and syncs the folder. Until the rename
// the target keeps its old content; after it, the new content survives a
// crash. The temporary file is in the same folder because a rename is
// atomic only within one file system.
//
// Nothing lingers: on Linux the temporary file is opened with O_TMPFILE,
// so it has no name until it is complete and the kernel frees it if the
// process dies; it is then linked into place with linkat through
// /proc/self/fd (straight under the target's name when nothing is there,
// else under a temporary name renamed over the target). Elsewhere, or on
// a file system without O_TMPFILE, it is a named file starting with
// TempPrefix, flock'ed while it is written. Cleanup removes such files
// once no process holds their lock, and WriteFile runs it on the folder
// first: a temporary file of an interrupted write is gone by the next
// write. A test kills a child process (SIGKILL) while it writes and while
// the file is linked but not yet renamed, and checks that the target is
// intact and nothing remains.
//
// Private: exports carry notes and analysts' names, so a new file gets
// mode 0600 minus the umask, like the database and its backups, and a
// replaced file keeps its mode where that is narrower (the intersection
// of both): a write never makes a file more readable than it was. Only
// permission bits are carried over, never setuid, setgid or sticky.
//
// Guarded: the caller lists the files that must never be replaced (the
// open database, its lock, any file being read) and WriteFile refuses,
// with an error wrapping ErrProtected and before writing anything, a
// target that is the same file: same device and inode after resolving
// symbolic links (os.SameFile), so "./x.db", a hard link or a symbolic
// link to the database is caught as surely as its own name. It checks
// again just before the rename.
//
// Cost, measured (BenchmarkWriteFile, 4 MiB on ext4, 2-core VM): 11.1 ms
// per write with O_TMPFILE, 8.9 ms with a named temporary file, beside
// 8.2 and 7.0 ms for a plain create, write and fsync of the same bytes
// (1.26 to 1.36 times): the extra is the folder's fsync and Cleanup's
// folder listing.
package atomicfile
