package names

import "testing"

func TestExported(t *testing.T) {
	for in, want := range map[string]string{
		"log-level": "LogLevel", "db": "DB", "api-url": "APIURL", "s3-credentials": "S3Credentials",
		"2fa_enabled": "X2faEnabled", "type": "Type", "Ring of Power": "RingOfPower", "-": "X",
		"ingress-address": "IngressAddress", "uid": "UID", "k8s-api": "K8SAPI", "oci-image": "OCIImage",
		"HTTPPort": "HTTPPort", "my_endpoint_2": "MyEndpoint2",
	} {
		if got := Exported(in); got != want {
			t.Errorf("Exported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUnexported(t *testing.T) {
	for in, want := range map[string]string{
		"log-level": "logLevel", "db-host": "dbHost", "type": "type_", "range": "range_", "len": "len_",
		"2fa": "x2fa", "api": "api", "string": "string_", "package": "package_",
	} {
		if got := Unexported(in); got != want {
			t.Errorf("Unexported(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScope(t *testing.T) {
	s := NewScope("Reconcile")
	got := []string{s.Take("FooBar"), s.Take("FooBar"), s.Take("Reconcile"), s.Take("FooBar")}
	want := []string{"FooBar", "FooBar2", "Reconcile2", "FooBar3"}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("take %d = %q, want %q", i, got[i], want[i])
		}
	}
}
