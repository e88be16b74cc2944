package pack

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// File is one file of a .charm.
type File struct {
	// Name is the path in the archive, slash-separated.
	Name string
	// Mode is the file's permission bits: 0755 for dispatch and scripts,
	// 0644 for the rest.
	Mode fs.FileMode
	Data []byte
}

// DefaultTime is the time pack stamps when SOURCE_DATE_EPOCH is not set:
// the earliest a zip file can record (1980-01-01 00:00:00 UTC), so that the
// same inputs give the same bytes on any day.
var DefaultTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// SourceDate returns the time pack stamps, from SOURCE_DATE_EPOCH (seconds
// since 1970, https://reproducible-builds.org/specs/source-date-epoch/)
// when getenv has it, else DefaultTime. A CI build can set it to the
// commit's time (git log -1 --format=%ct).
func SourceDate(getenv func(string) string) (time.Time, error) {
	v := strings.TrimSpace(getenv("SOURCE_DATE_EPOCH"))
	if v == "" {
		return DefaultTime, nil
	}
	s, err := strconv.ParseInt(v, 10, 64)
	if err != nil || s < 0 {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970; set it to an integer such as $(git log -1 --format=%%ct), or unset it", v)
	}
	return time.Unix(s, 0).UTC(), nil
}

// Zip writes files as a .charm: a zip archive with the entries in name
// order, deflated, every one stamped with mtime and its mode, and nothing
// else that varies (no directory entries, no comment), so the same files
// and time give the same bytes. Juju creates parent directories when it
// unpacks, as it does for charmcraft's archives, which have no directory
// entries either.
func Zip(files []File, mtime time.Time) ([]byte, error) {
	sorted := append([]File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })
	for i := 1; i < len(sorted); i++ {
		if sorted[i].Name == sorted[i-1].Name {
			return nil, fmt.Errorf("two files named %s in the charm", sorted[i].Name)
		}
	}
	// A zip holds local times from 1980 on; stamp them in UTC so the
	// host's time zone cannot change the bytes.
	mtime = mtime.UTC()
	if mtime.Before(DefaultTime) {
		mtime = DefaultTime
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range sorted {
		if f.Name == "" || strings.HasPrefix(f.Name, "/") || strings.Contains(f.Name, "\\") || hasDotDot(f.Name) {
			return nil, fmt.Errorf("refusing file name %q in the charm", f.Name)
		}
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(f.Mode.Perm())
		w, err := zw.CreateHeader(h)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(f.Data); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func hasDotDot(name string) bool {
	for _, el := range strings.Split(name, "/") {
		if el == ".." || el == "." || el == "" {
			return true
		}
	}
	return false
}
