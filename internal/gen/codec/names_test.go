package codec

import "testing"

// TestNames pins the codec's own naming: package names and enum constant
// parts (type and field names are names.Exported, tested in
// internal/gen/names).
func TestNames(t *testing.T) {
	for in, want := range map[string]string{"k8s-service": "k8sservicev0", "tls_certificates": "tlscertificatesv0", "9lives": "x9livesv0", "Go": "gov0"} {
		if got := packageName(in, 0); got != want {
			t.Errorf("packageName(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"query-frontend": "QueryFrontend", "2": "2", "-1": "Minus1", "": "Empty", "***": "Value", "xml": "XML", "oauth2": "OAuth2", "jwt": "JWT"} {
		if got := constName(in); got != want {
			t.Errorf("constName(%q) = %q, want %q", in, got, want)
		}
	}
}
