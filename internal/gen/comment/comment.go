// Package comment makes text from a schema or a charm's metadata safe to
// put in a Go // comment. Go source may not hold a NUL, a byte order mark
// after the start, or invalid UTF-8 (the compiler and go/format refuse the
// file), and other control characters garble what an editor shows; such
// characters arrive in descriptions written by strangers.
package comment

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Safe returns s with every character a Go comment cannot hold, or would
// show garbled, spelled as a visible escape: NUL and the other C0 controls
// except tab and newline (\x00, \x1b), DEL, the byte order mark and the
// Unicode line and paragraph separators (\ufeff, \u2028, \u2029), and
// invalid UTF-8 bytes (\xff). Carriage returns become nothing before a
// newline, else a space. ok reports whether s was already safe.
func Safe(s string) (out string, ok bool) {
	if clean(s) {
		return s, true
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\r':
			if i+1 >= len(s) || s[i+1] != '\n' {
				b.WriteByte(' ')
			}
		case r < 0x20 && r != '\t' && r != '\n', r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0xfeff, r == 0x2028, r == 0x2029:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String(), false
}

func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
			return false
		}
		if c >= utf8.RuneSelf {
			return cleanRunes(s[i:])
		}
	}
	return true
}

func cleanRunes(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r < 0x20 && r != '\t' && r != '\n' || r == 0x7f || r == 0xfeff || r == 0x2028 || r == 0x2029 {
			return false
		}
		i += size
	}
	return true
}
